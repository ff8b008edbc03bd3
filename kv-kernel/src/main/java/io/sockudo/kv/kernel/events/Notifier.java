package io.sockudo.kv.kernel.events;

import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KeyspaceListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans keyspace events out to the registered {@link KeyspaceListener}s (search indexes, and later
 * the pub/sub keyspace notifications governed by {@code notify-keyspace-events}).
 */
public final class Notifier {
    private final List<KeyspaceListener> listeners = new CopyOnWriteArrayList<>();

    public void add(KeyspaceListener l) {
        listeners.add(l);
    }

    public void remove(KeyspaceListener l) {
        listeners.remove(l);
    }

    public void notify(Keyspace db, EventClass cls, String event, byte[] key) {
        for (KeyspaceListener l : listeners) {
            l.onEvent(db, cls, event, key);
        }
    }

    public void flushed(int db) {
        for (KeyspaceListener l : listeners) {
            l.onFlush(db);
        }
    }

    public void swapped(int a, int b) {
        for (KeyspaceListener l : listeners) {
            l.onSwap(a, b);
        }
    }
}
