package io.sockudo.kv.kernel.persistence;

import java.util.List;

/**
 * What the scripting engine keeps in an RDB file: its function libraries, one
 * {@code RDB_OPCODE_FUNCTION2} record of library code each, written before the databases as Redis
 * 7.0's {@code rdbSaveRio} does and loaded back wherever the file has them.
 */
public interface FunctionLibraries {
    /**
     * The code of every library, in load order. Called when an image starts, with every shard lock
     * held (the FUNCTION commands that change the libraries hold them all too), so the libraries
     * in the file are those of that instant.
     */
    List<byte[]> codes();

    /**
     * Loads one library read from a file; one of the same name is replaced (the file's wins, as
     * the keys it holds replace those in memory).
     *
     * @return null when loaded, else the reason (Redis's library error text)
     */
    String load(byte[] code);

    /** Drops every library (DEBUG RELOAD empties them with the databases before loading the file). */
    void clear();

    /** A server without scripting: no libraries to save; a file that has some cannot be loaded. */
    FunctionLibraries NONE = new FunctionLibraries() {
        @Override
        public List<byte[]> codes() {
            return List.of();
        }

        @Override
        public String load(byte[] code) {
            return "this server has no function engine";
        }

        @Override
        public void clear() {
        }
    };
}
