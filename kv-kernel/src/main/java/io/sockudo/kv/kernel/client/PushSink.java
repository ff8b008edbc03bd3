package io.sockudo.kv.kernel.client;

import io.netty.buffer.ByteBuf;

/**
 * Where messages the client did not ask for in a reply go (pub/sub messages, tracking
 * invalidations): its connection. Callable from any thread; the connection writes them on its own
 * event loop, in the order they were pushed, batched into one flush per loop turn, and holds the
 * bytes queued for it against the client's output-buffer limit.
 */
public interface PushSink {
    /**
     * Queues an encoded message and takes over one reference to it. The buffer may be shared with
     * other clients (one encoding per publish): the sink reads it without changing its indexes.
     */
    void push(ByteBuf message);

    /**
     * Queues an encoded message held in an array, which the caller never changes afterwards and
     * may share with other clients: the cheapest form for small messages (pub/sub), no reference
     * count and no pooled buffer to free.
     */
    void push(byte[] message);

    /** Discards everything (a client without a connection, tests). */
    PushSink NONE = new PushSink() {
        @Override
        public void push(ByteBuf message) {
            message.release();
        }

        @Override
        public void push(byte[] message) {
        }
    };
}
