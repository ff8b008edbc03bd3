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

    /**
     * Parses a double as Redis parses scores and float arguments ({@code getDoubleFromObject}:
     * C's {@code strtod} over the whole argument): decimal or hexadecimal ({@code 0x1.8p1},
     * {@code 0x10}), {@code inf}/{@code infinity} in any case with an optional sign; no leading or
     * trailing space, no Java suffixes ({@code 1d}, {@code 1f}), no NaN, no overflow to infinity and
     * no underflow to zero of a non-zero number.
     *
     * @throws KvException with {@link KvException#NOT_FLOAT}
     */
    public static double toDouble(byte[] b) {
        return toDouble(b, KvException.NOT_FLOAT);
    }

    /** {@link #toDouble(byte[])} with another error text. */
    public static double toDouble(byte[] b, String error) {
        double d = parseDouble(b);
        if (Double.isNaN(d)) {
            throw new KvException(error);
        }
        return d;
    }

    /** True if {@link #toDouble(byte[])} accepts the argument. */
    public static boolean isDouble(byte[] b) {
        return !Double.isNaN(parseDouble(b));
    }

    /** The value, or NaN when refused. */
    private static double parseDouble(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 5000) {
            return Double.NaN;
        }
        int i = 0;
        boolean negative = false;
        if (b[0] == '+' || b[0] == '-') {
            negative = b[0] == '-';
            i = 1;
        }
        if (i == n) {
            return Double.NaN;
        }
        // every byte must belong to a number: this also refuses spaces anywhere and non-ASCII
        boolean hex = n - i > 2 && b[i] == '0' && (b[i + 1] | 0x20) == 'x';
        String rest = new String(b, i, n - i, StandardCharsets.ISO_8859_1);
        String lower = rest.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        boolean digit = false;
        boolean nonZeroDigit = false;
        for (int k = hex ? 2 : 0; k < lower.length(); k++) {
            char c = lower.charAt(k);
            boolean isDigit = c >= '0' && c <= '9' || hex && c >= 'a' && c <= 'f';
            if (isDigit) {
                digit = true;
                nonZeroDigit |= c != '0';
            } else if (c == '.' || (!hex && c == 'e') || (hex && c == 'p')) {
                if (c != '.') {
                    // an exponent: sign and digits only after it, and no more mantissa digits counted
                    int e = k + 1;
                    if (e < lower.length() && (lower.charAt(e) == '+' || lower.charAt(e) == '-')) {
                        e++;
                    }
                    if (e == lower.length()) {
                        return Double.NaN;
                    }
                    for (; e < lower.length(); e++) {
                        if (lower.charAt(e) < '0' || lower.charAt(e) > '9') {
                            return Double.NaN;
                        }
                    }
                    break;
                }
            } else {
                return Double.NaN;
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        if (hex && lower.indexOf('p') < 0) {
            rest = rest + "p0"; // C reads 0x10 without a binary exponent; Java needs one
        }
        double v;
        try {
            v = Double.parseDouble(rest);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        if (Double.isInfinite(v) || (v == 0 && nonZeroDigit)) {
            return Double.NaN; // ERANGE: overflow, or a non-zero number underflowing to zero
        }
        return negative ? -v : v;
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
