package io.sockudo.kv.kernel.module;

import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.kernel.util.WorkerPool;
import io.sockudo.kv.spi.BackgroundWork;
import io.sockudo.kv.spi.Keyspace;

import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The {@link BackgroundWork} modules receive: tasks on the kernel's worker threads, and key access
 * under the same shard locks commands take.
 */
final class ModuleBackground implements BackgroundWork {
    private final WorkerPool workers;
    private final ShardLocks locks;
    private final IntFunction<Database> databases;
    private final int databaseCount;

    ModuleBackground(WorkerPool workers, ShardLocks locks, IntFunction<Database> databases, int databaseCount) {
        this.workers = workers;
        this.locks = locks;
        this.databases = databases;
        this.databaseCount = databaseCount;
    }

    @Override
    public void execute(Runnable task) {
        workers.execute(task);
    }

    @Override
    public Runnable schedule(Runnable task, long delayMillis) {
        return workers.schedule(task, delayMillis);
    }

    @Override
    public int databases() {
        return databaseCount;
    }

    @Override
    public void withKey(int db, byte[] key, Consumer<Keyspace> action) {
        int shard = locks.shardOf(key);
        locks.lock(shard);
        try {
            action.accept(databases.apply(db));
        } finally {
            locks.unlock(shard);
        }
    }

    /** A step of {@link Database#scan} visits one shard, the one in the cursor's low bits. */
    @Override
    public long scan(int db, long cursor, Keyspace.KeyVisitor visitor) {
        int shard = (int) (cursor & (locks.count() - 1));
        locks.lock(shard);
        try {
            return databases.apply(db).scan(cursor, visitor);
        } finally {
            locks.unlock(shard);
        }
    }
}
