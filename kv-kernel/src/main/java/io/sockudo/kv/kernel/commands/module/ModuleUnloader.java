package io.sockudo.kv.kernel.commands.module;

import io.sockudo.kv.kernel.command.BlockedClients;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.module.ModuleManager;
import io.sockudo.kv.kernel.module.TypeRegistry;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.spi.ValueType;

import java.util.List;

/**
 * {@code MODULE UNLOAD}: removes a module unless keys of its value types still exist or clients are
 * blocked in its commands (as Redis refuses).
 *
 * <p>Redis refuses to unload any module that exports a data type. Here a module's types can go
 * once no key holds one of their values, because the values are plain objects the kernel never
 * needs again; this also applies to the built-in families (their commands disappear until a
 * restart). The check and the removal run under every shard lock, so no command can create a
 * key of the type between them, and no keyed command of the module is running meanwhile.
 */
final class ModuleUnloader {
    static final String NO_SUCH_MODULE = "ERR Error unloading module: no such module with that name";
    static final String HAS_BLOCKED_CLIENTS = "ERR Error unloading module: the module has blocked clients. "
            + "Please wait them unblocked and try again";
    static final String HAS_DATA_TYPES =
            "ERR Error unloading module: the module exports one or more module-side data types, can't unload";

    private ModuleUnloader() {
    }

    /** What {@link #retire} did: the module retired (to finish off the event loop), or the error reply. */
    record Result(ModuleManager.Staged retired, String error) {
    }

    /**
     * The switch of MODULE UNLOAD, under every shard lock: refuses while keys of the module's types
     * exist, otherwise retires the module (its commands are refused from now on, also when a
     * transaction queued them). The caller then runs {@link ModuleManager#finishUnload} off the loop.
     */
    static Result retire(ModuleManager modules, TypeRegistry typeRegistry, Keyspaces keyspaces, BlockedClients blocked,
                         String name) {
        ShardLocks locks = keyspaces.locks();
        long all = locks.allMask();
        locks.lockMask(all);
        try {
            if (modules.get(name) == null) {
                return new Result(null, NO_SUCH_MODULE);
            }
            if (blocked.blockedIn(name) > 0) {
                return new Result(null, HAS_BLOCKED_CLIENTS); // their timeout replies are the module's code
            }
            List<ValueType> types = typeRegistry.typesOf(name);
            if (!types.isEmpty() && anyKeyOfType(keyspaces, types)) {
                return new Result(null, HAS_DATA_TYPES);
            }
            return new Result(modules.retire(name), null);
        } finally {
            locks.unlockMask(all);
        }
    }

    /** Unloads {@code name} at once; returns null on success, otherwise the error reply. */
    static String unload(ModuleManager modules, TypeRegistry typeRegistry, Keyspaces keyspaces, BlockedClients blocked,
                         String name) {
        Result r = retire(modules, typeRegistry, keyspaces, blocked, name);
        if (r.error() == null) {
            modules.finishUnload(r.retired());
        }
        return r.error();
    }

    /** True if a live key of any database holds a value of one of {@code types}. Caller holds all locks. */
    static boolean anyKeyOfType(Keyspaces keyspaces, List<ValueType> types) {
        boolean[] found = new boolean[1];
        for (int i = 0; i < keyspaces.count() && !found[0]; i++) {
            // every entry, also those whose time has passed but that are not removed yet
            keyspaces.db(i).forEachEntry((key, value, expireAt, access) -> {
                if (!found[0] && types.contains(value.type())) {
                    found[0] = true;
                }
            });
        }
        return found[0];
    }
}
