package io.sockudo.kv.search.schema;

/**
 * The parameters of a VECTOR attribute.
 *
 * @param algorithm      FLAT or HNSW
 * @param type           FLOAT32 or FLOAT64
 * @param dim            number of dimensions
 * @param metric         L2, IP or COSINE
 * @param initialCap     INITIAL_CAP
 * @param blockSize      BLOCK_SIZE (FLAT)
 * @param m              M (HNSW)
 * @param efConstruction EF_CONSTRUCTION (HNSW)
 * @param efRuntime      EF_RUNTIME (HNSW)
 * @param epsilon        EPSILON (HNSW range queries)
 */
public record VectorParams(String algorithm, String type, int dim, String metric, long initialCap, long blockSize,
                           int m, int efConstruction, int efRuntime, double epsilon) {
    public static final int DEFAULT_M = 16;
    public static final int DEFAULT_EF_CONSTRUCTION = 200;
    public static final int DEFAULT_EF_RUNTIME = 10;
    public static final double DEFAULT_EPSILON = 0.01;
    public static final long DEFAULT_BLOCK_SIZE = 1024;

    public boolean hnsw() {
        return algorithm.equals("HNSW");
    }

    public boolean float64() {
        return type.equals("FLOAT64");
    }

    /** Bytes of one vector blob. */
    public int blobSize() {
        return dim * (float64() ? 8 : 4);
    }
}
