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

    /** Idle seconds of an entry whose access field is {@code access}. */
    public long idleSeconds(int access) {
        int now = now();
        return now >= access ? now - access : (MAX - access) + now;
    }
}
