package io.sockudo.kv.kernel.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large uploads are read in linear time: the bytes of a big argument are copied into its final
 * array as they arrive, so the decoder never accumulates (and re-copies) more than one read.
 */
class RespDecoderBigArgTest {
    @Test
    void bigArgumentIsFilledAsItArrivesAndTheInputBufferStaysSmall() {
        RespDecoder decoder = new RespDecoder(new ProtocolLimits(), () -> false);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        int len = 8 * 1024 * 1024;
        byte[] value = new byte[len];
        for (int i = 0; i < len; i++) {
            value[i] = (byte) (i * 31);
        }
        ch.writeInbound(Unpooled.wrappedBuffer(("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + len + "\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        int read = 64 * 1024;
        for (int off = 0; off < len; off += read) {
            ch.writeInbound(Unpooled.wrappedBuffer(value, off, Math.min(read, len - off)));
            assertNull(ch.readInbound(), "no command before the argument is complete");
            assertTrue(decoder.bufferedBytes() <= read, "input buffer holds " + decoder.bufferedBytes());
        }
        ch.writeInbound(Unpooled.wrappedBuffer("\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII)));
        byte[][] set = ch.readInbound();
        assertEquals(3, set.length);
        assertArrayEquals(value, set[2]);
        byte[][] ping = ch.readInbound();
        assertEquals("PING", new String(ping[0], StandardCharsets.US_ASCII));
        ch.finishAndReleaseAll();
    }

    @Test
    void queryBufferLimitCountsThePartOfABigArgumentAlreadyRead() {
        ProtocolLimits limits = new ProtocolLimits();
        limits.queryBufferLimit(1024 * 1024);
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder(limits, () -> false));
        ch.writeInbound(Unpooled.wrappedBuffer("*2\r\n$4\r\nECHO\r\n$4000000\r\n".getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 20 && ch.isActive(); i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[64 * 1024]));
        }
        assertTrue(!ch.isActive(), "closed without a reply at the query buffer limit");
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void crossProtocolCommandsAreRecognisedInAnyCase() {
        for (String s : new String[]{"POST", "post", "pOsT", "Host:", "HOST:"}) {
            assertTrue(RespDecoder.isCrossProtocol(s.getBytes(StandardCharsets.US_ASCII)), s);
        }
        for (String s : new String[]{"POSTS", "Host", "host;", "PUT", "GET"}) {
            assertTrue(!RespDecoder.isCrossProtocol(s.getBytes(StandardCharsets.US_ASCII)), s);
        }
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder(new ProtocolLimits(), () -> false));
        ch.writeInbound(Unpooled.wrappedBuffer("PING\r\nPOST / HTTP/1.1\r\nSET k v\r\n".getBytes(StandardCharsets.US_ASCII)));
        byte[][] ping = ch.readInbound();
        assertEquals("PING", new String(ping[0], StandardCharsets.US_ASCII));
        assertEquals(ProtocolError.CROSS_PROTOCOL, ch.readInbound());
        assertNull(ch.readInbound(), "nothing after it is parsed");
        ch.finishAndReleaseAll();
    }
}
