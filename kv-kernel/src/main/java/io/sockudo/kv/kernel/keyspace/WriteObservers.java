package io.sockudo.kv.kernel.keyspace;

import java.util.Arrays;

/**
 * The {@link WriteObserver}s of the keyspace, iterated on every written key without an iterator.
 * Only the engaged ones are told ({@link WriteObserver#engaged}: a WATCH, a blocked client, a
 * tracking client exists), so a write costs one array-length check while nobody uses them; each
 * observer calls {@link #changed} when its engagement may have changed.
 */
public final class WriteObservers {
    /** Every observer, copy-on-write. */
    private volatile WriteObserver[] observers = new WriteObserver[0];
    /** The engaged ones, recomputed by {@link #changed}: what {@link #keyWritten} iterates. */
    private volatile WriteObserver[] engaged = new WriteObserver[0];

    public synchronized void add(WriteObserver o) {
        WriteObserver[] grown = Arrays.copyOf(observers, observers.length + 1);
        grown[observers.length] = o;
        observers = grown;
        o.onEngagementChange(this::changed);
        changed();
    }

    /**
     * Recomputes which observers are engaged. An observer calls it after every change that may
     * turn its {@link WriteObserver#engaged} on or off — while it still holds whatever orders that
     * change against the writes it must see (the key's shard lock for WATCH). Synchronized: the
     * last call reads every observer after the change that led to it.
     */
    public synchronized void changed() {
        WriteObserver[] all = observers;
        int n = 0;
        WriteObserver[] on = new WriteObserver[all.length];
        for (WriteObserver o : all) {
            if (o.engaged()) {
                on[n++] = o;
            }
        }
        if (n != engaged.length || !Arrays.equals(engaged, 0, n, on, 0, n)) {
            engaged = Arrays.copyOf(on, n);
        }
    }

    /** The observers engaged now (tests). */
    public WriteObserver[] engaged() {
        return engaged.clone();
    }

    public void keyWritten(Database db, byte[] key) {
        for (WriteObserver o : engaged) {
            o.keyWritten(db, key);
        }
    }

    public void contentsReplaced(Database db, Database replacement) {
        for (WriteObserver o : observers) {
            o.contentsReplaced(db, replacement);
        }
    }
}
