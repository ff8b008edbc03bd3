package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.Hashing;
import io.sockudo.kv.spi.HeapArrays;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The large-set representation (what Redis reports as {@code hashtable}): an open-addressing
 * table of member arrays with linear probing. The only object per member is its {@code byte[]};
 * hashes are recomputed when needed rather than stored, to keep memory near Redis's dict.
 *
 * <p>Deletion shifts later entries of the probe run backwards (no tombstones), so every member
 * sits in the contiguous run that starts at its home bucket ({@code hash & mask}). That makes
 * "the members whose home is bucket b" well defined, which lets {@link #scanBucket} serve SSCAN
 * with Redis's reverse-binary cursor and its guarantees across resizes, exactly as for a chained
 * table. The table grows at 3/4 load and shrinks below 1/8 load, so a random slot is occupied
 * with probability at least 1/8 and {@link #randomSlot} needs O(1) expected probes.
 */
final class MemberTable {
    private static final int MIN_CAPACITY = 8;

    private byte[][] slots;
    private int mask;
    private int size;
    /** Sum over members of their array footprint, kept for {@link #memoryUsage()}. */
    private long memberBytes;

    MemberTable(int expected) {
        int cap = capacityFor(expected);
        slots = new byte[cap][];
        mask = cap - 1;
    }

    private MemberTable(MemberTable other) {
        slots = other.slots.clone(); // member arrays are never modified, so they can be shared
        mask = other.mask;
        size = other.size;
        memberBytes = other.memberBytes;
    }

    MemberTable copy() {
        return new MemberTable(this);
    }

    private static int capacityFor(int expected) {
        long need = Math.max(MIN_CAPACITY, (long) expected * 4 / 3 + 1);
        int cap = MIN_CAPACITY;
        while (cap < need && cap < (1 << 30)) {
            cap <<= 1;
        }
        return cap;
    }

    /** The hash of a member: SipHash-1-2 with the process key (the SPI's {@link Hashing}), against hash flooding. */
    static int hash(byte[] m) {
        return Hashing.hash(m);
    }

    /** Heap bytes of one member array (header + content, 8-byte aligned). */
    static long arrayBytes(byte[] m) {
        return (16L + m.length + 7) & ~7L;
    }

    int size() {
        return size;
    }

    /** Number of slots (a power of two); slot indexes are {@code [0, capacity())}. */
    int capacity() {
        return slots.length;
    }

    /** The member in a slot, or null when the slot is empty. */
    byte[] slot(int i) {
        return slots[i];
    }

    /** Slot of {@code m}, or -1. */
    int find(byte[] m) {
        int i = hash(m) & mask;
        byte[][] s = slots;
        for (byte[] e; (e = s[i]) != null; i = (i + 1) & mask) {
            if (e.length == m.length && Arrays.equals(e, m)) {
                return i;
            }
        }
        return -1;
    }

    boolean contains(byte[] m) {
        return find(m) >= 0;
    }

    /** Adds {@code m} (kept by reference; must never be modified); false if already present. */
    boolean add(byte[] m) {
        int i = hash(m) & mask;
        byte[][] s = slots;
        for (byte[] e; (e = s[i]) != null; i = (i + 1) & mask) {
            if (e.length == m.length && Arrays.equals(e, m)) {
                return false;
            }
        }
        s[i] = m;
        size++;
        memberBytes += arrayBytes(m);
        if (size > (slots.length >>> 2) * 3) {
            resize(slots.length << 1);
        }
        return true;
    }

    /** Adds a member known to be absent, without the equality probe (bulk building). */
    void addNew(byte[] m) {
        if (size + 1 > (slots.length >>> 2) * 3) {
            resize(slots.length << 1);
        }
        int i = hash(m) & mask;
        byte[][] s = slots;
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = m;
        size++;
        memberBytes += arrayBytes(m);
    }

    boolean remove(byte[] m) {
        int i = find(m);
        if (i < 0) {
            return false;
        }
        removeSlot(i);
        return true;
    }

    /** Removes the member in slot {@code i} (which must be occupied) and returns it. */
    byte[] removeSlot(int i) {
        byte[][] s = slots;
        byte[] removed = s[i];
        // backward-shift deletion: move later run members into the hole when their home allows it
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            byte[] e = s[j];
            if (e == null) {
                break;
            }
            int home = hash(e) & mask;
            // e may move to the hole if its home is not cyclically within (hole, j]
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                s[hole] = e;
                hole = j;
            }
        }
        s[hole] = null;
        size--;
        memberBytes -= arrayBytes(removed);
        if (slots.length > MIN_CAPACITY && size < (slots.length >>> 3)) {
            resize(capacityFor(size * 2)); // headroom: no regrow right after a shrink
        }
        return removed;
    }

    private void resize(int cap) {
        byte[][] old = slots;
        byte[][] s = new byte[cap][];
        int m = cap - 1;
        for (byte[] e : old) {
            if (e != null) {
                int i = hash(e) & m;
                while (s[i] != null) {
                    i = (i + 1) & m;
                }
                s[i] = e;
            }
        }
        slots = s;
        mask = m;
    }

    /** A uniformly random occupied slot; the table must not be empty. */
    int randomSlot() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[][] s = slots;
        while (true) {
            int i = rnd.nextInt() & mask;
            if (s[i] != null) {
                return i;
            }
        }
    }

    /**
     * Visits the members whose home bucket is {@code cursor & mask} (see the class comment) and
     * returns the next cursor in Redis's reverse-binary order (0 when the scan is complete).
     */
    long scanBucket(long cursor, java.util.function.Consumer<byte[]> out) {
        int b = (int) (cursor & mask);
        byte[][] s = slots;
        for (int i = b; s[i] != null; i = (i + 1) & mask) {
            if ((hash(s[i]) & mask) == b) {
                out.accept(s[i]);
            }
        }
        long v = cursor | ~(long) mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** Estimated heap bytes: the object, the slot array and every member array. */
    long memoryUsage() {
        return 32 + HeapArrays.cost(slots.length, 4) + memberBytes;
    }
}
