package io.sockudo.kv.types.stack.timeseries.query;

import java.util.Arrays;

/** A growable list of (timestamp, value) pairs: a query's result. */
public final class Samples {
    public long[] ts;
    public double[] vals;
    public int size;

    public Samples() {
        this(16);
    }

    public Samples(int capacity) {
        ts = new long[capacity];
        vals = new double[capacity];
    }

    public void add(long t, double v) {
        if (size == ts.length) {
            int cap = Math.max(16, size * 2);
            ts = Arrays.copyOf(ts, cap);
            vals = Arrays.copyOf(vals, cap);
        }
        ts[size] = t;
        vals[size] = v;
        size++;
    }

    public void clear() {
        size = 0;
    }

    /** Reverses the order in place. */
    public void reverse() {
        for (int i = 0, j = size - 1; i < j; i++, j--) {
            long t = ts[i];
            ts[i] = ts[j];
            ts[j] = t;
            double v = vals[i];
            vals[i] = vals[j];
            vals[j] = v;
        }
    }

    /** Keeps the first {@code n} samples. */
    public void truncate(long n) {
        if (n < size) {
            size = (int) Math.max(0, n);
        }
    }
}
