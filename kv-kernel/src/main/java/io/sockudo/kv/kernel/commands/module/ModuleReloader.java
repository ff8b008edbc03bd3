package io.sockudo.kv.kernel.commands.module;

import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.kernel.module.ModuleManager;
import io.sockudo.kv.kernel.module.PluginLoader;
import io.sockudo.kv.kernel.module.TypeRegistry;
import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.DumpPayload;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The switch of {@code MODULE RELOAD}: moves the keys of a plugin's value types from the loaded
 * version to a new one through their codecs, and swaps the versions, all under every shard lock.
 *
 * <ol>
 *   <li>every key of the old version's types is serialised with the old codec (a DUMP payload:
 *       the module type id carries the old encoding version);</li>
 *   <li>each is read back with the new version's codecs, before anything changes: the new codec's
 *       {@code load} gets the old encoding version, as when an RDB file of the old version is
 *       loaded (the codec contract in docs/spi.md). If one cannot be read, nothing changes, the
 *       new version is released and the reason names the key;</li>
 *   <li>the old modules are retired, the new ones registered (if they clash with another
 *       module, the old ones are registered again), and each key gets its new value in place,
 *       keeping its expiry and LRU/LFU data, with no event and no propagation: the data did not
 *       change, only the code holding it.</li>
 * </ol>
 */
final class ModuleReloader {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleReloader.class);
    static final String RELOAD_FAILED = "ERR Error reloading module: ";

    private ModuleReloader() {
    }

    /** The old modules replaced (to finish unloading off the loop), or the error. */
    record Outcome(List<ModuleManager.Staged> replaced, String error) {
    }

    private record Moved(Database db, byte[] key, KvValue value) {
    }

    static Outcome swap(ModuleManager modules, PluginLoader plugins, TypeRegistry types, Keyspaces keyspaces,
                        ServerConfigView config, String pluginId, PluginLoader.Prepared next) {
        ShardLocks locks = keyspaces.locks();
        long all = locks.allMask();
        locks.lockMask(all);
        try {
            List<String> oldNames = plugins.modulesOf(pluginId);
            Set<ValueType> oldTypes = new HashSet<>();
            for (String n : oldNames) {
                oldTypes.addAll(types.typesOf(n));
            }
            // the codecs as they will be: every other type, plus the new version's
            List<ValueType> after = new ArrayList<>();
            for (ValueType t : types.all()) {
                if (!oldTypes.contains(t)) {
                    after.add(t);
                }
            }
            for (ModuleManager.Staged s : next.modules()) {
                after.addAll(s.types());
            }
            CodecRegistry oldCodecs = types.codecs();
            CodecRegistry newCodecs;
            try {
                newCodecs = CodecRegistry.of(after);
            } catch (RuntimeException e) {
                next.abandon();
                return new Outcome(List.of(), "the new version's value types clash: " + e.getMessage());
            }
            List<Moved> moved = new ArrayList<>();
            String err = oldTypes.isEmpty() ? null : convert(keyspaces, oldTypes, oldCodecs, newCodecs, config, moved);
            if (err != null) {
                next.abandon();
                LOG.warn("MODULE RELOAD of plugin {} given up: {}", pluginId, err);
                return new Outcome(List.of(), err + "; the loaded version stays");
            }
            List<ModuleManager.Staged> old = new ArrayList<>();
            for (String n : oldNames) {
                old.add(modules.retire(n));
            }
            try {
                next.commit();
            } catch (RuntimeException e) {
                modules.commit(old); // what was registered a moment ago registers again
                LOG.warn("MODULE RELOAD of plugin {} given up: {}", pluginId, e.getMessage());
                return new Outcome(List.of(), e.getMessage() + "; the loaded version stays");
            }
            modules.linkSuccessors(old);
            for (Moved m : moved) {
                m.db().replaceValue(m.key(), m.value());
            }
            LOG.info("MODULE RELOAD: plugin {} replaced, {} keys moved to the new version", pluginId, moved.size());
            return new Outcome(old, null);
        } finally {
            locks.unlockMask(all);
        }
    }

    /** Reads every key of {@code oldTypes} back through the new codecs; the first failure, or null. */
    private static String convert(Keyspaces keyspaces, Set<ValueType> oldTypes, CodecRegistry oldCodecs,
                                  CodecRegistry newCodecs, ServerConfigView config, List<Moved> out) {
        String[] failure = new String[1];
        for (int i = 0; i < keyspaces.count() && failure[0] == null; i++) {
            Database db = keyspaces.db(i);
            db.forEachEntry((key, value, expireAt, access) -> {
                if (failure[0] != null || !oldTypes.contains(value.type())) {
                    return;
                }
                byte[] payload;
                try {
                    payload = DumpPayload.create(value, oldCodecs, false);
                } catch (RuntimeException e) {
                    failure[0] = "the loaded version cannot save key '" + Args.latin1(key) + "': " + rootMessage(e);
                    return;
                }
                try {
                    out.add(new Moved(db, key, DumpPayload.parse(payload, newCodecs, config, true, true)));
                } catch (DumpPayload.Refused | RuntimeException e) {
                    failure[0] = "the new version cannot read key '" + Args.latin1(key) + "': " + rootMessage(e);
                }
            });
        }
        return failure[0];
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage() == null ? t : t.getMessage());
    }
}
