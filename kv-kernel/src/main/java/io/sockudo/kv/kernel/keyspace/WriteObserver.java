package io.sockudo.kv.kernel.keyspace;

/** Told about every key written (WATCH invalidation, blocked clients). */
public interface WriteObserver {
    void keyWritten(Database db, byte[] key);

    /**
     * Whether the observer needs {@link #keyWritten} now (someone watches, is blocked, tracks).
     * Read by {@link WriteObservers#changed} only, which the observer calls when this may change;
     * it may be conservative (true when in doubt), never false while a write would matter.
     */
    default boolean engaged() {
        return true;
    }

    /**
     * Called by {@link WriteObservers#add} with what to run after {@link #engaged} may have
     * changed (an observer in several lists gets one per list). Observers that are always
     * engaged ignore it.
     */
    default void onEngagementChange(Runnable changed) {
    }

    /**
     * The whole contents of {@code db} are about to be replaced: emptied (FLUSHDB/FLUSHALL,
     * {@code replacement} null) or swapped with {@code replacement} (SWAPDB).
     */
    default void contentsReplaced(Database db, Database replacement) {
    }
}
