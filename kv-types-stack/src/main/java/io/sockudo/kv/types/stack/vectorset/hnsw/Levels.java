package io.sockudo.kv.types.stack.vectorset.hnsw;

/**
 * The HNSW level of a new node: geometric with p = 1/4 per level (Redis's {@code HNSW_P}),
 * capped at {@link Hnsw#MAX_LEVEL}, drawn from a hash of the element name rather than from a
 * random generator. A replica (or an AOF replay) that applies the same VADDs in the same order
 * therefore draws the same levels and builds the same graph as the master, without the level
 * travelling in the propagated command.
 */
public final class Levels {
    private static final long SEED = 0x5bd1e9955bd1e995L;

    private Levels() {
    }

    public static int of(byte[] element) {
        long h = Hashing.hash(element, SEED);
        // each pair of low zero bits is a 1/4 chance of one more level
        int level = Long.numberOfTrailingZeros(h) >>> 1;
        return Math.min(level, Hnsw.MAX_LEVEL);
    }
}
