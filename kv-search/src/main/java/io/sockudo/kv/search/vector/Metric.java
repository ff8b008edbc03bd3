package io.sockudo.kv.search.vector;

/**
 * Distances as RediSearch's vector library computes them: L2 is the squared Euclidean distance,
 * IP is {@code 1 - dot}, COSINE is {@code 1 - dot} of the normalized vectors (stored vectors are
 * normalized when added, the query vector when searching).
 */
public enum Metric {
    L2, IP, COSINE;

    public static Metric of(String s) {
        return valueOf(s);
    }

    /** Distance between two vectors of equal length (COSINE: both already normalized). */
    public double distance(float[] a, float[] b) {
        return distance(a, 0, b, 0, a.length);
    }

    public double distance(double[] a, double[] b) {
        return distance(a, 0, b, 0, a.length);
    }

    /** Distance between {@code a[ao..ao+n)} and {@code b[bo..bo+n)}. */
    public double distance(float[] a, int ao, float[] b, int bo, int n) {
        // four partial sums (as SIMD implementations do): independent chains the JIT can overlap
        int i = 0;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        if (this == L2) {
            for (; i + 3 < n; i += 4) {
                float d0 = a[ao + i] - b[bo + i];
                float d1 = a[ao + i + 1] - b[bo + i + 1];
                float d2 = a[ao + i + 2] - b[bo + i + 2];
                float d3 = a[ao + i + 3] - b[bo + i + 3];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (; i < n; i++) {
                float d = a[ao + i] - b[bo + i];
                s0 += d * d;
            }
            return (s0 + s1) + (s2 + s3);
        }
        for (; i + 3 < n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return 1.0f - ((s0 + s1) + (s2 + s3));
    }

    public double distance(double[] a, int ao, double[] b, int bo, int n) {
        int i = 0;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        if (this == L2) {
            for (; i + 3 < n; i += 4) {
                double d0 = a[ao + i] - b[bo + i];
                double d1 = a[ao + i + 1] - b[bo + i + 1];
                double d2 = a[ao + i + 2] - b[bo + i + 2];
                double d3 = a[ao + i + 3] - b[bo + i + 3];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (; i < n; i++) {
                double d = a[ao + i] - b[bo + i];
                s0 += d * d;
            }
            return (s0 + s1) + (s2 + s3);
        }
        for (; i + 3 < n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return 1.0 - ((s0 + s1) + (s2 + s3));
    }

    public double distance(Object a, Object b) {
        return a instanceof float[] fa ? distance(fa, (float[]) b) : distance((double[]) a, (double[]) b);
    }

    /** The vector as stored for this metric: a normalized copy for COSINE, else itself. */
    public Object prepare(Object v) {
        if (this != COSINE) {
            return v;
        }
        if (v instanceof float[] f) {
            double n = 0;
            for (float x : f) {
                n += (double) x * x;
            }
            n = Math.sqrt(n);
            float[] out = f.clone();
            if (n > 0) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (out[i] / n);
                }
            }
            return out;
        }
        double[] d = (double[]) v;
        double n = 0;
        for (double x : d) {
            n += x * x;
        }
        n = Math.sqrt(n);
        double[] out = d.clone();
        if (n > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= n;
            }
        }
        return out;
    }
}
