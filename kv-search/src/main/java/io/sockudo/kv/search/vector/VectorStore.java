package io.sockudo.kv.search.vector;

import java.util.Arrays;

/**
 * Vectors of one attribute side by side in one primitive array (slot {@code s} at
 * {@code s * dim}), FLOAT32 or FLOAT64: a distance reads two runs of memory instead of chasing a
 * separate array object per vector, which is what graph searches spend their time on.
 */
final class VectorStore {
    private final boolean f32;
    private final int dim;
    private float[] f;
    private double[] d;
    private int capacity;

    VectorStore(boolean f32, int dim) {
        this.f32 = f32;
        this.dim = Math.max(1, dim);
        ensure(16);
    }

    int dim() {
        return dim;
    }

    /** Makes room for slots {@code 0 .. slots-1}. */
    void ensure(int slots) {
        if (slots <= capacity) {
            return;
        }
        int cap = Math.max(slots, capacity * 2);
        if (f32) {
            f = f == null ? new float[cap * dim] : Arrays.copyOf(f, cap * dim);
        } else {
            d = d == null ? new double[cap * dim] : Arrays.copyOf(d, cap * dim);
        }
        capacity = cap;
    }

    /** Stores {@code v} (a float[] or double[] of {@code dim} values) in {@code slot}. */
    void set(int slot, Object v) {
        ensure(slot + 1);
        if (f32) {
            System.arraycopy((float[]) v, 0, f, slot * dim, dim);
        } else {
            System.arraycopy((double[]) v, 0, d, slot * dim, dim);
        }
    }

    /** A copy of the vector in {@code slot}. */
    Object get(int slot) {
        int o = slot * dim;
        return f32 ? Arrays.copyOfRange(f, o, o + dim) : Arrays.copyOfRange(d, o, o + dim);
    }

    /** The distance from a query vector (prepared for the metric) to the vector in {@code slot}. */
    double distance(Metric m, Object q, int slot) {
        return f32 ? m.distance((float[]) q, 0, f, slot * dim, dim) : m.distance((double[]) q, 0, d, slot * dim, dim);
    }

    /** The distance between two stored vectors. */
    double distance(Metric m, int a, int b) {
        return f32 ? m.distance(f, a * dim, f, b * dim, dim) : m.distance(d, a * dim, d, b * dim, dim);
    }

    long bytesPerVector() {
        return (f32 ? 4L : 8L) * dim;
    }
}
