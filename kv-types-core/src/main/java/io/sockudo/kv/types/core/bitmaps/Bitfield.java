package io.sockudo.kv.types.core.bitmaps;

/**
 * BITFIELD's integer fields: reading and writing {@code bits}-wide fields at any bit offset
 * (most significant bit first, as Redis lays them out) and the overflow rules of INCRBY/SET.
 */
public final class Bitfield {
    /** Overflow behaviours. */
    public static final int WRAP = 0;
    public static final int SAT = 1;
    public static final int FAIL = 2;

    private Bitfield() {
    }

    /**
     * The unsigned value of the field {@code [offset, offset + bits)} of the first {@code len}
     * bytes of {@code a}; bytes past {@code len} read as zero. {@code bits} is 1..64.
     */
    public static long getUnsigned(byte[] a, int len, long offset, int bits) {
        long byteIndex = offset >>> 3;
        int shift = (int) (offset & 7);
        // the field spans at most 9 bytes: load 8 big-endian, then the 9th for the shifted-in bits
        long w = 0;
        for (int i = 0; i < 8; i++) {
            long at = byteIndex + i;
            w = (w << 8) | (at < len ? a[(int) at] & 0xFFL : 0);
        }
        if (shift != 0) {
            long at = byteIndex + 8;
            long ninth = at < len ? a[(int) at] & 0xFFL : 0;
            w = (w << shift) | (ninth >>> (8 - shift));
        }
        return bits == 64 ? w : w >>> (64 - bits);
    }

    /** The field read as a two's complement signed integer. */
    public static long getSigned(byte[] a, int len, long offset, int bits) {
        long u = getUnsigned(a, len, offset, bits);
        return bits == 64 ? u : (u << (64 - bits)) >> (64 - bits);
    }

    /** Writes the low {@code bits} bits of {@code value} at {@code offset}; the array covers the field. */
    public static void set(byte[] a, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            long pos = offset + j;
            int byteIndex = (int) (pos >>> 3);
            int mask = 0x80 >>> (pos & 7);
            if (((value >>> (bits - 1 - j)) & 1) != 0) {
                a[byteIndex] |= (byte) mask;
            } else {
                a[byteIndex] &= (byte) ~mask;
            }
        }
    }

    /**
     * Adds {@code incr} to the signed {@code bits}-wide {@code value}. Returns the result; when the
     * exact sum is outside the field's range it is wrapped (WRAP) or saturated (SAT) and
     * {@code overflow[0]} is set (the caller fails the operation for FAIL).
     */
    public static long addSigned(long value, long incr, int bits, int overflowType, boolean[] overflow) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long sum = value + incr;
        int direction; // +1 above max, -1 below min, 0 in range
        if (((value ^ sum) & (incr ^ sum)) < 0) {
            direction = incr > 0 ? 1 : -1; // the 64-bit sum itself overflowed
        } else if (sum > max) {
            direction = 1;
        } else if (sum < min) {
            direction = -1;
        } else {
            direction = 0;
        }
        overflow[0] = direction != 0;
        if (direction == 0) {
            return sum;
        }
        if (overflowType == SAT) {
            return direction > 0 ? max : min;
        }
        // WRAP (also the value computed but not stored for FAIL): keep the low bits, sign-extended
        return bits == 64 ? sum : (sum << (64 - bits)) >> (64 - bits);
    }

    /**
     * Adds {@code incr} to the unsigned {@code bits}-wide (1..63) {@code value}, which for SET is
     * the new value as given (a negative one is a huge unsigned number, hence above the maximum).
     * Same contract as {@link #addSigned}.
     */
    public static long addUnsigned(long value, long incr, int bits, int overflowType, boolean[] overflow) {
        long max = (1L << bits) - 1;
        int direction;
        if (value < 0 || value > max || (incr > 0 && incr > max - value)) {
            direction = 1;
        } else if (incr < 0 && incr < -value) {
            direction = -1;
        } else {
            direction = 0;
        }
        overflow[0] = direction != 0;
        if (direction == 0) {
            return value + incr;
        }
        if (overflowType == SAT) {
            return direction > 0 ? max : 0;
        }
        return (value + incr) & max;
    }
}
