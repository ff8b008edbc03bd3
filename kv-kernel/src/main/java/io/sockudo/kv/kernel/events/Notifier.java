package io.sockudo.kv.kernel.events;

import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KeyspaceListener;

import java.util.List;

/**
 * Fans keyspace events out to the registered {@link KeyspaceListener}s (search indexes, and later
 * the pub/sub keyspace notifications governed by {@code notify-keyspace-events}).
 */
public final class Notifier {
    /** Copy-on-write arrays: iterated without an iterator object. Every listener, for the rare callbacks. */
    private volatile KeyspaceListener[] listeners = new KeyspaceListener[0];
    /** The listeners that want {@code onEvent} now ({@link KeyspaceListener#wantsEvents}): every write walks this one. */
    private volatile KeyspaceListener[] eventListeners = new KeyspaceListener[0];

    public void add(KeyspaceListener l) {
        synchronized (this) {
            listeners = changed(l, true);
        }
        // outside this lock: the listener may run the callback at once, holding its own locks
        l.attach(this::interestChanged);
        interestChanged();
    }

    public synchronized void remove(KeyspaceListener l) {
        listeners = changed(l, false);
        interestChanged();
    }

    /** A copy of {@link #listeners} with {@code l} added or removed (the caller holds this lock). */
    private KeyspaceListener[] changed(KeyspaceListener l, boolean add) {
        List<KeyspaceListener> copy = new java.util.ArrayList<>(List.of(listeners));
        if (add) {
            copy.add(l);
        } else {
            copy.remove(l);
        }
        return copy.toArray(new KeyspaceListener[0]);
    }

    /** A listener's {@code wantsEvents()} answer changed: the array events go to is rebuilt. */
    private synchronized void interestChanged() {
        List<KeyspaceListener> wanting = new java.util.ArrayList<>(listeners.length);
        for (KeyspaceListener l : listeners) {
            if (l.wantsEvents()) {
                wanting.add(l);
            }
        }
        eventListeners = wanting.toArray(new KeyspaceListener[0]);
    }

    public void notify(Keyspace db, EventClass cls, String event, byte[] key) {
        for (KeyspaceListener l : eventListeners) {
            l.onEvent(db, cls, event, key);
        }
    }

    public void flushed(int db) {
        for (KeyspaceListener l : listeners) {
            l.onFlush(db);
        }
    }

    /** A key added by a file load ({@link KeyspaceListener#onLoaded}). */
    public void loaded(Keyspace db, byte[] key, io.sockudo.kv.spi.KvValue value) {
        for (KeyspaceListener l : listeners) {
            l.onLoaded(db, key, value);
        }
    }

    /** Database {@code db}'s contents were replaced by a swapdb load ({@link KeyspaceListener#onReplaced}). */
    public void replaced(int db) {
        for (KeyspaceListener l : listeners) {
            l.onReplaced(db);
        }
    }

    public void swapped(int a, int b) {
        for (KeyspaceListener l : listeners) {
            l.onSwap(a, b);
        }
    }
}
