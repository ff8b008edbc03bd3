package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.HeapArrays;

import java.util.Arrays;

/**
 * The small-hash encoding (what Redis calls {@code listpack}): every entry ({@link Entries}
 * layout) packed back to back in one array, in insertion order. Lookups are linear, which is
 * what Redis does too and is fast for the at most {@code hash-max-listpack-entries} entries this
 * holds. A handle is the byte offset of an entry.
 */
final class PackedHash {
    byte[] buf;
    int used;
    int count;

    PackedHash(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    PackedHash(PackedHash o) {
        buf = Arrays.copyOf(o.buf, Math.max(o.used, 16));
        used = o.used;
        count = o.count;
    }

    /** The offset of the entry of {@code f}, or -1. */
    int find(byte[] f) {
        byte[] a = buf;
        int p = 0;
        int end = used;
        while (p < end) {
            if (Entries.fieldEquals(a, p, f)) {
                return p;
            }
            p = Entries.end(a, p);
        }
        return -1;
    }

    /** The first entry's offset, or -1 when empty. */
    int first() {
        return used == 0 ? -1 : 0;
    }

    /** The entry after {@code p}, or -1. */
    int next(int p) {
        int n = Entries.end(buf, p);
        return n < used ? n : -1;
    }

    /** Appends a new entry. */
    void append(byte[] f, byte[] v, int voff, int vlen, long ttl) {
        int size = Entries.size(f.length, vlen, ttl != Entries.NO_TTL);
        ensure(used + size);
        used = Entries.write(buf, used, f, 0, f.length, v, voff, vlen, ttl);
        count++;
    }

    /** Appends a new entry from slices (loading: the caller knows the field is new). */
    void append(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long ttl) {
        ensure(used + Entries.size(flen, vlen, ttl != Entries.NO_TTL));
        used = Entries.write(buf, used, f, foff, flen, v, voff, vlen, ttl);
        count++;
    }

    /** Replaces the entry at {@code p} by a new entry with the same field. */
    void replace(int p, byte[] v, int voff, int vlen, long ttl) {
        byte[] a = buf;
        int fo = Entries.fieldOff(a, p);
        int flen = Entries.fieldLen(a, p);
        int oldEnd = Entries.end(a, p);
        int newSize = Entries.size(flen, vlen, ttl != Entries.NO_TTL);
        int oldSize = oldEnd - p;
        if (newSize == oldSize && Entries.hasTtl(a, p) == (ttl != Entries.NO_TTL)) {
            // same shape: overwrite in place (the field bytes stay where they are)
            if (ttl != Entries.NO_TTL) {
                Entries.overwriteTtl(a, p, ttl);
            }
            System.arraycopy(v, voff, a, Entries.valueOff(a, p), vlen);
            return;
        }
        byte[] field = Arrays.copyOfRange(a, fo, fo + flen);
        ensure(used - oldSize + newSize);
        a = buf;
        System.arraycopy(a, oldEnd, a, p + newSize, used - oldEnd);
        used += newSize - oldSize;
        Entries.write(a, p, field, 0, flen, v, voff, vlen, ttl);
    }

    /** Changes only the TTL of the entry at {@code p}. */
    void setTtl(int p, long ttl) {
        byte[] a = buf;
        if (ttl != Entries.NO_TTL && Entries.hasTtl(a, p)) {
            Entries.overwriteTtl(a, p, ttl);
            return;
        }
        byte[] value = Entries.value(a, p);
        replace(p, value, 0, value.length, ttl);
    }

    void removeAt(int p) {
        int e = Entries.end(buf, p);
        System.arraycopy(buf, e, buf, p, used - e);
        used -= e - p;
        count--;
        if (buf.length > 64 && used < buf.length / 4) {
            buf = Arrays.copyOf(buf, Math.max(16, used * 2));
        }
    }

    private void ensure(int size) {
        if (size > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size, buf.length + (buf.length >> 1)));
        }
    }

    long memoryUsage() {
        return 16 + HeapArrays.cost(buf.length, 1) + 16;
    }

    static long align(long n) {
        return (n + 7) & ~7L;
    }
}
