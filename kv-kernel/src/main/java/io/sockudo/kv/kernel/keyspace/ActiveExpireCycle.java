package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.spi.ActiveExpireHook;
import io.sockudo.kv.spi.ServerConfigView;

import java.util.function.Supplier;

/**
 * Redis's slow active expire cycle ({@code activeExpireCycle(ACTIVE_EXPIRE_CYCLE_SLOW)}), run
 * {@code hz} times a second. For each database, and here for each shard of it (each shard keeps its
 * own index of keys with an expiry, so only volatile keys are sampled), it samples up to 20 keys
 * (+5 per {@code active-expire-effort} step above 1), deletes the expired ones, and repeats while
 * more than the acceptable share of the sample (10 % minus the effort step) had expired, within a
 * CPU budget of 25 % (+2 % per effort step) of the cycle period. A cycle that runs out of time
 * resumes with the next database, as Redis does. Replicas do not expire keys here (the keyspace
 * refuses): they wait for the master's DEL.
 *
 * <p>Redis also runs a short "fast" cycle before sleeping when the slow cycle could not keep up;
 * this server has no single event loop to hook that into, so it relies on the slow cycle alone.
 */
public final class ActiveExpireCycle implements Runnable {
    /** Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP. */
    static final int KEYS_PER_LOOP = 20;
    /** Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC. */
    static final int SLOW_TIME_PERC = 25;
    /** Redis's ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE. */
    static final int ACCEPTABLE_STALE = 10;
    /** Redis's CRON_DBS_PER_CALL. */
    static final int DBS_PER_CALL = 16;
    /** Buckets moved per shard per cycle by the background rehash (Redis rehashes 100 at a time). */
    static final int REHASH_STEPS = 100;

    private final Keyspaces keyspaces;
    private final ServerConfigView config;
    private final ActiveExpireControl control;
    private final Notifier notifier;
    private final Supplier<ActiveExpireHook[]> moduleHooks;
    private int nextDb;
    private boolean timeLimitExit;

    /**
     * @param moduleHooks the modules' hooks for expiry the kernel does not track (hash fields)
     */
    public ActiveExpireCycle(Keyspaces keyspaces, ServerConfigView config, ActiveExpireControl control,
                             Notifier notifier, Supplier<ActiveExpireHook[]> moduleHooks) {
        this.keyspaces = keyspaces;
        this.config = config;
        this.control = control;
        this.notifier = notifier;
        this.moduleHooks = moduleHooks;
    }

    @Override
    public void run() {
        if (!control.enabled()) {
            return;
        }
        long effort = config.getLong("active-expire-effort") - 1;
        long hz = Math.max(1, config.getLong("hz"));
        int samples = (int) (KEYS_PER_LOOP + KEYS_PER_LOOP / 4 * effort);
        long acceptableStale = ACCEPTABLE_STALE - effort;
        long budgetNanos = Math.max(1000, 1_000_000_000L * (SLOW_TIME_PERC + 2 * effort) / hz / 100);
        runCycle(samples, acceptableStale, System.nanoTime() + budgetNanos);
    }

    /** One cycle with explicit parameters (visible for tests). */
    void runCycle(int samples, long acceptableStale, long deadlineNanos) {
        ShardLocks locks = keyspaces.locks();
        int dbs = keyspaces.count();
        // As in Redis: a bounded number of databases per call, all of them after a call that ran out of time.
        int perCall = timeLimitExit ? dbs : Math.min(DBS_PER_CALL, dbs);
        timeLimitExit = false;
        for (int n = 0; n < perCall; n++) {
            Database db = keyspaces.db(nextDb % dbs);
            // Advance first, so a cycle that runs out of time here resumes with the next database.
            nextDb = (nextDb + 1) % dbs;
            for (int shard = 0; shard < locks.count(); shard++) {
                if (!expireShard(db, shard, samples, acceptableStale, deadlineNanos)) {
                    timeLimitExit = true;
                    return;
                }
            }
            // As Redis: a database without keys with an expiry has no average TTL.
            if (db.volatileSize() == 0) {
                db.resetAvgTtl();
            }
            // Then what modules expire themselves (hash fields), in the time left.
            if (!ModuleExpireScope.runHooks(moduleHooks.get(), locks, notifier, db, deadlineNanos)) {
                timeLimitExit = true;
                return;
            }
        }
    }

    /** Sampling rounds on one shard; false when the time budget ran out. */
    private boolean expireShard(Database db, int shard, int samples, long acceptableStale, long deadlineNanos) {
        ShardLocks locks = keyspaces.locks();
        while (true) {
            long result;
            locks.lock(shard);
            try {
                db.rehashSome(shard, REHASH_STEPS);
                if (db.volatileCount(shard) == 0) {
                    return true;
                }
                result = db.activeExpireRound(shard, samples, io.sockudo.kv.kernel.util.CommandClock.refresh());
            } finally {
                locks.unlock(shard);
            }
            int sampled = (int) (result >>> 32);
            int expired = (int) result;
            if (sampled == 0 || expired * 100L / sampled <= acceptableStale) {
                return true;
            }
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
        }
    }
}
