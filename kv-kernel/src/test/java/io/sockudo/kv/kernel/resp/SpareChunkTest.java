package io.sockudo.kv.kernel.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The loop's spare reply chunk: one kept, emptied; others released; a writer starts in it. */
class SpareChunkTest {
    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    @AfterEach
    void emptyTheSpare() {
        ByteBuf left = SpareChunk.take();
        if (left != null) {
            left.release();
        }
    }

    @Test
    void keepsOneChunkAndReleasesTheRest() {
        ByteBuf first = alloc.directBuffer(512).writeBytes(new byte[100]);
        ByteBuf second = alloc.directBuffer(512);
        SpareChunk.give(first);
        SpareChunk.give(second);
        assertEquals(0, second.refCnt(), "the loop keeps one spare: the second is released");
        ByteBuf taken = SpareChunk.take();
        assertSame(first, taken);
        assertEquals(1, taken.refCnt());
        assertEquals(0, taken.readableBytes(), "handed out empty");
        assertNull(SpareChunk.take(), "taken once");
        taken.release();
    }

    @Test
    void releasesOversizedOrSharedChunks() {
        ByteBuf big = alloc.directBuffer(SpareChunk.MAX_KEPT * 2, SpareChunk.MAX_KEPT * 2);
        big.writerIndex(big.capacity());
        SpareChunk.give(big);
        assertEquals(0, big.refCnt());
        ByteBuf shared = alloc.directBuffer(512).retain();
        SpareChunk.give(shared);
        assertEquals(1, shared.refCnt(), "someone else still holds it: only our reference goes");
        assertNull(SpareChunk.take());
        shared.release();
    }

    @Test
    void aWriterStartsInTheSpare() {
        ByteBuf spare = alloc.directBuffer(512);
        SpareChunk.give(spare);
        List<ByteBuf> sent = new ArrayList<>();
        RespWriter w = new RespWriter(alloc, sent::add);
        w.simple("OK");
        w.finish();
        assertEquals(1, sent.size());
        assertSame(spare, sent.get(0));
        assertEquals("+OK\r\n", sent.get(0).toString(java.nio.charset.StandardCharsets.US_ASCII));
        sent.get(0).release();
    }
}
