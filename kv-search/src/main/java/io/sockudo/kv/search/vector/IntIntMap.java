package io.sockudo.kv.search.vector;

import java.util.Arrays;

/**
 * An open-addressing map from document id to a slot (both non-negative ints), without boxing:
 * vector indexes look a document up for every candidate of a filtered or brute-force query.
 * Deletion uses backward shifting, so no tombstones accumulate.
 */
final class IntIntMap {
    private int[] keys = new int[16];
    private int[] values = new int[16];
    private int size;

    IntIntMap() {
        Arrays.fill(keys, -1);
    }

    int size() {
        return size;
    }

    private static int hash(int k) {
        int h = k * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The slot of {@code key}, or -1. */
    int get(int key) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k < 0) {
                return -1;
            }
        }
    }

    /** Sets {@code key}'s slot; returns the previous one or -1. */
    int put(int key, int value) {
        if ((size + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            if (k < 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return -1;
            }
        }
    }

    /** Removes {@code key}; returns its slot or -1. */
    int remove(int key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (true) {
            int k = keys[i];
            if (k < 0) {
                return -1;
            }
            if (k == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        int old = values[i];
        size--;
        // shift back the entries of the probe run that follows
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
        return old;
    }

    void clear() {
        Arrays.fill(keys, -1);
        size = 0;
    }

    private void resize(int cap) {
        int[] ok = keys;
        int[] ov = values;
        keys = new int[cap];
        values = new int[cap];
        Arrays.fill(keys, -1);
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] >= 0) {
                put(ok[i], ov[i]);
            }
        }
    }
}
