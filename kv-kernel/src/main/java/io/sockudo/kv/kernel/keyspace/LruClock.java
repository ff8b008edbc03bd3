package io.sockudo.kv.kernel.keyspace;

/**
 * The access clock stored in each entry: a 24-bit seconds clock as Redis's LRU_CLOCK, used by
 * OBJECT IDLETIME and the LRU eviction policies. (LFU counters will reuse the same field.)
 */
public final class LruClock {
    private static final int MAX = (1 << 24) - 1;

    /** Current clock value. */
    public int now() {
        return (int) ((System.currentTimeMillis() / 1000) & MAX);
    }

    int initial() {
        return now();
    }

    int touch(int previous) {
        return now();
    }

    /**
     * Marks the current thread as running a command of a CLIENT NO-TOUCH client: until
     * {@link #restoreTouch}, reads through {@link Database#get} leave the access data alone.
     * Calls nest (EXEC runs queued commands inside EXEC).
     */
    public void suppressTouch() {
        int[] depth = suppressDepth.get();
        if (depth[0]++ == 0) {
            suppressingThreads.incrementAndGet();
        }
    }

    /** Ends one {@link #suppressTouch}. */
    public void restoreTouch() {
        int[] depth = suppressDepth.get();
        if (--depth[0] == 0) {
            suppressingThreads.decrementAndGet();
        }
    }

    /**
     * True when the current thread must not touch access data. The counter keeps the common
     * case (no NO-TOUCH client running anywhere) to one volatile read.
     */
    boolean touchSuppressed() {
        return suppressingThreads.get() != 0 && suppressDepth.get()[0] != 0;
    }

    private final java.util.concurrent.atomic.AtomicInteger suppressingThreads =
            new java.util.concurrent.atomic.AtomicInteger();
    private final ThreadLocal<int[]> suppressDepth = ThreadLocal.withInitial(() -> new int[1]);

    /** Idle seconds of an entry whose access field is {@code access}. */
    public long idleSeconds(int access) {
        int now = now();
        return now >= access ? now - access : (MAX - access) + now;
    }
}
