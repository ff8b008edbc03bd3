package io.sockudo.kv.types.stack.vectorset.hnsw;

/**
 * Distance kernels over normalised vectors: {@code 1 - dot} in [0, 2] (0 identical, 2 opposite),
 * which is cosine distance since every stored vector has unit length.
 *
 * <p>The loops are written for C2's SuperWord pass: plain counted loops over arrays with
 * offsets, which it compiles to SIMD code (measured with and without {@code -XX:-UseSuperWord}
 * by bench/VectorKernelsBench.java, figures in docs/benchmarks.md). Below 16 components the float
 * kernel sums in Redis's scalar order, so small vectors score exactly as in Redis. The int8 and
 * binary kernels are exact integer arithmetic, so their order does not matter.
 */
public final class Dist {
    private Dist() {
    }

    /** Cosine distance of two normalised float vectors. */
    public static float f32(float[] a, int ao, float[] b, int bo, int dim) {
        if (dim < 16) {
            return 1.0f - redisScalarDot(a, ao, b, bo, dim);
        }
        return 1.0f - dot(a, ao, b, bo, dim);
    }

    /** Redis's scalar loop: blocks of 8 summed 4 by 4 into two accumulators, the tail into the first. */
    private static float redisScalarDot(float[] x, int xo, float[] y, int yo, int dim) {
        float dot0 = 0f;
        float dot1 = 0f;
        int i = 0;
        for (; i + 7 < dim; i += 8) {
            dot0 += x[xo + i] * y[yo + i] + x[xo + i + 1] * y[yo + i + 1]
                    + x[xo + i + 2] * y[yo + i + 2] + x[xo + i + 3] * y[yo + i + 3];
            dot1 += x[xo + i + 4] * y[yo + i + 4] + x[xo + i + 5] * y[yo + i + 5]
                    + x[xo + i + 6] * y[yo + i + 6] + x[xo + i + 7] * y[yo + i + 7];
        }
        for (; i < dim; i++) {
            dot0 += x[xo + i] * y[yo + i];
        }
        return dot0 + dot1;
    }

    /**
     * Dot product as a plain loop: the shape C2's SuperWord pass turns into SIMD code (an ordered
     * vector reduction, so the result is the scalar loop's, bit for bit). Split accumulators
     * defeat it (measured: bench/VectorKernelsBench.java).
     */
    static float dot(float[] a, int ao, float[] b, int bo, int dim) {
        float s = 0f;
        for (int i = 0; i < dim; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /**
     * Distance of two int8 vectors with ranges {@code ra} and {@code rb} (components in
     * [-range, range] map to [-127, 127]), clamped to [0, 2]; a zero vector is at distance 1 from
     * everything.
     */
    public static float q8(byte[] a, int ao, byte[] b, int bo, int dim, float ra, float rb) {
        if (ra == 0 || rb == 0) {
            return 1.0f;
        }
        float scale = (ra / 127) * (rb / 127);
        float d = 1.0f - dotQ8(a, ao, b, bo, dim) * scale;
        if (d < 0) {
            return 0f;
        }
        return d > 2 ? 2f : d;
    }

    /** A plain loop, vectorised by C2 like the float one (split accumulators measured slower). */
    static int dotQ8(byte[] a, int ao, byte[] b, int bo, int dim) {
        int s = 0;
        for (int i = 0; i < dim; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** Distance of two sign-bit vectors: twice the share of components whose signs differ. */
    public static float bin(long[] a, int ao, long[] b, int bo, int words, int dim) {
        int opposite = 0;
        for (int j = 0; j < words; j++) {
            opposite += Long.bitCount(a[ao + j] ^ b[bo + j]);
        }
        return (float) opposite * 2 / dim;
    }
}
