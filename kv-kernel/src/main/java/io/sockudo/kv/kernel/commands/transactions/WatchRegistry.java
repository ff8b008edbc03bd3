package io.sockudo.kv.kernel.commands.transactions;

import io.sockudo.kv.kernel.keyspace.EngagementSignal;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.WriteObserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which clients watch which keys, and the write observer that marks their transactions dirty.
 * The map is split in stripes by key hash so writers on different event loops rarely meet; a
 * server where nobody watches anything pays one volatile read per write.
 */
final class WatchRegistry implements WriteObserver {
    private static final int STRIPES = 16;

    /** One stripe of the map; its lookup probe is only used under the stripe's monitor. */
    private static final class Stripe {
        final Map<WatchedKey, List<TransactionState>> watchers = new HashMap<>();
        final WatchedKey probe = new WatchedKey();
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    /** Number of (key, client) watch entries, for the fast path. */
    private final AtomicInteger entries = new AtomicInteger();
    /** Told when {@link #entries} leaves or reaches 0. */
    private final EngagementSignal engagementChanged = new EngagementSignal();

    @Override
    public boolean engaged() {
        return entries.get() != 0;
    }

    @Override
    public void onEngagementChange(Runnable changed) {
        engagementChanged.add(changed);
    }

    WatchRegistry() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Adds a watch unless the client already watches the key. */
    void watch(TransactionState t, int db, byte[] key) {
        if (t.watches(db, key)) {
            return;
        }
        WatchedKey wk = new WatchedKey(db, key);
        t.watched.add(wk);
        Stripe s = stripes[wk.hash & (STRIPES - 1)];
        synchronized (s) {
            s.watchers.computeIfAbsent(wk, k -> new ArrayList<>(2)).add(t);
        }
        if (entries.incrementAndGet() == 1) {
            engagementChanged.fire(); // under the key's lock: the next write of it sees the watch
        }
    }

    /** Drops every watch of a client and clears its dirty mark (UNWATCH, EXEC, DISCARD, RESET, close). */
    void unwatchAll(TransactionState t) {
        for (WatchedKey wk : t.watched) {
            Stripe s = stripes[wk.hash & (STRIPES - 1)];
            synchronized (s) {
                List<TransactionState> list = s.watchers.get(wk);
                if (list != null && list.remove(t)) {
                    if (entries.decrementAndGet() == 0) {
                        engagementChanged.fire();
                    }
                    if (list.isEmpty()) {
                        s.watchers.remove(wk);
                    }
                }
            }
        }
        t.watched.clear();
        t.dirty = false;
    }

    /** Number of keys watched by anyone (INFO keyspace-style counters, tests). */
    int watchedKeys() {
        int n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.watchers.size();
            }
        }
        return n;
    }

    @Override
    public void keyWritten(Database db, byte[] key) {
        if (entries.get() == 0) {
            return;
        }
        int hash = WatchedKey.hashOf(db.index(), key);
        Stripe s = stripes[hash & (STRIPES - 1)];
        synchronized (s) {
            s.probe.set(db.index(), key, hash);
            List<TransactionState> list = s.watchers.get(s.probe);
            s.probe.key = null;
            if (list != null) {
                for (TransactionState t : list) {
                    t.dirty = true;
                }
            }
        }
    }

    /**
     * FLUSHDB/FLUSHALL/SWAPDB: as Redis 7.0, a watched key of the replaced database counts as
     * modified when it exists there or in its replacement (flushing a missing key changes nothing).
     */
    @Override
    public void contentsReplaced(Database db, Database replacement) {
        if (entries.get() == 0) {
            return;
        }
        List<WatchedKey> keys = new ArrayList<>();
        List<List<TransactionState>> owners = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (Map.Entry<WatchedKey, List<TransactionState>> e : s.watchers.entrySet()) {
                    if (e.getKey().db == db.index()) {
                        keys.add(e.getKey());
                        owners.add(new ArrayList<>(e.getValue()));
                    }
                }
            }
        }
        // Existence is checked outside the stripes: a lookup may expire the key, which calls back in.
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i).key;
            if (db.peek(key) != null || (replacement != null && replacement.peek(key) != null)) {
                for (TransactionState t : owners.get(i)) {
                    t.dirty = true;
                }
            }
        }
    }
}
