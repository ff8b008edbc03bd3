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

    /**
     * The value of {@code key} for changing it in place (a write lookup, as {@link Keyspace#get}:
     * a running snapshot copies it first and the memory account follows the change at
     * {@link Keyspace#modified}), without counting as an access for LRU/LFU: background expiry is
     * not a use of the key. Null when absent. Call inside {@link #withKey}.
     */
    KvValue lookupWrite(byte[] key);

    /** Emits a keyspace event for {@code key} in {@link #db()}; call inside {@link #withKey}. */
    void notify(EventClass eventClass, String event, byte[] key);
}
