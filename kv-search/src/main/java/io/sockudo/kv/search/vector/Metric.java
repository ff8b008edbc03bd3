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
        if (this == L2) {
            float sum = 0;
            for (int i = 0; i < a.length; i++) {
                float d = a[i] - b[i];
                sum += d * d;
            }
            return sum;
        }
        float dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return 1.0f - dot;
    }

    public double distance(double[] a, double[] b) {
        if (this == L2) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - b[i];
                sum += d * d;
            }
            return sum;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return 1.0 - dot;
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
