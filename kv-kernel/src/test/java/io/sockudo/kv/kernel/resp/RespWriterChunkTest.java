package io.sockudo.kv.kernel.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer's chunking: replies of any length are produced without copying what was already
 * written, so the work is linear in the reply's size (the structural property behind "3,000 GETs
 * of 100 KB take 3x the time of 1,000", asserted without timing).
 */
class RespWriterChunkTest {
    private final List<ByteBuf> chunks = new ArrayList<>();
    private final RespWriter w = new RespWriter(UnpooledByteBufAllocator.DEFAULT, chunks::add);

    private byte[] drain() {
        w.finish();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ByteBuf b : chunks) {
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            all.writeBytes(a);
            b.release();
        }
        chunks.clear();
        return all.toByteArray();
    }

    @Test
    void largeBulksGetOneExactBufferEachAndSmallRepliesShareChunks() {
        byte[] big = new byte[100 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 300; i++) {
            w.integer(i);
            expected.writeBytes((":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            w.bulk(big);
            expected.writeBytes(("$" + big.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            expected.writeBytes(big);
            expected.writeBytes(new byte[]{'\r', '\n'});
        }
        w.finish();
        long capacity = 0;
        long bytes = 0;
        for (ByteBuf b : chunks) {
            assertTrue(b.capacity() <= big.length + 64 || b.capacity() <= RespWriter.CHUNK,
                    "no buffer grows past a chunk or an exact large value: " + b.capacity());
            capacity += b.capacity();
            bytes += b.readableBytes();
        }
        // Every large value went out as its own buffer, right after the small replies before it.
        assertEquals(600, chunks.size());
        assertTrue(capacity < bytes * 2, "allocated " + capacity + " for " + bytes);
        assertArrayEquals(expected.toByteArray(), drain());
    }

    @Test
    void longRepliesOfSmallElementsAreSplitIntoChunks() {
        int n = 200_000;
        w.array(n);
        for (int i = 0; i < n; i++) {
            w.bulk("element-" + i);
        }
        w.finish();
        assertTrue(chunks.size() > 10);
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertTrue(chunks.get(i).readableBytes() <= RespWriter.CHUNK);
            assertTrue(chunks.get(i).readableBytes() > RespWriter.CHUNK - 64, "chunks are filled");
        }
        String all = new String(drain(), StandardCharsets.US_ASCII);
        assertTrue(all.startsWith("*200000\r\n$9\r\nelement-0\r\n"));
        assertTrue(all.endsWith("$14\r\nelement-199999\r\n"));
    }

    @Test
    void discardModeDropsEverythingAndKeepsTheCurrentChunk() {
        w.simple("before");
        w.discard(true);
        assertTrue(w.discarding());
        for (int i = 0; i < 10_000; i++) {
            w.bulk(new byte[20_000]);
            w.integer(i);
        }
        assertEquals(0, chunks.size(), "nothing reached the sink while discarding");
        w.discard(false);
        w.simple("after");
        assertEquals("+before\r\n+after\r\n", new String(drain(), StandardCharsets.US_ASCII));
    }

    @Test
    void releaseFreesTheCurrentChunk() {
        w.simple("x");
        ByteBuf current = w.target();
        w.release();
        assertEquals(0, current.refCnt());
    }
}
