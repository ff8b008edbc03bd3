package io.sockudo.kv.types.stack.vectorset.hnsw;

/**
 * A vector ready to be compared with the nodes of a graph: normalised, and quantised the way the
 * graph stores its vectors (a query against an int8 set is itself int8, as in Redis, so a node's
 * own vector scores 1 against it). Also what an insert stores.
 */
public final class Query {
    final float[] f;
    final byte[] q;
    final long[] b;
    final float range;
    final float l2;

    private Query(float[] f, byte[] q, long[] b, float range, float l2) {
        this.f = f;
        this.q = q;
        this.b = b;
        this.range = range;
        this.l2 = l2;
    }

    /** Prepares {@code vector} (not modified) for a graph of {@code dim} components stored as {@code quant}. */
    public static Query of(int quant, int dim, float[] vector) {
        float[] f = java.util.Arrays.copyOf(vector, dim);
        float l2 = VectorMath.normalize(f, 0, dim);
        switch (quant) {
            case Quant.NONE:
                return new Query(f, null, null, 0f, l2);
            case Quant.Q8: {
                byte[] q = new byte[dim];
                float range = VectorMath.quantizeQ8(f, 0, q, 0, dim);
                return new Query(f, q, null, range, l2);
            }
            default: {
                long[] b = new long[Quant.words(dim)];
                VectorMath.quantizeBin(f, 0, b, 0, dim);
                return new Query(f, null, b, 0f, l2);
            }
        }
    }
}
