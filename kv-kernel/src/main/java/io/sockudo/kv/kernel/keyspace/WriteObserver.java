package io.sockudo.kv.kernel.keyspace;

/** Told about every key written (WATCH invalidation, blocked clients). */
public interface WriteObserver {
    void keyWritten(Database db, byte[] key);

    /**
     * The whole contents of {@code db} are about to be replaced: emptied (FLUSHDB/FLUSHALL,
     * {@code replacement} null) or swapped with {@code replacement} (SWAPDB).
     */
    default void contentsReplaced(Database db, Database replacement) {
    }
}
