package io.sockudo.kv.kernel.keyspace;

/**
 * What the keyspace tells the rest of the kernel: writes (for WATCH, blocked clients, dirty
 * counters) and expirations (for notifications and DEL propagation).
 */
public interface KeyspaceHooks {
    /** A key was created, overwritten, changed in place or deleted by a command. */
    void keyWritten(Database db, byte[] key);

    /** WATCH and tracking see the key as changed, but nothing was written (not dirty, not propagated). */
    default void keyTouched(Database db, byte[] key) {
        keyWritten(db, key);
    }

    /** Clients blocked on the key should run again; not a change (WATCH untouched). */
    default void keyReady(Database db, byte[] key) {
    }

    /** A key was found expired and deleted (passively or by the active cycle). */
    void keyExpired(Database db, byte[] key);

    /**
     * A key was deleted to get under {@code maxmemory}: Redis counts it in {@code evicted_keys},
     * fires the {@code evicted} event, invalidates WATCH and propagates DEL (UNLINK with
     * {@code lazyfree-lazy-eviction}).
     */
    default void keyEvicted(Database db, byte[] key) {
        keyWritten(db, key);
    }

    /**
     * The contents of {@code db} are about to be replaced: emptied ({@code replacement} null) or
     * swapped with {@code replacement}. Called with all locks held (WATCH invalidation).
     */
    default void contentsReplaced(Database db, Database replacement) {
    }

    /**
     * A read lookup ({@link Database#lookupRead}) found the key ({@code hit}) or not: INFO
     * keyspace_hits/misses, and the {@code keymiss} event on a miss when {@code notifyMiss}.
     */
    default void keyRead(Database db, byte[] key, boolean hit, boolean notifyMiss) {
    }

    /** A key was added that did not exist (Redis's {@code dbAdd}): the {@code new} event. */
    default void keyCreated(Database db, byte[] key) {
    }

    /** True when keys must not be expired locally (a replica waits for the master's DEL). */
    default boolean expiryDisabled() {
        return false;
    }

    /**
     * With {@link #expiryDisabled}: true when the running command sees logically expired keys as
     * present (a replica applying its master's stream), false when they read as missing.
     */
    default boolean expiredKeysVisible() {
        return false;
    }

    KeyspaceHooks NONE = new KeyspaceHooks() {
        @Override
        public void keyWritten(Database db, byte[] key) {
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
        }
    };
}
