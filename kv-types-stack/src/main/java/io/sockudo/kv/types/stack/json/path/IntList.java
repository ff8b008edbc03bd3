package io.sockudo.kv.types.stack.json.path;

import java.util.Arrays;

/** A growable list of ints (value offsets), without boxing. */
public final class IntList {
    private int[] a = new int[8];
    private int n;

    public int size() {
        return n;
    }

    public int get(int i) {
        return a[i];
    }

    public void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    public void clear() {
        n = 0;
    }

    public void set(int i, int v) {
        a[i] = v;
    }
}
