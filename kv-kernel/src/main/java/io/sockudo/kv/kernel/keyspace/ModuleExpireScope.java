package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.Kernel;
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
    private final Kernel kernel;
    private final Database db;
    private final long deadlineNanos;

    private ModuleExpireScope(Kernel kernel, Database db, long deadlineNanos) {
        this.kernel = kernel;
        this.db = db;
        this.deadlineNanos = deadlineNanos;
    }

    /** Runs every module hook on {@code db}; false when the budget ran out. */
    static boolean runHooks(Kernel kernel, Database db, long deadlineNanos) {
        ActiveExpireHook[] hooks = kernel.modules.activeExpireHooks();
        if (hooks.length == 0 || db.expiryDisabled()) {
            return true;
        }
        ModuleExpireScope scope = new ModuleExpireScope(kernel, db, deadlineNanos);
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
        int shard = kernel.locks.shardOf(key);
        kernel.locks.lock(shard);
        try {
            action.run();
        } finally {
            kernel.locks.unlock(shard);
        }
    }

    @Override
    public void notify(EventClass eventClass, String event, byte[] key) {
        kernel.notifier.notify(db, eventClass, event, key);
    }
}
