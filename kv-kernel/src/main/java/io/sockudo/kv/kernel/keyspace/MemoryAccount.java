package io.sockudo.kv.kernel.keyspace;

/**
 * The dataset's byte account: what every key costs (its entry, its key array, its table slot and
 * its value's {@link io.sockudo.kv.spi.KvValue#memoryUsage() estimate}), kept per shard-lock index
 * and updated by the keyspace on every write under that lock. Summing it is what INFO
 * {@code used_memory} and the {@code maxmemory} check read: cheap (one slot per lock), and unlike
 * the JVM's heap figure it carries no garbage, so it moves with the data as Redis's allocator
 * count does.
 *
 * <p>Each counter is written only under its shard lock; readers take a racy but untorn view (a
 * {@code long} on a 64-bit VM), good enough for a limit that eviction approaches step by step.
 * Counters sit 64 bytes apart so event loops writing different shards do not share cache lines.
 */
public final class MemoryAccount {
    private static final int STRIDE = 8;
    private static final java.lang.invoke.VarHandle OVER =
            io.sockudo.kv.kernel.util.VarHandles.field(java.lang.invoke.MethodHandles.lookup(), "over", long.class);

    private final long[] bytes;
    private final int count;
    private final ShardLocks locks;
    /**
     * Each counter's share of the dataset budget ({@link #budget}): while no counter is above it,
     * the total is within the budget, which is all the {@code maxmemory} check on every command
     * needs to know, without summing the counters. Long.MAX_VALUE: no budget.
     */
    private volatile long share = Long.MAX_VALUE;
    /**
     * Bit i: counter i is above {@link #share} (or may be: a bit is set conservatively and cleared
     * only under lock i, by {@link #add} or {@link #refresh}, so it cannot be lost to a race).
     */
    private volatile long over;

    MemoryAccount(ShardLocks locks) {
        this.locks = locks;
        this.count = locks.count();
        this.bytes = new long[(count + 1) * STRIDE];
    }

    /** Adds {@code delta} bytes to lock index {@code shard}; caller holds that lock. */
    void add(int shard, long delta) {
        int i = (shard + 1) * STRIDE;
        long v = bytes[i] += delta;
        long bit = 1L << shard;
        // an atomic only when the counter crosses its share (or the budget changed)
        if (v > share) {
            if ((over & bit) == 0) {
                OVER.getAndBitwiseOr(this, bit);
            }
        } else if ((over & bit) != 0) {
            OVER.getAndBitwiseAnd(this, ~bit);
            // The budget may have changed since share was read: the atomic above orders this read
            // after a concurrent budget() call's store, so the bit is set back if it must be.
            if (v > share) {
                OVER.getAndBitwiseOr(this, bit);
            }
        }
    }

    /**
     * Clears the bits of counters now within their share, each checked under its lock; a lock
     * that is busy leaves its bit set (its holder's next change settles it). Called when the
     * budget changes and when the check had to sum the counters.
     */
    public void refresh() {
        long bits = over;
        while (bits != 0) {
            int shard = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            int i = (shard + 1) * STRIDE;
            if (bytes[i] <= share && locks.tryLock(shard)) {
                try {
                    long bit = 1L << shard;
                    OVER.getAndBitwiseAnd(this, ~bit);
                    if (bytes[i] > share) { // as in add: a budget changed meanwhile
                        OVER.getAndBitwiseOr(this, bit);
                    }
                } finally {
                    locks.unlock(shard);
                }
            }
        }
    }

    /** The bytes accounted to the keys under lock {@code shard}, in every database. */
    public long shard(int shard) {
        return bytes[(shard + 1) * STRIDE];
    }

    /** The dataset's accounted bytes, all databases. */
    public long total() {
        long t = 0;
        for (int i = 1; i <= count; i++) {
            t += bytes[i * STRIDE];
        }
        return Math.max(0, t);
    }

    /**
     * Sets the budget {@link #withinBudget} answers for ({@code Long.MAX_VALUE}: none). Every
     * counter is taken as over its share until {@link #refresh} or its next change says otherwise.
     */
    public void budget(long bytes) {
        // a negative budget (a limit below the empty keyspace's size) no counter can be within
        share = bytes == Long.MAX_VALUE ? Long.MAX_VALUE : bytes < 0 ? Long.MIN_VALUE : bytes / count;
        OVER.getAndBitwiseOr(this, count == 64 ? -1L : (1L << count) - 1);
        refresh();
    }

    /**
     * True when {@link #total} is certainly within the {@link #budget}: no counter is above its
     * share. One read, against the sum of every counter; false means "sum them to know".
     */
    public boolean withinBudget() {
        return over == 0;
    }
}
