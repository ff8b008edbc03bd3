package io.sockudo.kv.kernel.client;

/** Told when connections open, close and RESET (transactions, pub/sub and blocking clean up here). */
public interface ConnectionListener {
    default void opened(Client client) {
    }

    void closed(Client client);

    /** The client sent RESET: drop per-connection state (transactions, subscriptions...). */
    default void reset(Client client) {
    }
}
