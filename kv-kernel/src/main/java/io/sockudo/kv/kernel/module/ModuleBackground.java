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
    private final String module;
    /** Set when the module is unloaded: no new work, queued work is dropped, no key access. */
    private volatile boolean retired;

    ModuleBackground(WorkerPool workers, ShardLocks locks, IntFunction<Database> databases, int databaseCount,
                     String module) {
        this.workers = workers;
        this.locks = locks;
        this.databases = databases;
        this.databaseCount = databaseCount;
        this.module = module;
    }

    /** The module is gone: its tasks stop running and its threads may no longer touch keys. */
    void retire() {
        retired = true;
    }

    /** The module is registered again (a MODULE RELOAD given up). */
    void revive() {
        retired = false;
    }

    private void checkLive() {
        if (retired) {
            throw new IllegalStateException("module '" + module + "' is unloaded");
        }
    }

    /** The task, skipped once the module is unloaded and kept from killing the worker when it fails. */
    private Runnable guarded(Runnable task) {
        return () -> {
            if (retired) {
                return;
            }
            try {
                task.run();
            } catch (Throwable e) {
                org.slf4j.LoggerFactory.getLogger(ModuleBackground.class)
                        .error("module {}: background task failed", module, e);
            }
        };
    }

    @Override
    public void execute(Runnable task) {
        checkLive();
        workers.execute(guarded(task));
    }

    @Override
    public Runnable schedule(Runnable task, long delayMillis) {
        checkLive();
        return workers.schedule(guarded(task), delayMillis);
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
            checkLive(); // under the lock MODULE UNLOAD takes too: no key of its types after it
            action.accept(databases.apply(db));
        } finally {
            locks.unlock(shard);
        }
    }

    /** A step of {@link Database#scan} visits one shard, the one in the cursor's low bits. */
    @Override
    public long scan(int db, long cursor, Keyspace.KeyVisitor visitor) {
        checkLive();
        int shard = (int) (cursor & (locks.count() - 1));
        locks.lock(shard);
        try {
            return databases.apply(db).scan(cursor, visitor);
        } finally {
            locks.unlock(shard);
        }
    }
}
