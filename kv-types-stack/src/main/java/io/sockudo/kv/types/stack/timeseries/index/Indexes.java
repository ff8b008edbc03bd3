package io.sockudo.kv.types.stack.timeseries.index;

import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KeyspaceListener;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.types.stack.timeseries.store.Rule;
import io.sockudo.kv.types.stack.timeseries.store.Series;

import java.util.Arrays;

/**
 * The label indexes of all databases, kept exact by a keyspace listener: after every keyspace
 * event it looks at what the key now holds ({@code peek}) and indexes the series there (creates,
 * TS.ALTER, renames, moves, copies, restores) or drops the key (deletes, expiry, eviction,
 * overwrites by another type). Series a file load adds arrive through {@code onLoaded}. Flushes and
 * SWAPDB are followed as whole indexes.
 *
 * <p>The same pass keeps a series's own key name current, and with it the names its compaction
 * rules carry (RENAME holds the locks of both names, so the shared rule objects change safely).
 */
public final class Indexes implements KeyspaceListener {
    private volatile LabelIndex[] dbs = new LabelIndex[16];

    /** The index of database {@code db}. */
    public LabelIndex forDb(int db) {
        LabelIndex[] a = dbs;
        if (db < a.length && a[db] != null) {
            return a[db];
        }
        synchronized (this) {
            a = dbs;
            if (db >= a.length) {
                a = Arrays.copyOf(a, Math.max(db + 1, a.length * 2));
            }
            if (a[db] == null) {
                a[db] = new LabelIndex();
            }
            dbs = a;
            return a[db];
        }
    }

    @Override
    public void onEvent(Keyspace db, EventClass eventClass, String event, byte[] key) {
        LabelIndex index = forDb(db.index());
        // Every write of every type passes here. A miss changes nothing, and a core type's own
        // command cannot leave a series behind: with no series indexed there is nothing to drop.
        switch (eventClass) {
            case KEY_MISS -> {
                return;
            }
            case STRING, LIST, SET, HASH, ZSET, STREAM -> {
                if (index.size() == 0) {
                    return;
                }
            }
            default -> {
            }
        }
        KvValue v = db.peek(key);
        if (v instanceof Series s) {
            follow(s, key);
            index.track(s, key);
        } else {
            index.remove(key);
        }
    }

    /** A swapdb load replaced the database: its series arrive again through onLoaded. */
    @Override
    public synchronized void onReplaced(int db) {
        LabelIndex[] a = dbs;
        if (db < a.length && a[db] != null) {
            a = a.clone();
            a[db] = null;
            dbs = a;
        }
    }

    /** A series loaded from a file is indexed as a created one (no event comes for it). */
    @Override
    public void onLoaded(Keyspace db, byte[] key, KvValue value) {
        if (value instanceof Series s) {
            follow(s, key);
            forDb(db.index()).track(s, key);
        }
    }

    /** A series now stored under {@code key}: its name, and the names its rules use for it. */
    static void follow(Series s, byte[] key) {
        if (Arrays.equals(s.keyName, key)) {
            return;
        }
        s.keyName = key;
        if (s.rules != null) {
            for (Rule r : s.rules) {
                r.srcKey = key;
            }
        }
        if (s.srcRule != null) {
            s.srcRule.destKey = key;
        }
    }

    @Override
    public synchronized void onFlush(int db) {
        if (db < 0) {
            for (LabelIndex i : dbs) {
                if (i != null) {
                    i.clear();
                }
            }
        } else if (db < dbs.length && dbs[db] != null) {
            dbs[db].clear();
        }
    }

    @Override
    public synchronized void onSwap(int db1, int db2) {
        LabelIndex a = forDb(db1);
        LabelIndex b = forDb(db2);
        LabelIndex[] copy = dbs.clone();
        copy[db1] = b;
        copy[db2] = a;
        dbs = copy;
    }
}
