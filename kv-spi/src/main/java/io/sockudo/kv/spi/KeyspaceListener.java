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

    /**
     * Whether {@link #onEvent} is wanted now. A listener that often has nothing to do with events
     * (a search family without indexes) answers false meanwhile, and runs the callback it was
     * given by {@link #attach} each time its answer changes: the server then stops or resumes
     * calling {@code onEvent} for it, so that writes cost it nothing while it has no use for them.
     * The other callbacks ({@code onFlush}, {@code onSwap}, {@code onReplaced}, {@code onLoaded})
     * are delivered whatever this says. Called when the listener is registered and from the
     * callback: it must be cheap (a field read) and take no lock. Since SPI 1.4.
     */
    default boolean wantsEvents() {
        return true;
    }

    /**
     * Called once, when the listener is registered, with the callback to run whenever
     * {@link #wantsEvents} changes its answer. The callback asks {@code wantsEvents()} again
     * before it returns, so an event that follows it is delivered (or not) by the new answer. It
     * may be run from any thread, while the listener holds its own locks. Since SPI 1.4.
     */
    default void attach(Runnable interestChanged) {
    }

    /** A database ({@code db >= 0}) or all databases ({@code db == -1}) were flushed. */
    default void onFlush(int db) {
    }

    /** Two databases were swapped by {@code SWAPDB}. */
    default void onSwap(int db1, int db2) {
    }

    /**
     * The whole contents of database {@code db} were replaced without commands: a replica's
     * diskless {@code swapdb} load swapped in the data it read from its master. Forget what was
     * derived from the old keys but keep your own definitions (a flush, by contrast, also drops a
     * search family's indexes, as RediSearch does); {@link #onLoaded} follows for every key the
     * database now holds. Called with every lock held, no command running. Since SPI 1.2.
     */
    default void onReplaced(int db) {
    }

    /**
     * A key was loaded from a file (an RDB file or the RDB preamble of an AOF at start-up,
     * DEBUG RELOAD, a replica's full sync), as Redis modules get the {@code loaded} keyspace event.
     * A load adds keys without running commands, so this is the only way a listener that keeps
     * state derived from keys (an index) learns about them; no other event is sent for the key.
     *
     * <p>Called on the loading thread for every key added, in file order, while no command runs
     * (every shard lock is held), before the key is reachable by a command; {@code value} is what
     * {@code db} now holds under {@code key}. Loads are bulk operations: do as little as possible
     * here (queue the work) and never block. A flush that precedes the load (DEBUG RELOAD) is
     * announced with {@link #onFlush}.
     */
    default void onLoaded(Keyspace db, byte[] key, KvValue value) {
    }
}
