package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Socket reads into one buffer per event loop, as Redis reads every client into its own query
 * buffer, instead of a pooled buffer allocated and released per read. The sizes still come from
 * the wrapped allocator's guess; reads it guesses larger than the spare take a pooled buffer.
 *
 * <p>Ownership follows the reference count: the loop holds one reference, a read lends a second
 * to the pipeline, and the decoder releases it once it has consumed the bytes. A decoder that keeps
 * the buffer (a command split across reads) keeps it busy, and the next reads of the loop take
 * pooled buffers until it lets go (Netty's cumulator copies out of a buffer it sees shared, so it
 * never writes into the spare).
 */
final class SpareReadBuffers implements RecvByteBufAllocator {
    /** Capacity of each loop's read buffer (reads guessed at most this size use it). */
    static final int SIZE = 64 * 1024;

    private static final FastThreadLocal<ByteBuf> SPARE = new FastThreadLocal<>() {
        @Override
        protected void onRemoval(ByteBuf spare) {
            if (spare != null) {
                spare.release(); // the loop's thread ends
            }
        }
    };

    private final RecvByteBufAllocator sizes;

    SpareReadBuffers(RecvByteBufAllocator sizes) {
        this.sizes = sizes;
    }

    @Override
    public Handle newHandle() {
        return new SpareHandle((ExtendedHandle) sizes.newHandle());
    }

    /** The loop's read buffer lent (one more reference) when it is free, else null. */
    static ByteBuf lend(ByteBufAllocator alloc) {
        ByteBuf spare = SPARE.get();
        if (spare == null) {
            spare = alloc.directBuffer(SIZE, SIZE);
            SPARE.set(spare);
        }
        if (spare.refCnt() != 1) {
            return null; // a decoder still holds it
        }
        return spare.retain().clear();
    }

    /** The wrapped allocator's handle, except that reads use the loop's buffer when they can. */
    private static final class SpareHandle implements ExtendedHandle {
        private final ExtendedHandle sizes;

        SpareHandle(ExtendedHandle sizes) {
            this.sizes = sizes;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            if (sizes.guess() <= SIZE && alloc.isDirectBufferPooled()) {
                ByteBuf spare = lend(alloc);
                if (spare != null) {
                    return spare;
                }
            }
            return sizes.allocate(alloc);
        }

        @Override
        public int guess() {
            return sizes.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            sizes.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            sizes.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            sizes.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return sizes.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            sizes.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return sizes.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return sizes.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return sizes.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            sizes.readComplete();
        }
    }
}
