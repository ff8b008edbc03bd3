package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.ActiveExpireHook;
import io.sockudo.kv.spi.ActiveExpireScope;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KeyspaceListener;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Active expiry of hash fields. Per database, an index of the keys whose hash has fields with a
 * TTL (Redis keeps a similar per-database set, {@code db->hexpires}); the kernel's active expire
 * cycle calls {@link #run} through an {@link ActiveExpireHook}, which walks the index a slice at
 * a time within the cycle's budget, removing expired fields (event {@code hexpired}) and keys
 * left empty (event {@code del}).
 *
 * <p>The index is filled by a keyspace listener from the events that give a hash field TTLs or
 * move a hash to another key ({@code hexpire}, {@code rename_to}, {@code move_to},
 * {@code copy_to}, {@code restore}) and from the keys a file load adds ({@code onLoaded}); stale entries (key deleted, overwritten, fields persisted)
 * are dropped when the walk reaches them.
 */
final class FieldExpiry implements ActiveExpireHook, KeyspaceListener {
    /** Keys to look at per visit before checking the clock again. */
    private static final int KEYS_PER_CHECK = 16;

    private final ConcurrentHashMap<Integer, DbIndex> dbs = new ConcurrentHashMap<>();

    /** One database's keys with volatile fields, and where the last walk stopped. */
    private static final class DbIndex {
        final ConcurrentHashMap<Key, Boolean> keys = new ConcurrentHashMap<>();
        Iterator<Key> cursor;
    }

    /** A key with value equality (the index must find a key again from a fresh array). */
    private record Key(byte[] bytes, int hash) {
        static Key of(byte[] b) {
            return new Key(b, io.sockudo.kv.spi.Hashing.hash(b)); // client-chosen keys: keyed against flooding
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    static void register(ModuleRegistry r) {
        FieldExpiry fe = new FieldExpiry();
        r.keyspaceListener(fe);
        r.activeExpireHook(fe);
    }

    private DbIndex index(int db) {
        return dbs.computeIfAbsent(db, d -> new DbIndex());
    }

    @Override
    public void onEvent(Keyspace db, EventClass eventClass, String event, byte[] key) {
        if (eventClass != EventClass.HASH && eventClass != EventClass.GENERIC) {
            return; // every write of every type passes here: leave the string and list events at once
        }
        switch (event) {
            case "hexpire", "rename_to", "move_to", "copy_to", "restore" -> {
                KvValue v = db.peek(key);
                if (v instanceof HashValue h && h.volatileCount > 0) {
                    index(db.index()).keys.put(Key.of(key.clone()), Boolean.TRUE);
                }
            }
            default -> {
            }
        }
    }

    /** A hash loaded from a file with field TTLs: the walk must visit it (no hexpire event comes). */
    @Override
    public void onLoaded(Keyspace db, byte[] key, KvValue value) {
        if (value instanceof HashValue h && h.volatileCount > 0) {
            index(db.index()).keys.put(Key.of(key), Boolean.TRUE);
        }
    }

    @Override
    public void onFlush(int db) {
        if (db < 0) {
            dbs.clear();
        } else {
            dbs.remove(db);
        }
    }

    /** A swapdb load replaced the database: its hashes with field TTLs arrive again through onLoaded. */
    @Override
    public void onReplaced(int db) {
        onFlush(db);
    }

    @Override
    public void onSwap(int db1, int db2) {
        synchronized (dbs) {
            DbIndex a = dbs.remove(db1);
            DbIndex b = dbs.remove(db2);
            if (a != null) {
                dbs.put(db2, a);
            }
            if (b != null) {
                dbs.put(db1, b);
            }
        }
    }

    @Override
    public void run(ActiveExpireScope scope) {
        DbIndex idx = dbs.get(scope.db().index());
        if (idx == null || idx.keys.isEmpty()) {
            return;
        }
        // One walker at a time per database (the cycle is single-threaded; be safe anyway).
        synchronized (idx) {
            int visited = 0;
            int total = idx.keys.size();
            while (visited < total) {
                if (idx.cursor == null || !idx.cursor.hasNext()) {
                    idx.cursor = idx.keys.keySet().iterator();
                    if (!idx.cursor.hasNext()) {
                        return;
                    }
                }
                Key k = idx.cursor.next();
                visited++;
                scope.withKey(k.bytes, () -> visit(scope, idx, k));
                if (visited % KEYS_PER_CHECK == 0 && scope.timeUp()) {
                    return;
                }
            }
        }
    }

    private static void visit(ActiveExpireScope scope, DbIndex idx, Key k) {
        Keyspace db = scope.db();
        KvValue v = db.peek(k.bytes);
        if (!(v instanceof HashValue) || ((HashValue) v).volatileCount == 0) {
            idx.keys.remove(k);
            return;
        }
        long now = scope.now();
        if (!((HashValue) v).mayHaveExpired(now)) {
            return;
        }
        // About to change it in place: the write lookup (snapshot copy-on-write, memory account).
        v = scope.lookupWrite(k.bytes);
        if (!(v instanceof HashValue h) || h.volatileCount == 0) {
            idx.keys.remove(k);
            return;
        }
        int n = h.purgeExpired(now);
        if (n > 0) {
            scope.notify(EventClass.HASH, "hexpired", k.bytes);
            if (h.size() == 0) {
                db.delete(k.bytes);
                scope.notify(EventClass.GENERIC, "del", k.bytes);
            } else {
                db.modified(k.bytes);
            }
        }
        if (h.size() == 0 || h.volatileCount == 0) {
            idx.keys.remove(k);
        }
    }
}
