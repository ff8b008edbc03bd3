package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.kernel.util.CommandClock;
import io.sockudo.kv.spi.ActiveExpireHook;
import io.sockudo.kv.spi.ActiveExpireScope;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;

/**
 * The {@link ActiveExpireScope} the active expire cycle hands to module hooks for one database:
 * {@link #withKey} takes the shard lock of the key (the same lock a command on that key holds),
 * {@link #timeUp} reports the cycle's CPU budget.
 */
final class ModuleExpireScope implements ActiveExpireScope {
    private final ShardLocks locks;
    private final Notifier notifier;
    private final Database db;
    private final long deadlineNanos;

    private ModuleExpireScope(ShardLocks locks, Notifier notifier, Database db, long deadlineNanos) {
        this.locks = locks;
        this.notifier = notifier;
        this.db = db;
        this.deadlineNanos = deadlineNanos;
    }

    /** Runs every module hook on {@code db}; false when the budget ran out. */
    static boolean runHooks(ActiveExpireHook[] hooks, ShardLocks locks, Notifier notifier, Database db,
                            long deadlineNanos) {
        if (hooks.length == 0 || db.expiryDisabled()) {
            return true;
        }
        ModuleExpireScope scope = new ModuleExpireScope(locks, notifier, db, deadlineNanos);
        for (ActiveExpireHook h : hooks) {
            if (scope.timeUp()) {
                return false;
            }
            h.run(scope);
        }
        return !scope.timeUp();
    }

    @Override
    public Keyspace db() {
        return db;
    }

    @Override
    public long now() {
        return CommandClock.refresh();
    }

    @Override
    public boolean timeUp() {
        return System.nanoTime() > deadlineNanos;
    }

    @Override
    public void withKey(byte[] key, Runnable action) {
        int shard = locks.shardOf(key);
        locks.lock(shard);
        try {
            action.run();
        } finally {
            locks.unlock(shard);
        }
    }

    @Override
    public io.sockudo.kv.spi.KvValue lookupWrite(byte[] key) {
        return db.lookupWriteNoTouch(key);
    }

    @Override
    public void notify(EventClass eventClass, String event, byte[] key) {
        notifier.notify(db, eventClass, event, key);
    }
}
