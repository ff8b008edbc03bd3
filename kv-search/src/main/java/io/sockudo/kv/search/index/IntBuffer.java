package io.sockudo.kv.search.index;

import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;

/** A growable int array that collects ids before they go into a bitmap in one sorted batch. */
final class IntBuffer {
    int[] a = new int[64];
    int n;

    void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    void add(int[] vs, int count) {
        if (n + count > a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, n + count));
        }
        System.arraycopy(vs, 0, a, n, count);
        n += count;
    }

    /** Adds the collected ids to {@code out} and empties the buffer. */
    void flushTo(RoaringBitmap out) {
        if (n > 0) {
            Arrays.sort(a, 0, n);
            out.addN(a, 0, n);
            n = 0;
        }
    }
}
