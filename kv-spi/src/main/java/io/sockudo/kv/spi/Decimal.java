package io.sockudo.kv.spi;

/**
 * The decimal text of 64-bit integers, written into byte arrays without a String: what Redis's
 * {@code ll2string} produces (a '-' for negatives, no leading zeros, {@code Long.MIN_VALUE}
 * included). Two digits per division, from a table of the pairs 00..99: replies, counters and
 * protocol headers write numbers on every command. Since SPI 1.4.
 */
public final class Decimal {
    /** "00", "01", ... "99": the tens digit of pair {@code r} at {@code 2r}, the ones at {@code 2r + 1}. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private Decimal() {
    }

    /** Bytes of the decimal text of {@code v}, the sign included. */
    public static int length(long v) {
        // counted on the negative side, where Long.MIN_VALUE fits
        int sign = 0;
        if (v < 0) {
            sign = 1;
        } else {
            v = -v;
        }
        long p = -10;
        for (int d = 1; d < 19; d++) {
            if (v > p) {
                return d + sign;
            }
            p *= 10;
        }
        return 19 + sign;
    }

    /**
     * Writes the decimal text of {@code v} at {@code off} ({@link #length} bytes) and returns the
     * position after it. The caller made room.
     */
    public static int write(long v, byte[] dst, int off) {
        int end = off + length(v);
        writeBackwards(v, dst, end);
        return end;
    }

    /**
     * Writes the decimal text of {@code v} so that it ends just before {@code end}, and returns
     * where it starts ({@code end - length(v)}).
     */
    public static int writeBackwards(long v, byte[] dst, int end) {
        boolean negative = v < 0;
        long n = negative ? v : -v; // the digits are taken from the negative value (Long.MIN_VALUE has no positive)
        int p = end;
        while (n <= -100) {
            long q = n / 100;
            int r = (int) (q * 100 - n);
            n = q;
            dst[--p] = PAIRS[2 * r + 1];
            dst[--p] = PAIRS[2 * r];
        }
        int r = (int) -n;
        if (r >= 10) {
            dst[--p] = PAIRS[2 * r + 1];
            dst[--p] = PAIRS[2 * r];
        } else {
            dst[--p] = (byte) ('0' + r);
        }
        if (negative) {
            dst[--p] = '-';
        }
        return p;
    }
}
