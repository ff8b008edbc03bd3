package io.sockudo.kv.kernel.persistence.rdb;

import io.sockudo.kv.spi.KvValue;

import java.io.IOException;

/**
 * What {@link RdbReader#read} finds in an RDB file, in file order. A visitor may throw
 * {@link IOException} (e.g. an {@link RdbException}) to stop the load.
 */
public interface RdbVisitor {
    /** An AUX field ({@code redis-ver}, {@code ctime}, {@code repl-id}...). */
    void aux(byte[] key, byte[] value) throws IOException;

    /** The following keys belong to database {@code db}. */
    void selectDb(int db) throws IOException;

    /** The resize hint of the current database. */
    void resizeDb(long size, long expires) throws IOException;

    /**
     * A key of database {@code db} with its value, its expiry ({@code expireAtMs}, -1 for none; it
     * may be in the past: Redis's loader drops such keys on a master), the LRU idle time in seconds
     * and the LFU counter the file carries (-1 when absent).
     */
    void entry(int db, byte[] key, KvValue value, long expireAtMs, long lruIdleSeconds, int lfuFreq)
            throws IOException;

    /**
     * A key whose value is well formed but empty (Redis logs "rdbLoadObject skipping empty key: %s"
     * and goes on).
     */
    void emptyKey(int db, byte[] key) throws IOException;

    /**
     * A module aux record follows: its loader may look at the keys loaded so far, so a visitor
     * that applies entries later (on another thread) must apply everything before it first.
     */
    default void beforeModuleAux() throws IOException {
    }

    /** A function library ({@code RDB_OPCODE_FUNCTION2}): the library's code, for the scripting engine. */
    void function(byte[] code) throws IOException;
}
