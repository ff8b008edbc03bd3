package io.sockudo.kv.types.stack.vectorset;

import io.sockudo.kv.spi.HeapArrays;
import io.sockudo.kv.types.stack.vectorset.hnsw.NodeStore;

import java.util.Arrays;

/**
 * Element name to graph slot: an open-addressing table of slots (linear probing, deletion by
 * backward shift, so no tombstones), comparing against the names the node store keeps, hashed
 * with the SPI's keyed SipHash so that chosen names cannot pile up in one probe run. It stores
 * {@code slot + 1} ({@code 0} is empty) and the hash of each entry, so growing rehashes nothing.
 */
final class NameIndex {
    private final NodeStore store;
    private int[] slots = new int[8];
    private int[] hashes = new int[8];
    private int size;

    NameIndex(NodeStore store) {
        this.store = store;
    }

    /** A copy over {@code copiedStore}, a copy of this index's store (the same slots). */
    NameIndex copy(NodeStore copiedStore) {
        NameIndex c = new NameIndex(copiedStore);
        c.slots = slots.clone();
        c.hashes = hashes.clone();
        c.size = size;
        return c;
    }

    int size() {
        return size;
    }

    private int hash(byte[] name) {
        return io.sockudo.kv.spi.Hashing.hash(name);
    }

    /** The slot of {@code name}, or -1. */
    int get(byte[] name) {
        int h = hash(name);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            if (hashes[i] == h && Arrays.equals(store.name(s - 1), name)) {
                return s - 1;
            }
        }
    }

    /** Adds a name that is not present yet (its slot already holds the name). */
    void put(byte[] name, int slot) {
        if ((size + 1) * 4 > slots.length * 3) {
            grow();
        }
        insert(hash(name), slot + 1);
        size++;
    }

    private void insert(int h, int entry) {
        int mask = slots.length - 1;
        int i = h & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = entry;
        hashes[i] = h;
    }

    private void grow() {
        int[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new int[oldSlots.length * 2];
        hashes = new int[oldSlots.length * 2];
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != 0) {
                insert(oldHashes[i], oldSlots[i]);
            }
        }
    }

    /** Removes {@code name} (which must be present). */
    void remove(byte[] name) {
        int h = hash(name);
        int mask = slots.length - 1;
        int i = h & mask;
        while (true) {
            int s = slots[i];
            if (s == 0) {
                return;
            }
            if (hashes[i] == h && Arrays.equals(store.name(s - 1), name)) {
                break;
            }
            i = (i + 1) & mask;
        }
        // backward-shift: move later entries of the run into the hole when their home allows it
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (slots[j] == 0) {
                break;
            }
            int home = hashes[j] & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots[hole] = slots[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        slots[hole] = 0;
        size--;
    }

    long memory() {
        return 48 + 2 * HeapArrays.cost(slots.length, 4);
    }
}
