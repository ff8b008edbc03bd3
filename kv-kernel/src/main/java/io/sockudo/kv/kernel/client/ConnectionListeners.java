package io.sockudo.kv.kernel.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Subsystems told when a connection opens, closes or resets (authentication defaults, WATCH, blocking). */
public final class ConnectionListeners {
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    public void add(ConnectionListener l) {
        listeners.add(l);
    }

    public void opened(Client client) {
        for (ConnectionListener l : listeners) {
            l.opened(client);
        }
    }

    public void closed(Client client) {
        for (ConnectionListener l : listeners) {
            l.closed(client);
        }
    }

    /** The client sent RESET. */
    public void reset(Client client) {
        for (ConnectionListener l : listeners) {
            l.reset(client);
        }
    }
}
