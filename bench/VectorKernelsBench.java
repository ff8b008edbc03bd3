import java.util.Random;

/**
 * The distance loops of the vector-set family, and alternatives, timed on 128-component
 * vectors (run by bench/vectorset.sh, or: java bench/VectorKernelsBench.java). Prints ns per
 * distance for: the plain float dot product, the eight-accumulator loop the family uses, the
 * plain int8 loop the family uses, an int8 loop with split accumulators, and the sign-bit
 * (popcount) distance. Run it with -XX:-UseSuperWord too: equal times mean C2 did not turn the
 * loop into SIMD code. bench/VectorApiKernelsBench.java times the same dot products with the
 * incubating Vector API.
 */
public class VectorKernelsBench {
    static float dot1(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    static float dot8(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
            s4 += a[ao + i + 4] * b[bo + i + 4];
            s5 += a[ao + i + 5] * b[bo + i + 5];
            s6 += a[ao + i + 6] * b[bo + i + 6];
            s7 += a[ao + i + 7] * b[bo + i + 7];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static int q8plain(byte[] a, int ao, byte[] b, int bo, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    static int q8split(byte[] a, int ao, byte[] b, int bo, int n) {
        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return s0 + s1 + s2 + s3;
    }

    static int bin(long[] a, int ao, long[] b, int bo, int words) {
        int s = 0;
        for (int i = 0; i < words; i++) {
            s += Long.bitCount(a[ao + i] ^ b[bo + i]);
        }
        return s;
    }

    public static void main(String[] args) {
        int dim = 128;
        int n = 4096;
        Random r = new Random(1);
        float[] f = new float[dim * n];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextFloat() - 0.5f;
        }
        byte[] q = new byte[dim * n];
        r.nextBytes(q);
        long[] b = new long[2 * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextLong();
        }
        int reps = 2_000_000;
        double[] best = {1e9, 1e9, 1e9, 1e9, 1e9};
        float fs = 0;
        int is = 0;
        for (int round = 0; round < 7; round++) {
            long t = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                fs += dot1(f, ((k * 7919) & (n - 1)) * dim, f, ((k * 104729) & (n - 1)) * dim, dim);
            }
            best[0] = Math.min(best[0], (System.nanoTime() - t) / (double) reps);
            t = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                fs += dot8(f, ((k * 7919) & (n - 1)) * dim, f, ((k * 104729) & (n - 1)) * dim, dim);
            }
            best[1] = Math.min(best[1], (System.nanoTime() - t) / (double) reps);
            t = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                is += q8plain(q, ((k * 7919) & (n - 1)) * dim, q, ((k * 104729) & (n - 1)) * dim, dim);
            }
            best[2] = Math.min(best[2], (System.nanoTime() - t) / (double) reps);
            t = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                is += q8split(q, ((k * 7919) & (n - 1)) * dim, q, ((k * 104729) & (n - 1)) * dim, dim);
            }
            best[3] = Math.min(best[3], (System.nanoTime() - t) / (double) reps);
            t = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                is += bin(b, ((k * 7919) & (n - 1)) * 2, b, ((k * 104729) & (n - 1)) * 2, 2);
            }
            best[4] = Math.min(best[4], (System.nanoTime() - t) / (double) reps);
        }
        System.out.printf("float plain %.1f | float 8 accumulators %.1f | int8 plain %.1f | int8 4 accumulators %.1f | "
                + "binary %.1f ns per 128-d distance (best of 7)  [%s %d]%n", best[0], best[1], best[2], best[3], best[4],
                fs > 0 ? "" : " ", is & 1);
    }
}
