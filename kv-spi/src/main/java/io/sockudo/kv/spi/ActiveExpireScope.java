package io.sockudo.kv.spi;

/**
 * What an {@link ActiveExpireHook} gets for one database in one cycle. Valid only during the
 * {@link ActiveExpireHook#run} call.
 */
public interface ActiveExpireScope {
    /** The database being visited. Use it only inside {@link #withKey}. */
    Keyspace db();

    /** The clock in Unix milliseconds, as commands see it. */
    long now();

    /** True once this cycle's time budget is spent: return as soon as convenient. */
    boolean timeUp();

    /**
     * Runs {@code action} holding the lock of {@code key} in {@link #db()}, so it may read and
     * change that key as a command would (writes through {@link Keyspace} are seen by WATCH and
     * listeners; call {@link Keyspace#modified} after an in-place change).
     */
    void withKey(byte[] key, Runnable action);

    /** Emits a keyspace event for {@code key} in {@link #db()}; call inside {@link #withKey}. */
    void notify(EventClass eventClass, String event, byte[] key);
}
