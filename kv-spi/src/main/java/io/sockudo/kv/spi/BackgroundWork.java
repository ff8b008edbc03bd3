package io.sockudo.kv.spi;

/**
 * Work a module does outside its commands, on the kernel's background threads: building an index
 * over existing keys after a command created it, expiring idle cursors. Obtained once with
 * {@link ModuleRegistry#background()} and kept by the module.
 *
 * <p>Background code holds no lock unless it asks for one: it touches keys only inside
 * {@link #withKey} or through {@link #scan}, which take the same shard locks commands take, so it
 * sees every key in a consistent state and never races a command. Keep each locked step short
 * (other clients wait for the lock): scan in steps, not the whole keyspace at once.
 */
public interface BackgroundWork {
    /** Runs {@code task} on a background thread (never on an event loop). */
    void execute(Runnable task);

    /**
     * Runs {@code task} on a background thread after {@code delayMillis}.
     *
     * @return cancels the task if it has not started yet
     */
    Runnable schedule(Runnable task, long delayMillis);

    /** Number of databases. */
    int databases();

    /** Runs {@code action} with database {@code db} while holding the lock of {@code key}. */
    void withKey(int db, byte[] key, java.util.function.Consumer<Keyspace> action);

    /**
     * One step of a SCAN over database {@code db} ({@link Keyspace#scan} guarantees), taking the
     * lock of the part of the keyspace the step visits for the length of the step; the visitor
     * runs under that lock and may read the values it is given.
     *
     * @return the next cursor; 0 when the scan is complete
     */
    long scan(int db, long cursor, Keyspace.KeyVisitor visitor);
}
