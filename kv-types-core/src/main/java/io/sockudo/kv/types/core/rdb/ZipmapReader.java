package io.sockudo.kv.types.core.rdb;

import java.io.IOException;
import java.util.Arrays;

/**
 * Walks a zipmap blob (hashes in RDB files of Redis 2.4 and before): a count byte, then per pair
 * the field length, the field, the value length, a free-byte count, the value and the free bytes,
 * and a 0xFF end byte. Lengths below 254 take a byte, otherwise 254 and four bytes (little-endian).
 * Validated as Redis's {@code zipmapValidateIntegrity} does.
 */
public final class ZipmapReader {
    private final byte[] zm;
    private int p = 1;
    private int seen;
    private byte[] field;
    private byte[] value;

    private ZipmapReader(byte[] zm) {
        this.zm = zm;
    }

    public static ZipmapReader open(byte[] zm) throws IOException {
        if (zm.length < 2 || (zm[zm.length - 1] & 0xff) != 0xFF) {
            throw new IOException("Zipmap integrity check failed");
        }
        return new ZipmapReader(zm);
    }

    private long len() throws IOException {
        int end = zm.length - 1;
        if (p >= end) {
            throw corrupt();
        }
        int b = zm[p] & 0xff;
        if (b < 254) {
            p++;
            return b;
        }
        if (b == 254 && p + 5 <= end) {
            long v = (zm[p + 1] & 0xffL) | (zm[p + 2] & 0xffL) << 8 | (zm[p + 3] & 0xffL) << 16 | (zm[p + 4] & 0xffL) << 24;
            p += 5;
            return v;
        }
        throw corrupt();
    }

    /** Moves to the next pair; false at the end. */
    public boolean next() throws IOException {
        int end = zm.length - 1;
        if (p > end) {
            throw corrupt();
        }
        if ((zm[p] & 0xff) == 0xFF) {
            if (p != end) {
                throw corrupt();
            }
            int count = zm[0] & 0xff;
            if (count < 254 && count != seen) {
                throw corrupt();
            }
            return false;
        }
        long fl = len();
        if (p + fl > end) {
            throw corrupt();
        }
        field = Arrays.copyOfRange(zm, p, p + (int) fl);
        p += (int) fl;
        long vl = len();
        if (p >= end) {
            throw corrupt();
        }
        int free = zm[p++] & 0xff;
        if (p + vl + free > end) {
            throw corrupt();
        }
        value = Arrays.copyOfRange(zm, p, p + (int) vl);
        p += (int) vl + free;
        seen++;
        return true;
    }

    public byte[] field() {
        return field;
    }

    public byte[] value() {
        return value;
    }

    private static IOException corrupt() {
        return new IOException("Zipmap integrity check failed.");
    }
}
