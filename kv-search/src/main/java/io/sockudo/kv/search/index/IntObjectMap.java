package io.sockudo.kv.search.index;

import java.util.Arrays;

/**
 * An open-addressing map from a non-negative int (a document id) to an object, without boxing:
 * queries look documents up by id for every candidate they score, sort or filter. Deletion
 * shifts the following entries of the probe run back, so no tombstones accumulate.
 */
final class IntObjectMap<V> {
    private int[] keys = new int[16];
    private Object[] values = new Object[16];
    private int size;

    IntObjectMap() {
        Arrays.fill(keys, -1);
    }

    int size() {
        return size;
    }

    private static int hash(int k) {
        int h = k * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k < 0) {
                return null;
            }
        }
    }

    void put(int key, V value) {
        if ((size + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k < 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V remove(int key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (true) {
            int k = keys[i];
            if (k < 0) {
                return null;
            }
            if (k == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        V old = (V) values[i];
        size--;
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] >= 0; j = (j + 1) & mask) {
            int home = hash(keys[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = -1;
        values[hole] = null;
        return old;
    }

    void clear() {
        Arrays.fill(keys, -1);
        Arrays.fill(values, null);
        size = 0;
    }

    private void resize(int cap) {
        int[] ok = keys;
        Object[] ov = values;
        keys = new int[cap];
        values = new Object[cap];
        Arrays.fill(keys, -1);
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] >= 0) {
                @SuppressWarnings("unchecked")
                V v = (V) ov[i];
                put(ok[i], v);
            }
        }
    }
}
