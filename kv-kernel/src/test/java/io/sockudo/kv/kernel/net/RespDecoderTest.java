package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class RespDecoderTest {
    private final ProtocolLimits limits = new ProtocolLimits();

    private EmbeddedChannel channel(boolean authRequired) {
        return new EmbeddedChannel(new RespDecoder(limits, () -> authRequired));
    }

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static List<String> args(Object msg) {
        List<String> out = new ArrayList<>();
        for (byte[] a : (byte[][]) msg) {
            out.add(new String(a, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void multibulkCommands() {
        EmbeddedChannel ch = channel(false);
        ch.writeInbound(buf("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n*1\r\n$4\r\nPING\r\n"));
        assertEquals(List.of("GET", "key"), args(ch.readInbound()));
        assertEquals(List.of("PING"), args(ch.readInbound()));
        assertNull(ch.readInbound());
    }

    @Test
    void commandsSplitAtEveryByteBoundary() {
        String wire = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\n\0z\r\n*1\r\n$4\r\nPING\r\n";
        for (int cut = 1; cut < wire.length(); cut++) {
            EmbeddedChannel ch = channel(false);
            ch.writeInbound(buf(wire.substring(0, cut)));
            ch.writeInbound(buf(wire.substring(cut)));
            assertEquals(List.of("SET", "k", "v\r\n\0z"), args(ch.readInbound()), "cut at " + cut);
            assertEquals(List.of("PING"), args(ch.readInbound()), "cut at " + cut);
        }
    }

    @Test
    void randomChunkingOfALongPipeline() {
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            wire.append("*2\r\n$4\r\nINCR\r\n$").append(String.valueOf(i).length()).append("\r\n").append(i).append("\r\n");
        }
        Random rnd = new Random(42);
        EmbeddedChannel ch = channel(false);
        int pos = 0;
        while (pos < wire.length()) {
            int n = Math.min(wire.length() - pos, 1 + rnd.nextInt(40));
            ch.writeInbound(buf(wire.substring(pos, pos + n)));
            pos += n;
        }
        for (int i = 0; i < 500; i++) {
            assertEquals(List.of("INCR", String.valueOf(i)), args(ch.readInbound()));
        }
    }

    @Test
    void inlineCommandsWithQuotes() {
        EmbeddedChannel ch = channel(false);
        ch.writeInbound(buf("set \"a b\" 'c d' \"\\x41\\n\"\r\n\r\nPING\n"));
        assertEquals(List.of("set", "a b", "c d", "A\n"), args(ch.readInbound()));
        assertEquals(List.of("PING"), args(ch.readInbound()), "empty lines are skipped, bare LF accepted");
    }

    @Test
    void emptyMultibulkIsIgnored() {
        EmbeddedChannel ch = channel(false);
        ch.writeInbound(buf("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n"));
        assertEquals(List.of("PING"), args(ch.readInbound()));
    }

    private String error(EmbeddedChannel ch, String wire) {
        ch.writeInbound(buf(wire));
        Object msg = ch.readInbound();
        assertInstanceOf(ProtocolError.class, msg, "expected a protocol error for " + wire);
        return ((ProtocolError) msg).message();
    }

    @Test
    void protocolErrorsUseRedisTexts() {
        assertEquals("ERR Protocol error: invalid multibulk length", error(channel(false), "*abc\r\n"));
        assertEquals("ERR Protocol error: expected '$', got 'x'", error(channel(false), "*1\r\nxyz\r\n"));
        assertEquals("ERR Protocol error: invalid bulk length", error(channel(false), "*1\r\n$-5\r\n"));
        assertEquals("ERR Protocol error: invalid bulk length", error(channel(false), "*1\r\n$600000000\r\n"));
        assertEquals("ERR Protocol error: unbalanced quotes in request", error(channel(false), "set \"a\r\n"));
        assertEquals("ERR Protocol error: unauthenticated multibulk length", error(channel(true), "*11\r\n"));
        assertEquals("ERR Protocol error: unauthenticated bulk length", error(channel(true), "*1\r\n$16385\r\n"));
        assertEquals("ERR Protocol error: too big inline request", error(channel(false), "x".repeat(70 * 1024)));
        assertEquals("ERR Protocol error: too big mbulk count string", error(channel(false), "*" + "1".repeat(70 * 1024)));
    }

    @Test
    void nothingIsDecodedAfterAProtocolError() {
        EmbeddedChannel ch = channel(false);
        error(ch, "*1\r\nxyz\r\n");
        ch.writeInbound(buf("*1\r\n$4\r\nPING\r\n"));
        assertNull(ch.readInbound());
    }

    @Test
    void largeBulkArrivesInPieces() {
        EmbeddedChannel ch = channel(false);
        byte[] big = new byte[512 * 1024];
        new Random(1).nextBytes(big);
        ByteBuf all = Unpooled.buffer();
        all.writeBytes("*2\r\n$3\r\nSET\r\n$524288\r\n".getBytes(StandardCharsets.US_ASCII));
        all.writeBytes(big);
        all.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        while (all.isReadable()) {
            ch.writeInbound(all.readRetainedSlice(Math.min(all.readableBytes(), 65536)));
        }
        byte[][] argv = ch.readInbound();
        assertArrayEquals(big, argv[1]);
    }
}
