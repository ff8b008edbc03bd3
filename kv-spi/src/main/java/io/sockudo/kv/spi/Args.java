package io.sockudo.kv.spi;

import java.nio.charset.StandardCharsets;

/**
 * Parsing helpers for command arguments, with Redis's rules and error texts. Allocation-free
 * on the success path.
 */
public final class Args {
    private Args() {
    }

    /** ASCII case-insensitive comparison of an argument with a lower- or upper-case keyword. */
    public static boolean is(byte[] arg, String keyword) {
        int n = keyword.length();
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int a = arg[i];
            int k = keyword.charAt(i);
            if (a != k && (a | 0x20) != (k | 0x20)) {
                return false;
            }
            if (a != k && !isLetter(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(int c) {
        int l = c | 0x20;
        return l >= 'a' && l <= 'z';
    }

    /** True if {@code b} is a canonical 64-bit integer as Redis's {@code string2ll} accepts it. */
    public static boolean isLong(byte[] b) {
        return isLong(b, 0, b.length);
    }

    /** True if the slice is a canonical 64-bit integer (no spaces, no leading zeros, no '+'). */
    public static boolean isLong(byte[] b, int off, int len) {
        if (len == 0 || len > 20) {
            return false;
        }
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (b[i] == '-') {
            negative = true;
            i++;
            if (i == end) {
                return false;
            }
        }
        if (b[i] == '0') {
            return len == 1;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            // accumulate negatively so Long.MIN_VALUE fits
            if (v < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            v = v * 10 - d;
        }
        return negative || v != Long.MIN_VALUE;
    }

    /** Parses a canonical integer; call only after {@link #isLong(byte[])} returned true. */
    public static long parseLongUnchecked(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        for (; i < end; i++) {
            v = v * 10 - (b[i] - '0');
        }
        return negative ? v : -v;
    }

    /** Parses an integer or throws {@link KvException} with {@link KvException#NOT_INTEGER}. */
    public static long toLong(byte[] b) {
        return toLong(b, KvException.NOT_INTEGER);
    }

    /** Parses an integer or throws {@link KvException} with the given error text. */
    public static long toLong(byte[] b, String error) {
        if (!isLong(b, 0, b.length)) {
            throw new KvException(error);
        }
        return parseLongUnchecked(b, 0, b.length);
    }

    /** The UTF-8 string of an argument (for non-hot paths such as CONFIG and CLIENT). */
    public static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The argument as a one-char-per-byte string, for quoting client input in error replies
     * (see {@link ReplyWriter#error(String)}): the reply then carries the exact bytes.
     */
    public static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * The argument as C's {@code %s} prints it in Redis's error replies: up to the first NUL
     * byte, one char per byte (see {@link #latin1(byte[])}).
     */
    public static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The UTF-8 bytes of a string. */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decimal ASCII bytes of a long. */
    public static byte[] bytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
