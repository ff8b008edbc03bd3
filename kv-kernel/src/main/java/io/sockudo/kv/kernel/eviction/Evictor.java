package io.sockudo.kv.kernel.eviction;

import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.keyspace.LruClock;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.kernel.latency.LatencyMonitor;
import io.sockudo.kv.kernel.memory.EvictionPolicy;
import io.sockudo.kv.kernel.memory.MemoryLimit;
import io.sockudo.kv.kernel.stats.ServerStats;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis's {@code performEvictions}: while {@code used_memory} is above the limit, deletes keys
 * chosen by {@code maxmemory-policy}, sampling {@code maxmemory-samples} keys per round into an
 * {@link EvictionPool} (the LRU/LFU/TTL policies) or picking at random. One shard per round, in
 * turn, every database: a shard holds a random share of each database's keys (by hash slot), so
 * sampling a shard samples the database, and only that shard's lock is held meanwhile.
 *
 * <p>A run stops when under the limit ({@link Result#OK}), when nothing can be evicted
 * ({@link Result#FAIL}: denyoom commands then answer OOM), or after
 * {@code maxmemory-eviction-tenacity}'s time budget ({@link Result#RUNNING}: the cron goes on
 * evicting, the command runs). One run at a time (the pool is shared); callers hold no shard lock.
 */
public final class Evictor {
    /** What a run achieved, as Redis's EVICT_OK / EVICT_RUNNING / EVICT_FAIL. */
    public enum Result { OK, RUNNING, FAIL }

    /** How long a run waits for a shard lock held elsewhere (a script) before it leaves the rest to the cron. */
    private static final long LOCK_WAIT_NANOS = 10_000_000L;

    private final Keyspaces keyspaces;
    private final MemoryLimit limit;
    private final ServerStats stats;
    private final LatencyMonitor latency;
    private final EvictionPool pool = new EvictionPool();
    /** The policy the current sampling round ranks by (set under the monitor before each round). */
    private EvictionPolicy scoring = EvictionPolicy.NOEVICTION;
    /** Hands sampled keys to the pool, scored by {@link #scoring}: one object for every round. */
    private final Database.EvictionSink sink;
    private int nextShard;
    private int nextDb;
    /** Since when the server has been over the limit without getting under it (0: it is not). */
    private volatile long exceededSinceNanos;
    private volatile long exceededTotalMicros;
    /** True while eviction must not run (a replica with replica-ignore-maxmemory: its master evicts). */
    private volatile java.util.function.BooleanSupplier suspended = () -> false;

    public Evictor(Keyspaces keyspaces, MemoryLimit limit, ServerStats stats, LatencyMonitor latency) {
        this.keyspaces = keyspaces;
        this.limit = limit;
        this.stats = stats;
        this.latency = latency;
        LruClock clock = keyspaces.lruClock();
        this.sink = (db, key, access, expireAt) -> pool.offer(db.index(), key, score(scoring, clock, access, expireAt));
    }

    /**
     * Eviction and the OOM refusal stop while {@code condition} holds, as Redis's
     * {@code isSafeToPerformEvictions} on a replica that ignores maxmemory: the master's DELs keep
     * the dataset in line, and the master's stream must never be refused.
     */
    public void suspendWhile(java.util.function.BooleanSupplier condition) {
        this.suspended = condition;
    }

    /** True when used memory is above the limit in force (one sum of the account's counters). */
    public boolean overLimit() {
        return limit.excess() > 0 && !suspended.getAsBoolean();
    }

    /** Evicts until under the limit, out of candidates, or out of time. */
    public synchronized Result perform() {
        long excess = limit.excess();
        if (excess == 0 || suspended.getAsBoolean()) {
            underLimit();
            return Result.OK;
        }
        long start = System.nanoTime();
        if (exceededSinceNanos == 0) {
            exceededSinceNanos = start;
        }
        EvictionPolicy policy = limit.policy();
        if (policy == EvictionPolicy.NOEVICTION) {
            return Result.FAIL;
        }
        long budgetMicros = limit.evictionTimeLimitMicros();
        long deadline = budgetMicros == Long.MAX_VALUE ? Long.MAX_VALUE : start + budgetMicros * 1000;
        long freed = 0;
        int evicted = 0;
        Result result = Result.OK;
        while (freed < excess) {
            long b = policy.rule() == EvictionPolicy.Rule.RANDOM ? evictRandom(policy) : evictBest(policy);
            if (b == NOTHING) {
                result = Result.FAIL;
                break;
            }
            if (b == BUSY) {
                result = Result.RUNNING;
                break;
            }
            freed += b;
            evicted++;
            // As Redis: look at the clock every 16 keys.
            if ((evicted & 15) == 0 && System.nanoTime() > deadline) {
                result = Result.RUNNING;
                break;
            }
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        latency.record("eviction-cycle", tookMs);
        if (result == Result.OK && limit.excess() == 0) {
            underLimit();
        }
        return result;
    }

    private void underLimit() {
        long since = exceededSinceNanos;
        if (since != 0) {
            exceededTotalMicros += (System.nanoTime() - since) / 1000;
            exceededSinceNanos = 0;
        }
    }

    /** INFO total_eviction_exceeded_time (ms): time spent over the limit, the current stretch included. */
    public long totalExceededMillis() {
        return (exceededTotalMicros + currentExceededMicros()) / 1000;
    }

    /** INFO current_eviction_exceeded_time (ms). */
    public long currentExceededMillis() {
        return currentExceededMicros() / 1000;
    }

    private long currentExceededMicros() {
        long since = exceededSinceNanos;
        return since == 0 ? 0 : (System.nanoTime() - since) / 1000;
    }

    private static final long NOTHING = -1;
    private static final long BUSY = -2;

    /** One key of the pool's best, after sampling a round: the bytes freed, NOTHING or BUSY. */
    private long evictBest(EvictionPolicy policy) {
        ShardLocks locks = keyspaces.locks();
        int shards = locks.count();
        boolean volatileOnly = policy.volatileOnly();
        while (true) {
            // Sample the next shard that has candidates (all shards tried once at most).
            for (int tried = 0; tried < shards; tried++) {
                int shard = nextShard;
                nextShard = (nextShard + 1) % shards;
                if (!hasCandidates(shard, volatileOnly)) {
                    continue;
                }
                if (!locks.lockMask(1L << shard, LOCK_WAIT_NANOS)) {
                    return BUSY;
                }
                try {
                    int samples = limit.samples();
                    scoring = policy;
                    for (int d = 0; d < keyspaces.count(); d++) {
                        Database db = keyspaces.db(d);
                        if (db.shardSize(shard, volatileOnly) > 0) {
                            db.sampleForEviction(shard, samples, volatileOnly, sink);
                        }
                    }
                } finally {
                    locks.unlockMask(1L << shard);
                }
                break;
            }
            if (pool.isEmpty()) {
                return NOTHING;
            }
            // The best candidate that still exists.
            while (!pool.isEmpty()) {
                Database db = keyspaces.db(pool.bestDb());
                byte[] key = pool.bestKey();
                pool.popBest();
                long b = evictKey(db, key);
                if (b == BUSY || b >= 0) {
                    return b;
                }
            }
            // Every pooled candidate was gone: sample again (if anything is left to sample).
            if (!anyCandidates(volatileOnly)) {
                return NOTHING;
            }
        }
    }

    private long evictKey(Database db, byte[] key) {
        ShardLocks locks = keyspaces.locks();
        long bit = 1L << locks.shardOf(key);
        if (!locks.lockMask(bit, LOCK_WAIT_NANOS)) {
            return BUSY;
        }
        long t0 = System.nanoTime();
        try {
            long b = db.evict(key);
            if (b >= 0) {
                stats.evictedKeys.increment();
            }
            return b < 0 ? NOTHING : b;
        } finally {
            locks.unlockMask(bit);
            latency.record("eviction-del", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** allkeys-random / volatile-random: a random key of the next database that has one. */
    private long evictRandom(EvictionPolicy policy) {
        ShardLocks locks = keyspaces.locks();
        boolean volatileOnly = policy.volatileOnly();
        int shards = locks.count();
        for (int triedDb = 0; triedDb < keyspaces.count(); triedDb++) {
            Database db = keyspaces.db(nextDb);
            nextDb = (nextDb + 1) % keyspaces.count();
            int first = ThreadLocalRandom.current().nextInt(shards);
            for (int i = 0; i < shards; i++) {
                int shard = (first + i) % shards;
                if (db.shardSize(shard, volatileOnly) == 0) {
                    continue;
                }
                byte[][] picked = new byte[1][];
                if (!locks.lockMask(1L << shard, LOCK_WAIT_NANOS)) {
                    return BUSY;
                }
                try {
                    db.sampleForEviction(shard, 1, volatileOnly, (d, key, access, expireAt) -> picked[0] = key);
                } finally {
                    locks.unlockMask(1L << shard);
                }
                if (picked[0] != null) {
                    long b = evictKey(db, picked[0]);
                    if (b != NOTHING) {
                        return b;
                    }
                }
            }
        }
        return NOTHING;
    }

    private boolean hasCandidates(int shard, boolean volatileOnly) {
        for (int d = 0; d < keyspaces.count(); d++) {
            if (keyspaces.db(d).shardSize(shard, volatileOnly) > 0) {
                return true;
            }
        }
        return false;
    }

    private boolean anyCandidates(boolean volatileOnly) {
        for (int s = 0; s < keyspaces.locks().count(); s++) {
            if (hasCandidates(s, volatileOnly)) {
                return true;
            }
        }
        return false;
    }

    /** The higher, the better to evict: idle time (LRU), rarity (LFU), nearness of expiry (TTL). */
    static long score(EvictionPolicy policy, LruClock clock, int access, long expireAt) {
        return switch (policy.rule()) {
            case LRU -> clock.lfu() ? 255 - clock.frequency(access) : clock.idleSeconds(access);
            case LFU -> clock.lfu() ? 255 - clock.frequency(access) : clock.idleSeconds(access);
            case TTL -> expireAt < 0 ? Long.MIN_VALUE : Long.MAX_VALUE - expireAt;
            default -> 0;
        };
    }
}
