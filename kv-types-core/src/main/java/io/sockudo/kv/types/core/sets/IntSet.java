package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.HeapArrays;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Sorted distinct 64-bit integers packed like Redis's intset: every element uses the width of
 * the widest one (2, 4 or 8 bytes, little-endian), and the width only ever grows. Lookups are
 * binary searches; inserts and removals move the tail, as in Redis (the set converts to a
 * hashtable past {@code set-max-intset-entries}, so the arrays stay small).
 */
final class IntSet {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] data;
    /** Bytes per element: 2, 4 or 8. */
    private int width;
    private int size;

    IntSet() {
        data = new byte[8];
        width = 2;
    }

    private IntSet(byte[] data, int width, int size) {
        this.data = data;
        this.width = width;
        this.size = size;
    }

    IntSet copy() {
        return new IntSet(Arrays.copyOf(data, Math.max(size * width, 8)), width, size);
    }

    int size() {
        return size;
    }

    long get(int i) {
        return get(data, width, i);
    }

    private static long get(byte[] d, int w, int i) {
        return switch (w) {
            case 2 -> (short) SHORT.get(d, i << 1);
            case 4 -> (int) INT.get(d, i << 2);
            default -> (long) LONG.get(d, i << 3);
        };
    }

    private static void set(byte[] d, int w, int i, long v) {
        switch (w) {
            case 2 -> SHORT.set(d, i << 1, (short) v);
            case 4 -> INT.set(d, i << 2, (int) v);
            default -> LONG.set(d, i << 3, v);
        }
    }

    private static int widthOf(long v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 2;
        }
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 4 : 8;
    }

    /** Index of {@code v}, or {@code -(insertion point) - 1}. */
    int find(long v) {
        if (widthOf(v) > width) {
            // wider than every element: beyond one end
            return v < 0 ? -1 : -size - 1;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = get(mid);
            if (m < v) {
                lo = mid + 1;
            } else if (m > v) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /** Inserts {@code v}; false if present. */
    boolean add(long v) {
        int need = widthOf(v);
        if (need > width) {
            upgrade(need);
        }
        int i = find(v);
        if (i >= 0) {
            return false;
        }
        i = -i - 1;
        int w = width;
        if ((size + 1) * w > data.length) {
            int cap = Math.max(size + 1, size + (size >> 1));
            data = Arrays.copyOf(data, cap * w);
        }
        System.arraycopy(data, i * w, data, (i + 1) * w, (size - i) * w);
        set(data, w, i, v);
        size++;
        return true;
    }

    private void upgrade(int w) {
        byte[] d = new byte[Math.max(size + 1, 4) * w];
        for (int i = 0; i < size; i++) {
            set(d, w, i, get(i));
        }
        data = d;
        width = w;
    }

    /** Removes the element at {@code i} and returns it. */
    long removeAt(int i) {
        long v = get(i);
        int w = width;
        System.arraycopy(data, (i + 1) * w, data, i * w, (size - i - 1) * w);
        size--;
        if (size * w < data.length >> 2 && data.length > 64) {
            data = Arrays.copyOf(data, data.length >> 1);
        }
        return v;
    }

    /**
     * Redis's serialized intset (the body of an RDB {@code SET_INTSET} string): encoding (the
     * element width) and length as little-endian uint32, then the elements.
     */
    byte[] toBlob() {
        byte[] blob = new byte[8 + size * width];
        INT.set(blob, 0, width);
        INT.set(blob, 4, size);
        System.arraycopy(data, 0, blob, 8, size * width);
        return blob;
    }

    /** Parses {@link #toBlob()}'s format; null when the blob is malformed (bad width, length or order). */
    static IntSet fromBlob(byte[] blob) {
        if (blob.length < 8) {
            return null;
        }
        int w = (int) INT.get(blob, 0);
        long n = Integer.toUnsignedLong((int) INT.get(blob, 4));
        if ((w != 2 && w != 4 && w != 8) || 8 + n * w != blob.length) {
            return null;
        }
        byte[] d = Arrays.copyOfRange(blob, 8, Math.max(blob.length, 16));
        IntSet s = new IntSet(d, w, (int) n);
        for (int i = 1; i < n; i++) {
            if (s.get(i - 1) >= s.get(i)) {
                return null;
            }
        }
        return s;
    }

    /** Estimated heap bytes: the object and the packed array. */
    long memoryUsage() {
        return 24 + HeapArrays.cost(data.length, 1);
    }
}
