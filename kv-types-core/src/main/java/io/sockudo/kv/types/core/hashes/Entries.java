package io.sockudo.kv.types.core.hashes;

import java.util.Arrays;

/**
 * The byte layout of one hash entry, shared by both encodings: the packed (listpack) encoding
 * concatenates entries in one array, the table keeps one entry per array.
 *
 * <pre>
 *   varint(fieldLength &lt;&lt; 1 | hasTtl)  field bytes  [8-byte big-endian expiry, when hasTtl]
 *   varint(valueLength)                  value bytes
 * </pre>
 *
 * Varints are unsigned LEB128 (7 bits a byte), so short fields and values cost one length byte.
 * Keeping field, TTL and value in a single array means a million-field hash holds a million
 * arrays, not two or three million objects.
 */
final class Entries {
    /** No TTL on a field. */
    static final long NO_TTL = -1;

    private Entries() {
    }

    static int varLen(int v) {
        if ((v & ~0x7F) == 0) {
            return 1;
        }
        if ((v & ~0x3FFF) == 0) {
            return 2;
        }
        if ((v & ~0x1FFFFF) == 0) {
            return 3;
        }
        return (v & ~0xFFFFFFF) == 0 ? 4 : 5;
    }

    static int writeVar(byte[] a, int p, int v) {
        while ((v & ~0x7F) != 0) {
            a[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        a[p++] = (byte) v;
        return p;
    }

    static int readVar(byte[] a, int p) {
        int b = a[p];
        if (b >= 0) {
            return b;
        }
        int v = b & 0x7F;
        int shift = 7;
        while (true) {
            b = a[++p];
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
            shift += 7;
        }
    }

    /** Bytes an entry takes. */
    static int size(int fieldLen, int valueLen, boolean ttl) {
        return varLen(fieldLen << 1) + fieldLen + (ttl ? 8 : 0) + varLen(valueLen) + valueLen;
    }

    /** Writes an entry at {@code p}; returns the offset after it. */
    static int write(byte[] a, int p, byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long ttl) {
        boolean hasTtl = ttl != NO_TTL;
        p = writeVar(a, p, flen << 1 | (hasTtl ? 1 : 0));
        System.arraycopy(f, foff, a, p, flen);
        p += flen;
        if (hasTtl) {
            putLong(a, p, ttl);
            p += 8;
        }
        p = writeVar(a, p, vlen);
        System.arraycopy(v, voff, a, p, vlen);
        return p + vlen;
    }

    /** A standalone entry array. */
    static byte[] encode(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long ttl) {
        byte[] a = new byte[size(flen, vlen, ttl != NO_TTL)];
        write(a, 0, f, foff, flen, v, voff, vlen, ttl);
        return a;
    }

    static int fieldLen(byte[] a, int base) {
        return readVar(a, base) >>> 1;
    }

    static int fieldOff(byte[] a, int base) {
        return base + varLen(readVar(a, base));
    }

    static boolean hasTtl(byte[] a, int base) {
        return (readVar(a, base) & 1) != 0;
    }

    /** The field's absolute expiry in ms, or {@link #NO_TTL}. */
    static long ttl(byte[] a, int base) {
        int h = readVar(a, base);
        if ((h & 1) == 0) {
            return NO_TTL;
        }
        return getLong(a, base + varLen(h) + (h >>> 1));
    }

    /** Overwrites the TTL of an entry that has one. */
    static void overwriteTtl(byte[] a, int base, long ttl) {
        int h = readVar(a, base);
        putLong(a, base + varLen(h) + (h >>> 1), ttl);
    }

    private static int valueHeader(byte[] a, int base) {
        int h = readVar(a, base);
        return base + varLen(h) + (h >>> 1) + ((h & 1) != 0 ? 8 : 0);
    }

    static int valueLen(byte[] a, int base) {
        return readVar(a, valueHeader(a, base));
    }

    static int valueOff(byte[] a, int base) {
        int vh = valueHeader(a, base);
        return vh + varLen(readVar(a, vh));
    }

    /** Offset just past the entry. */
    static int end(byte[] a, int base) {
        int vh = valueHeader(a, base);
        int vlen = readVar(a, vh);
        return vh + varLen(vlen) + vlen;
    }

    static boolean fieldEquals(byte[] a, int base, byte[] f) {
        int flen = readVar(a, base) >>> 1;
        if (flen != f.length) {
            return false;
        }
        int fo = fieldOff(a, base);
        return Arrays.equals(a, fo, fo + flen, f, 0, flen);
    }

    /** True when the entry at {@code base} has the field {@code f[off, off+len)}. */
    static boolean fieldEquals(byte[] a, int base, byte[] f, int off, int len) {
        if ((readVar(a, base) >>> 1) != len) {
            return false;
        }
        int fo = fieldOff(a, base);
        return Arrays.equals(a, fo, fo + len, f, off, off + len);
    }

    static byte[] field(byte[] a, int base) {
        int fo = fieldOff(a, base);
        return Arrays.copyOfRange(a, fo, fo + fieldLen(a, base));
    }

    static byte[] value(byte[] a, int base) {
        int vo = valueOff(a, base);
        return Arrays.copyOfRange(a, vo, vo + valueLen(a, base));
    }

    static void putLong(byte[] a, int p, long v) {
        for (int i = 7; i >= 0; i--) {
            a[p + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] a, int p) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (a[p + i] & 0xFF);
        }
        return v;
    }
}
