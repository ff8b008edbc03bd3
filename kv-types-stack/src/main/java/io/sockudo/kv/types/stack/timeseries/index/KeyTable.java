package io.sockudo.kv.types.stack.timeseries.index;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A hash map from byte-array keys (compared by content) to values, with open addressing and
 * linear probing: looking a key up allocates nothing.
 */
final class KeyTable<V> {
    private byte[][] keys = new byte[8][];
    private Object[] values = new Object[8];
    private int size;
    private int tombstones;
    private static final byte[] DELETED = new byte[0];

    int size() {
        return size;
    }

    /** Keys are client data: the SPI's keyed SipHash, so they cannot be chosen to share one probe run. */
    private static int hash(byte[] k) {
        return io.sockudo.kv.spi.Hashing.hash(k);
    }

    private int slot(byte[] key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (true) {
            byte[] k = keys[i];
            if (k == null) {
                return -1;
            }
            if (k != DELETED && Arrays.equals(k, key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    V get(byte[] key) {
        int s = slot(key);
        return s < 0 ? null : (V) values[s];
    }

    /** Stores {@code value} under {@code key}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    V put(byte[] key, V value) {
        int s = slot(key);
        if (s >= 0) {
            V old = (V) values[s];
            values[s] = value;
            return old;
        }
        if ((size + tombstones + 1) * 4 >= keys.length * 3) {
            resize(size * 4 >= keys.length ? keys.length * 2 : keys.length);
        }
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (keys[i] != null && keys[i] != DELETED) {
            i = (i + 1) & mask;
        }
        if (keys[i] == DELETED) {
            tombstones--;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return null;
    }

    @SuppressWarnings("unchecked")
    V remove(byte[] key) {
        int s = slot(key);
        if (s < 0) {
            return null;
        }
        V old = (V) values[s];
        keys[s] = DELETED;
        values[s] = null;
        size--;
        tombstones++;
        return old;
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        keys = new byte[capacity][];
        values = new Object[capacity];
        size = 0;
        tombstones = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null && oldKeys[i] != DELETED) {
                int mask = capacity - 1;
                int j = hash(oldKeys[i]) & mask;
                while (keys[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
                size++;
            }
        }
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<byte[], V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && keys[i] != DELETED) {
                action.accept(keys[i], (V) values[i]);
            }
        }
    }
}
