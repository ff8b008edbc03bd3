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
    private final long[] bytes;
    private final int count;

    MemoryAccount(int locks) {
        this.count = locks;
        this.bytes = new long[(locks + 1) * STRIDE];
    }

    /** Adds {@code delta} bytes to lock index {@code shard}; caller holds that lock. */
    void add(int shard, long delta) {
        bytes[(shard + 1) * STRIDE] += delta;
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
}
