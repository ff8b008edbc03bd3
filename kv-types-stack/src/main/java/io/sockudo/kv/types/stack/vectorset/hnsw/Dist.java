package io.sockudo.kv.types.stack.vectorset.hnsw;

/**
 * Distance kernels over normalised vectors: {@code 1 - dot} in [0, 2] (0 identical, 2 opposite),
 * which is cosine distance since every stored vector has unit length.
 *
 * <p>The dot products run on the JDK's Vector API ({@link SimdKernels}) when the launcher put the
 * {@code jdk.incubator.vector} module in the boot layer (bin/sockudo-kv does; the property
 * {@code -Dsockudo.kv.vectorset.simd=false} turns it off) and the CPU has 256-bit vectors;
 * otherwise plain loops. Measured (bench/VectorKernelsBench.java, docs/benchmarks.md): C2 on
 * JDK 17 compiles the plain float loop to an ordered reduction (a little faster than scalar) and
 * does not vectorise the int8 loop at all, where the Vector API is 2x (float) and 4x (int8)
 * faster. Below 16 components the float kernel sums in Redis's scalar order, so small vectors
 * score exactly as in Redis. The int8 and binary kernels are exact integer arithmetic, so their
 * order does not matter.
 */
public final class Dist {
    /** The Vector API kernels are in use (decided once; C2 folds the branches). */
    public static final boolean SIMD = simdAvailable();

    private Dist() {
    }

    private static boolean simdAvailable() {
        if (!Boolean.parseBoolean(System.getProperty("sockudo.kv.vectorset.simd", "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false; // SimdKernels must not even be loaded then
        }
        try {
            return SimdKernels.usable();
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Cosine distance of two normalised float vectors. */
    public static float f32(float[] a, int ao, float[] b, int bo, int dim) {
        if (dim < 16) {
            return 1.0f - redisScalarDot(a, ao, b, bo, dim);
        }
        return 1.0f - (SIMD ? SimdKernels.dot(a, ao, b, bo, dim) : dot(a, ao, b, bo, dim));
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
     * Dot product as a plain loop, the fallback: C2's SuperWord pass compiles it to an ordered
     * vector reduction (so the result is the scalar loop's, bit for bit).
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
        int dot = SIMD && dim >= 16 ? SimdKernels.dotQ8(a, ao, b, bo, dim) : dotQ8(a, ao, b, bo, dim);
        float d = 1.0f - dot * scale;
        if (d < 0) {
            return 0f;
        }
        return d > 2 ? 2f : d;
    }

    /** The int8 dot product as a plain loop, the fallback (C2 on JDK 17 leaves it scalar). */
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
