package io.sockudo.kv.search.index;

import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;

/**
 * A set of document ids that starts as a small sorted array (most numeric values and geo cells
 * hold one or a few documents) and becomes a {@link RoaringBitmap} when it grows.
 */
final class DocSet {
    private static final int SMALL_MAX = 32;

    private int[] small = new int[1];
    private int n;
    private RoaringBitmap big;

    void add(int id) {
        if (big != null) {
            big.add(id);
            return;
        }
        int i = Arrays.binarySearch(small, 0, n, id);
        if (i >= 0) {
            return;
        }
        if (n == SMALL_MAX) {
            big = RoaringBitmap.bitmapOf(Arrays.copyOf(small, n));
            big.add(id);
            small = null;
            n = 0;
            return;
        }
        i = -i - 1;
        if (n == small.length) {
            small = Arrays.copyOf(small, Math.min(SMALL_MAX, n * 2));
        }
        System.arraycopy(small, i, small, i + 1, n - i);
        small[i] = id;
        n++;
    }

    void remove(int id) {
        if (big != null) {
            big.remove(id);
            return;
        }
        int i = Arrays.binarySearch(small, 0, n, id);
        if (i >= 0) {
            System.arraycopy(small, i + 1, small, i, n - i - 1);
            n--;
        }
    }

    boolean isEmpty() {
        return big != null ? big.isEmpty() : n == 0;
    }

    int size() {
        return big != null ? big.getCardinality() : n;
    }

    boolean contains(int id) {
        return big != null ? big.contains(id) : Arrays.binarySearch(small, 0, n, id) >= 0;
    }

    /** Adds the ids to {@code out}: small sets to the buffer, bitmaps directly. */
    void addTo(IntBuffer buf, RoaringBitmap out) {
        if (big != null) {
            out.or(big);
        } else {
            buf.add(small, n);
        }
    }

    void forEach(java.util.function.IntConsumer c) {
        if (big != null) {
            big.forEach((org.roaringbitmap.IntConsumer) c::accept);
        } else {
            for (int i = 0; i < n; i++) {
                c.accept(small[i]);
            }
        }
    }
}
