package io.sockudo.kv.kernel.resp;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * One reply chunk per event loop kept between batches. A batch whose replies went to the socket
 * at once (the usual case without pipelining) gives its chunk back here, and the next batch of any
 * connection of the loop writes into it: no pooled allocation and release per request, much as
 * Redis reuses each client's fixed reply buffer.
 */
public final class SpareChunk {
    /** Larger chunks are released, not kept (a loop holds at most one full chunk). */
    static final int MAX_KEPT = RespWriter.CHUNK;

    private static final FastThreadLocal<ByteBuf> SPARE = new FastThreadLocal<>() {
        @Override
        protected void onRemoval(ByteBuf spare) {
            if (spare != null) {
                spare.release(); // the loop's thread ends
            }
        }
    };

    private SpareChunk() {
    }

    /** The loop's spare chunk, emptied, or null when there is none. */
    static ByteBuf take() {
        ByteBuf spare = SPARE.get();
        if (spare != null) {
            SPARE.set(null);
        }
        return spare;
    }

    /**
     * Takes back a chunk nobody else references (it was sent and never handed to Netty): kept
     * when the loop has no spare and it is not oversized, released otherwise.
     */
    public static void give(ByteBuf chunk) {
        if (chunk.capacity() <= MAX_KEPT && chunk.refCnt() == 1 && SPARE.get() == null) {
            SPARE.set(chunk.clear());
        } else {
            chunk.release();
        }
    }
}
