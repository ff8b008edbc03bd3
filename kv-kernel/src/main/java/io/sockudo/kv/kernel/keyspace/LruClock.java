package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.config.ConfigRegistry;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The access data stored in each entry's {@code access} field, interpreted as Redis interprets
 * {@code robj.lru}: under an LRU (or non-LFU) {@code maxmemory-policy}, a 24-bit seconds clock
 * (OBJECT IDLETIME, LRU eviction); under an LFU policy, 16 bits of minutes since the last decrement
 * and an 8-bit logarithmic access counter (OBJECT FREQ, LFU eviction). As in Redis, switching the
 * policy at run time reinterprets the existing field, so values are meaningless for a while.
 */
public final class LruClock {
    private static final int MAX = (1 << 24) - 1;
    /** Redis's LFU_INIT_VAL: new keys start here so they are not evicted at once. */
    static final int LFU_INIT_VAL = 5;

    private volatile boolean lfu;
    private volatile long lfuLogFactor = 10;
    private volatile long lfuDecayTime = 1;

    /** Follows {@code maxmemory-policy}, {@code lfu-log-factor} and {@code lfu-decay-time} (when registered). */
    public void bind(ConfigRegistry config) {
        config.onChange("maxmemory-policy", v -> lfu = v != null && v.toLowerCase(Locale.ROOT).endsWith("-lfu"));
        if (config.option("lfu-log-factor") != null) {
            config.onChange("lfu-log-factor", v -> lfuLogFactor = config.getLong("lfu-log-factor"));
        }
        if (config.option("lfu-decay-time") != null) {
            config.onChange("lfu-decay-time", v -> lfuDecayTime = config.getLong("lfu-decay-time"));
        }
    }

    /** True when an LFU policy is selected and the field holds LFU data. */
    public boolean lfu() {
        return lfu;
    }

    /** Sets the LFU mode directly (tests, and configurations without maxmemory-policy). */
    public void lfu(boolean on) {
        this.lfu = on;
    }

    /** Current LRU clock value (seconds, 24-bit wrap). */
    public int now() {
        return (int) ((io.sockudo.kv.kernel.util.CommandClock.millis() / 1000) & MAX);
    }

    /** Access data of a key just created. */
    int initial() {
        return lfu ? (minutes() << 8) | LFU_INIT_VAL : now();
    }

    /** Access data after an access (Redis's updateLFU, or a new LRU stamp). */
    int touch(int previous) {
        if (!lfu) {
            return now();
        }
        int counter = logIncrement(frequency(previous));
        return (minutes() << 8) | counter;
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

    /**
     * The access data RESTORE's IDLETIME / FREQ or an RDB file's IDLE / FREQ opcodes give a key, as
     * Redis's {@code objectSetLRUOrLFU}: under an LFU policy the counter {@code lfuFreq} (0..255)
     * stamped now; otherwise a clock value {@code lruIdleSeconds} in the past (wrapping as the
     * 24-bit clock does). -1 when the policy's kind of data was not given (the key keeps what it has).
     */
    public int accessFor(long lruIdleSeconds, int lfuFreq) {
        if (lfu) {
            return lfuFreq >= 0 ? (minutes() << 8) | (lfuFreq & 0xff) : -1;
        }
        if (lruIdleSeconds < 0) {
            return -1;
        }
        long abs = now() - lruIdleSeconds;
        if (abs < 0) {
            abs += MAX; // once, as Redis does: estimateObjectIdleTime unwraps it
        }
        return (int) (abs & MAX);
    }

    /** Idle seconds of an entry whose access field is {@code access} (LRU mode). */
    public long idleSeconds(int access) {
        int now = now();
        int lru = access & MAX;
        return now >= lru ? now - lru : (MAX - lru) + now;
    }

    /** The LFU counter after decay for the time since the last access (Redis's LFUDecrAndReturn). */
    public int frequency(int access) {
        int ldt = (access >>> 8) & 0xffff;
        int counter = access & 0xff;
        long decay = lfuDecayTime;
        long periods = decay > 0 ? minutesSince(ldt) / decay : 0;
        if (periods > 0) {
            counter = periods > counter ? 0 : counter - (int) periods;
        }
        return counter;
    }

    private static int minutes() {
        return (int) ((io.sockudo.kv.kernel.util.CommandClock.millis() / 1000 / 60) & 0xffff);
    }

    private static int minutesSince(int ldt) {
        int now = minutes();
        return now >= ldt ? now - ldt : 65535 - ldt + now;
    }

    /** Redis's LFULogIncr: the higher the counter, the less likely an access increments it. */
    private int logIncrement(int counter) {
        if (counter == 255) {
            return 255;
        }
        double r = ThreadLocalRandom.current().nextDouble();
        double base = Math.max(0, counter - LFU_INIT_VAL);
        double p = 1.0 / (base * lfuLogFactor + 1);
        return r < p ? counter + 1 : counter;
    }
}
