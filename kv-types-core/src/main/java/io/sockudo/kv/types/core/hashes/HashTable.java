package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.Hashing;
import io.sockudo.kv.spi.HeapArrays;

import java.util.Arrays;

/**
 * The large-hash encoding (Redis's {@code hashtable}): open addressing with linear probing over
 * one array of entries ({@link Entries} layout, one {@code byte[]} per field holding field, TTL
 * and value) and a parallel array of their hash codes. No object per entry beyond its array,
 * no boxing. Deletion shifts the following entries back (no tombstones); the table doubles
 * above 3/4 full and halves below 1/10, like Redis's dict. A handle is a slot index.
 *
 * <p>SCAN cursors count home buckets (hash &amp; mask) in reverse-binary order, as Redis's
 * {@code dictScan} counts its buckets, so an element present for the whole iteration is returned
 * even when the table grows or shrinks in between; entries moving between slots inside a probe
 * run do not matter because a bucket visit collects every entry whose home is that bucket.
 */
final class HashTable {
    private static final int MIN_CAPACITY = 16;

    byte[][] entries;
    int[] hashes;
    int size;
    int mask;
    /** Bytes held by the entry arrays (object header and padding included). */
    long entryBytes;

    HashTable(int expected) {
        int cap = MIN_CAPACITY;
        while (cap * 3 / 4 < expected) {
            cap <<= 1;
        }
        entries = new byte[cap][];
        hashes = new int[cap];
        mask = cap - 1;
    }

    HashTable(HashTable o) {
        entries = new byte[o.entries.length][];
        for (int i = 0; i < entries.length; i++) {
            byte[] e = o.entries[i];
            entries[i] = e == null ? null : e.clone();
        }
        hashes = o.hashes.clone();
        size = o.size;
        mask = o.mask;
        entryBytes = o.entryBytes;
    }

    /** SipHash-1-2 with the process key (the SPI's {@link Hashing}): client data, so a keyed hash against flooding. */
    static int hash(byte[] a, int off, int len) {
        return Hashing.hash(a, off, len);
    }

    /** The slot of {@code f}, or -1. */
    int find(byte[] f) {
        int h = hash(f, 0, f.length);
        byte[][] es = entries;
        int m = mask;
        for (int i = h & m; ; i = (i + 1) & m) {
            byte[] e = es[i];
            if (e == null) {
                return -1;
            }
            if (hashes[i] == h && Entries.fieldEquals(e, 0, f)) {
                return i;
            }
        }
    }

    /** Adds an entry whose field is known to be absent. */
    void insert(byte[] entry) {
        if ((size + 1) * 4L > entries.length * 3L) {
            resize(entries.length * 2);
        }
        int h = hash(entry, Entries.fieldOff(entry, 0), Entries.fieldLen(entry, 0));
        place(entry, h);
        size++;
        entryBytes += arrayBytes(entry);
    }

    private void place(byte[] entry, int h) {
        int m = mask;
        int i = h & m;
        while (entries[i] != null) {
            i = (i + 1) & m;
        }
        entries[i] = entry;
        hashes[i] = h;
    }

    /** Replaces the entry in {@code slot} by one with the same field. */
    void replaceAt(int slot, byte[] entry) {
        entryBytes += arrayBytes(entry) - arrayBytes(entries[slot]);
        entries[slot] = entry;
    }

    void removeAt(int slot) {
        entryBytes -= arrayBytes(entries[slot]);
        byte[][] es = entries;
        int m = mask;
        int i = slot;
        es[i] = null;
        int j = i;
        while (true) {
            j = (j + 1) & m;
            if (es[j] == null) {
                break;
            }
            int home = hashes[j] & m;
            // The entry at j may move back to the hole at i unless its home lies cyclically in (i, j].
            boolean stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!stays) {
                es[i] = es[j];
                hashes[i] = hashes[j];
                es[j] = null;
                i = j;
            }
        }
        size--;
        if (entries.length > MIN_CAPACITY && size * 10L < entries.length) {
            int cap = MIN_CAPACITY;
            while (cap * 3 / 4 < size * 2) {
                cap <<= 1;
            }
            if (cap < entries.length) {
                resize(cap);
            }
        }
    }

    private void resize(int cap) {
        byte[][] old = entries;
        int[] oldHashes = hashes;
        entries = new byte[cap][];
        hashes = new int[cap];
        mask = cap - 1;
        for (int i = 0; i < old.length; i++) {
            if (old[i] != null) {
                place(old[i], oldHashes[i]);
            }
        }
    }

    /** The first occupied slot at or after {@code from}, or -1. */
    int nextSlot(int from) {
        byte[][] es = entries;
        for (int i = from; i < es.length; i++) {
            if (es[i] != null) {
                return i;
            }
        }
        return -1;
    }

    /** Receives entries from {@link #scanBucket}. */
    interface EntryVisitor {
        void visit(byte[] entry);
    }

    /**
     * Visits every entry whose home is bucket {@code cursor & mask}, then returns the next
     * cursor in reverse-binary order (0 when the iteration is complete).
     */
    long scanBucket(long cursor, EntryVisitor visitor) {
        int m = mask;
        int b = (int) (cursor & m);
        for (int i = b; ; i = (i + 1) & m) {
            byte[] e = entries[i];
            if (e == null) {
                break;
            }
            if ((hashes[i] & m) == b) {
                visitor.visit(e);
            }
        }
        long v = cursor | ~(long) m;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    long memoryUsage() {
        // the two tables are sized by the field count: humongous (whole G1 regions) when big
        return 16 + 2 * HeapArrays.cost(entries.length, 4) + entryBytes;
    }

    static long arrayBytes(byte[] a) {
        return PackedHash.align(16 + a.length);
    }

    @Override
    public String toString() {
        return "HashTable[size=" + size + ", capacity=" + entries.length + "]";
    }

    /** For tests: every entry is reachable from its home bucket without crossing an empty slot. */
    boolean invariantsHold() {
        int n = 0;
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == null) {
                continue;
            }
            n++;
            int home = hashes[i] & mask;
            for (int j = home; j != i; j = (j + 1) & mask) {
                if (entries[j] == null) {
                    return false;
                }
            }
            byte[] e = entries[i];
            if (hash(e, Entries.fieldOff(e, 0), Entries.fieldLen(e, 0)) != hashes[i]) {
                return false;
            }
        }
        return n == size && Arrays.stream(entries).filter(x -> x != null).count() == size;
    }
}
