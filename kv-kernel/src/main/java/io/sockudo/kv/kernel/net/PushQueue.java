package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages pushed to one connection (pub/sub, invalidations, MONITOR lines) and not written yet,
 * in push order. A message pushed from another thread goes through a lock-free queue; one pushed
 * on the connection's own event loop (every publish with one event loop, the default) goes to a
 * plain queue with no atomic operation, as long as nothing from other threads is waiting: so a
 * message never overtakes one pushed before it (publishes to one channel are serialised by the
 * publisher, so that is the order Redis gives), and draining takes the plain queue first.
 * A message is a {@code byte[]} or a {@link ByteBuf} the queue holds one reference to.
 */
final class PushQueue {
    private final Queue<Object> remote = PlatformDependent.newMpscQueue();
    private final AtomicLong remoteBytes = new AtomicLong();
    private final AtomicBoolean remoteDrainScheduled = new AtomicBoolean();
    /** Event loop only (read elsewhere for an approximate total). */
    private final ArrayDeque<Object> local = new ArrayDeque<>();
    private long localBytes;
    private boolean localDrainScheduled;

    static int size(Object message) {
        return message instanceof byte[] a ? a.length : ((ByteBuf) message).readableBytes();
    }

    /** Bytes queued and not written yet: part of the client's output-buffer memory. */
    long bytes() {
        return localBytes + remoteBytes.get();
    }

    /**
     * Queues {@code message}; {@code onLoop} when the caller runs on the connection's event loop.
     * Returns true when the caller must schedule a drain on the loop (none is pending).
     */
    boolean add(Object message, int size, boolean onLoop) {
        if (onLoop && remote.isEmpty()) {
            local.addLast(message);
            localBytes += size;
            if (localDrainScheduled) {
                return false;
            }
            localDrainScheduled = true;
            return true;
        }
        remote.offer(message);
        remoteBytes.addAndGet(size);
        return remoteDrainScheduled.compareAndSet(false, true);
    }

    /** A drain starts (on the loop): what is added from now on schedules another one. */
    void draining() {
        localDrainScheduled = false;
        remoteDrainScheduled.set(false);
    }

    /** The next message in push order, or null. Event loop only. */
    Object poll() {
        Object m = local.pollFirst();
        if (m != null) {
            localBytes -= size(m);
            return m;
        }
        m = remote.poll();
        if (m != null) {
            remoteBytes.addAndGet(-size(m));
        }
        return m;
    }

    /** Drops everything queued (the connection is closing). Event loop only. */
    void discard() {
        for (Object m; (m = poll()) != null; ) {
            if (m instanceof ByteBuf b) {
                b.release();
            }
        }
    }
}
