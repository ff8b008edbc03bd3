package io.sockudo.kv.kernel.client;

/** Told when connections open and close (transactions, pub/sub and blocking clean up here). */
public interface ConnectionListener {
    default void opened(Client client) {
    }

    void closed(Client client);
}
