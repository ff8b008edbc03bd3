package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.Kernel;

/**
 * Redis's active expire cycle: {@code hz} times a second, for each database and shard, sample up
 * to 20 keys with an expiry (more with higher {@code active-expire-effort}), delete the expired
 * ones, and repeat while more than the acceptable share (10 % minus effort) were expired, within
 * a time budget of 25 % (+2 % per effort step) of the cycle period.
 */
public final class ActiveExpireCycle implements Runnable {
    private final Kernel kernel;
    private int nextDb;

    public ActiveExpireCycle(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public void run() {
        if (!kernel.activeExpireEnabled) {
            return;
        }
        long effort = kernel.config.getLong("active-expire-effort") - 1;
        long hz = kernel.config.getLong("hz");
        int samples = (int) (20 + 20 / 4 * effort);
        long stalePercent = 10 - effort;
        long budgetNanos = 1_000_000_000L * (25 + 2 * effort) / hz / 100;
        long deadline = System.nanoTime() + budgetNanos;
        ShardLocks locks = kernel.locks;
        int dbs = kernel.databaseCount();
        for (int n = 0; n < dbs; n++) {
            Database db = kernel.db(nextDb);
            nextDb = (nextDb + 1) % dbs;
            for (int shard = 0; shard < locks.count(); shard++) {
                while (true) {
                    long result;
                    locks.lock(shard);
                    try {
                        if (db.volatileCount(shard) == 0) {
                            db.rehashSome(shard, 1);
                            break;
                        }
                        result = db.activeExpireRound(shard, samples, System.currentTimeMillis());
                        db.rehashSome(shard, 1);
                    } finally {
                        locks.unlock(shard);
                    }
                    int sampled = (int) (result >>> 32);
                    int expired = (int) result;
                    if (sampled == 0 || expired * 100L / sampled <= stalePercent) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        return;
                    }
                }
            }
        }
    }
}
