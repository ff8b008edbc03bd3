package io.sockudo.kv.spi;

/**
 * Observes keyspace changes, e.g. to keep a search index current. Called synchronously, while the
 * changing command still holds the key's lock, so a listener sees every change in order and may
 * read the key's new value through {@code db}. Listeners must be fast and must not block.
 */
public interface KeyspaceListener {
    /**
     * A keyspace event: the same events Redis publishes as keyspace notifications
     * ({@code set}, {@code del}, {@code expired}, {@code hset}, ...), delivered whatever
     * {@code notify-keyspace-events} says.
     */
    void onEvent(Keyspace db, EventClass eventClass, String event, byte[] key);

    /** A database ({@code db >= 0}) or all databases ({@code db == -1}) were flushed. */
    default void onFlush(int db) {
    }

    /** Two databases were swapped by {@code SWAPDB}. */
    default void onSwap(int db1, int db2) {
    }
}
