package io.sockudo.kv.spi;


/**
 * Parses a SCAN-family cursor exactly as Redis's {@code parseScanCursorOrReply}, which uses C's
 * {@code strtoul}: an unsigned 64-bit decimal with an optional sign (a minus negates modulo
 * 2<sup>64</sup>, so {@code -1} is the largest cursor), leading zeros allowed, no leading
 * whitespace, nothing after the digits but the end of the argument or a NUL byte (C stops
 * there), and an empty argument reads as 0.
 */
public final class ScanCursor {
    /** Redis's error text. */
    public static final String INVALID = "ERR invalid cursor";

    private ScanCursor() {
    }

    /** The cursor as the bits of an unsigned 64-bit value; throws {@link KvException} when invalid. */
    public static long parse(byte[] arg) {
        int n = arg.length;
        if (n == 0) {
            return 0;
        }
        if (isSpace(arg[0])) {
            throw new KvException(INVALID);
        }
        int i = 0;
        boolean negative = false;
        if (arg[0] == '-' || arg[0] == '+') {
            negative = arg[0] == '-';
            i++;
        }
        int digitsStart = i;
        long v = 0;
        for (; i < n; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            // unsigned overflow check: v * 10 + d must stay below 2^64
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                throw new KvException(INVALID);
            }
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) {
                throw new KvException(INVALID);
            }
            v = next;
        }
        if (i == digitsStart) {
            // No digits: strtoul leaves the end pointer at the start of the argument.
            if (arg[0] != 0) {
                throw new KvException(INVALID);
            }
            return 0;
        }
        if (i < n && arg[i] != 0) {
            throw new KvException(INVALID);
        }
        return negative ? -v : v;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
