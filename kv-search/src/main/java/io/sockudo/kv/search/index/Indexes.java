package io.sockudo.kv.search.index;

import io.sockudo.kv.spi.BackgroundWork;
import io.sockudo.kv.spi.DocumentView;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KeyspaceListener;
import io.sockudo.kv.spi.KvValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * All indexes of the server (RediSearch indexes live in database 0, as there), their aliases, and
 * how they follow the keyspace: a {@link KeyspaceListener} that queues every change of a key an
 * index covers, and the scans that index existing keys after FT.CREATE, FT.ALTER, FT.SYNUPDATE or
 * SWAPDB.
 *
 * <p>Definitions (not data) are persisted as RDB aux data ({@code persist.IndexDefinitions}): the
 * FT.CREATE/FT.ALTER arguments are replayed on load and a scan rebuilds each index from the
 * loaded documents.
 */
public final class Indexes implements KeyspaceListener {
    /** Databases up to this size are indexed inside FT.CREATE itself; larger ones in the background. */
    public static final int SYNC_SCAN_LIMIT = 10_000;
    private static final int SCAN_STEP_KEYS = 2_000;

    private final Map<String, SearchIndex> byName = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private volatile SearchIndex[] all = new SearchIndex[0];
    /** The kernel's callback for {@link #wantsEvents} changes: run each time {@link #all} goes empty or not. */
    private volatile Runnable interestChanged = () -> { };
    private final BackgroundWork background;
    private final Consumer<Runnable> executor;

    public Indexes(BackgroundWork background) {
        this.background = background;
        this.executor = background == null ? Runnable::run : background::execute;
    }

    // ------------------------------------------------------------------ registry

    public synchronized SearchIndex get(String name) {
        SearchIndex i = byName.get(name);
        if (i == null) {
            String target = aliases.get(name);
            if (target != null) {
                i = byName.get(target);
            }
        }
        return i;
    }

    /** The index named exactly (no alias), or null. */
    public synchronized SearchIndex getExact(String name) {
        return byName.get(name);
    }

    public synchronized boolean exists(String name) {
        return byName.containsKey(name);
    }

    public synchronized SearchIndex create(io.sockudo.kv.search.schema.IndexSpec spec) {
        SearchIndex idx = new SearchIndex(spec, executor);
        byName.put(spec.name, idx);
        all = byName.values().toArray(new SearchIndex[0]);
        interestChanged.run();
        return idx;
    }

    public synchronized void remove(SearchIndex idx) {
        byName.remove(idx.spec.name);
        aliases.values().removeIf(v -> v.equals(idx.spec.name));
        all = byName.values().toArray(new SearchIndex[0]);
        interestChanged.run();
        idx.drop();
    }

    public synchronized List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    public synchronized Collection<SearchIndex> list() {
        return new ArrayList<>(byName.values());
    }

    /** Adds or moves an alias; returns an error text or null. */
    public synchronized String alias(String alias, String index, boolean update) {
        if (!byName.containsKey(index)) {
            return "Unknown index name (or name is an alias itself)";
        }
        if (!update && aliases.containsKey(alias)) {
            return "Alias already exists";
        }
        if (byName.containsKey(alias)) {
            return "Alias already exists";
        }
        aliases.put(alias, index);
        return null;
    }

    /** Every alias and the index it names, in the order they were added. */
    public synchronized Map<String, String> aliases() {
        return new LinkedHashMap<>(aliases);
    }

    public synchronized boolean unalias(String alias) {
        return aliases.remove(alias) != null;
    }

    public synchronized List<String> aliasesOf(String index) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            if (e.getValue().equals(index)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ following the keyspace

    /** Without an index, writes are none of our business: the kernel skips {@link #onEvent}. */
    @Override
    public boolean wantsEvents() {
        return all.length > 0;
    }

    @Override
    public void attach(Runnable interestChanged) {
        this.interestChanged = interestChanged;
    }

    @Override
    public void onEvent(Keyspace db, EventClass eventClass, String event, byte[] key) {
        SearchIndex[] idx = all;
        if (idx.length == 0 || db.index() != 0) {
            return;
        }
        switch (event) {
            case "new", "keymiss", "keymiss_rw" -> {
                return;
            }
            default -> {
            }
        }
        boolean loaded = false;
        KvValue v = null;
        for (SearchIndex i : idx) {
            if (!i.spec.matchesPrefix(key)) {
                continue;
            }
            if (!loaded) {
                v = db.peek(key);
                loaded = true;
            }
            offer(i, key, v);
        }
    }

    /**
     * A document loaded from a file (after the aux record that defined the indexes): queued for
     * every index whose prefix it matches, as a written document is. Counted, so the load's end
     * can tell whether database 0 holds keys the load did not bring ({@link #loadCoveredDb0}).
     */
    @Override
    public void onLoaded(Keyspace db, byte[] key, KvValue value) {
        if (db.index() != 0) {
            return;
        }
        loadedDb0 = db;
        loadedKeys++;
        for (SearchIndex i : all) {
            if (i.spec.matchesPrefix(key)) {
                offer(i, key, value);
            }
        }
    }

    /** Database 0 as the current load saw it, and how many keys the load added there. */
    private Keyspace loadedDb0;
    private long loadedKeys;

    /** A file load starts (its aux record replaced the indexes): count its keys from here. */
    public void beginLoad() {
        loadedDb0 = null;
        loadedKeys = 0;
    }

    /**
     * True when every key of database 0 came from the load that just ended, so the indexes were
     * offered each one; false when keys were there before (DEBUG RELOAD NOFLUSH) or the load
     * brought none, and a scan must index what is there.
     */
    public boolean loadCoveredDb0() {
        Keyspace db = loadedDb0;
        boolean covered = db != null && db.size() == loadedKeys;
        beginLoad();
        return covered;
    }

    /** Queues the current state of {@code key} for {@code idx} (called under the key's lock). */
    static void offer(SearchIndex idx, byte[] key, KvValue v) {
        if (v instanceof DocumentView dv
                && dv.documentKind().equals(idx.spec.onJson ? DocumentView.JSON : DocumentView.HASH)
                && idx.accepts(key, dv)) {
            idx.enqueue(RawDoc.capture(idx.spec, key, dv));
        } else {
            idx.enqueueDelete(key);
        }
    }

    /** Called after FLUSHALL / FLUSHDB 0 dropped every index (cursors, dictionaries). */
    private volatile Runnable onFlushed = () -> { };

    public void onFlushed(Runnable r) {
        this.onFlushed = r;
    }

    /** FLUSHALL and FLUSHDB of database 0 drop every index, as RediSearch does on a flush. */
    @Override
    public void onFlush(int db) {
        if (db == 0 || db == -1) {
            synchronized (this) {
                for (SearchIndex i : byName.values()) {
                    i.drop();
                }
                byName.clear();
                aliases.clear();
                all = new SearchIndex[0];
                interestChanged.run();
            }
            onFlushed.run();
        }
    }

    @Override
    public void onSwap(int db1, int db2) {
        if (db1 != 0 && db2 != 0) {
            return;
        }
        reindexDb0();
    }

    /**
     * A replica's swapdb load replaced database 0: the definitions (which the load's aux record
     * set) stay, the documents are indexed anew. A scan rather than the onLoaded calls that
     * follow, because the load's own end may have started a scan of the old contents.
     */
    @Override
    public void onReplaced(int db) {
        if (db == 0) {
            reindexDb0();
        }
    }

    private void reindexDb0() {
        for (SearchIndex i : all) {
            i.enqueueClear();
            startBackgroundScan(i);
        }
    }

    // ------------------------------------------------------------------ scans

    /**
     * Indexes the existing keys of database 0 for {@code idx}: right here when the database is
     * small ({@code db} must then be locked whole by the caller, as FT.CREATE is), otherwise in
     * background steps.
     */
    public void scan(SearchIndex idx, Keyspace db) {
        if (db != null && db.size() <= SYNC_SCAN_LIMIT) {
            idx.scanGeneration.incrementAndGet();
            long cursor = 0;
            do {
                cursor = db.scan(cursor, (k, v) -> {
                    if (idx.spec.matchesPrefix(k)) {
                        offer(idx, k, v);
                    }
                });
            } while (cursor != 0);
            return;
        }
        startBackgroundScan(idx);
    }

    /** Indexes the existing keys of database 0 for {@code idx} in background steps. */
    public void startBackgroundScan(SearchIndex idx) {
        if (background == null) {
            return;
        }
        int gen = idx.scanGeneration.incrementAndGet();
        idx.scanDone.set(0);
        idx.scanTotal = -1;
        idx.scanning = true;
        background.execute(() -> scanSteps(idx, gen, 0));
    }

    private void scanSteps(SearchIndex idx, int gen, long startCursor) {
        if (idx.dropped() || idx.scanGeneration.get() != gen) {
            return;
        }
        if (idx.scanTotal < 0) {
            long[] size = {0};
            background.withKey(0, new byte[0], ks -> size[0] = ks.size());
            idx.scanTotal = Math.max(1, size[0]);
        }
        long cursor = startCursor;
        int[] visited = {0};
        do {
            cursor = background.scan(0, cursor, (k, v) -> {
                visited[0]++;
                if (idx.spec.matchesPrefix(k)) {
                    offer(idx, k, v);
                }
            });
        } while (cursor != 0 && visited[0] < SCAN_STEP_KEYS);
        idx.scanDone.addAndGet(visited[0]);
        if (cursor == 0) {
            idx.drain();
            if (idx.scanGeneration.get() == gen) {
                idx.scanning = false;
            }
            return;
        }
        long next = cursor;
        background.execute(() -> scanSteps(idx, gen, next));
    }
}
