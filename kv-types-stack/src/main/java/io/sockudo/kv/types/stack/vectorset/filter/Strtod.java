package io.sockudo.kv.types.stack.vectorset.filter;

import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} over bytes, as the vector-set code of Redis uses it: the longest prefix
 * that is a number (decimal with optional exponent, hexadecimal, {@code inf}/{@code infinity},
 * {@code nan}), correctly rounded. Plain decimals of up to 15 significant digits and small
 * exponents convert without allocating (the product of two exactly representable doubles is
 * correctly rounded); anything else goes through {@link Double#parseDouble}.
 */
public final class Strtod {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** Set by {@link #prefix}: the value parsed. */
    private double value;
    /** Set by {@link #prefix}: the text had a non-zero digit (tells underflow from a real 0). */
    private boolean nonZeroDigit;
    /** Set by {@link #prefix}: the value came from an {@code inf} or {@code nan} spelling. */
    private boolean special;

    private Strtod() {
    }

    // ---------------------------------------------------------------------------------------
    // Entry points
    // ---------------------------------------------------------------------------------------

    /**
     * {@code strtod} of the whole slice (leading white space allowed, as strtod skips it):
     * the value when the number ends exactly at the end of the slice (or at a NUL byte, where a C
     * string would end), otherwise 0. The filter language converts strings to numbers this way.
     */
    public static double strtodWhole(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == 0) {
                end = i;
                break;
            }
        }
        int i = off;
        while (i < end && isSpace(b[i])) {
            i++;
        }
        Strtod p = new Strtod();
        int n = p.prefix(b, i, end);
        // no conversion (n == 0) leaves strtod's end pointer at the start: 0 either way
        return n > 0 && i + n == end ? p.value : 0;
    }

    /**
     * Length of the number at {@code b[off..end)} (0 when none), its value in {@code out[0]}.
     * No white space is skipped.
     */
    public static int prefix(byte[] b, int off, int end, double[] out) {
        Strtod p = new Strtod();
        int n = p.prefix(b, off, end);
        out[0] = p.value;
        return n;
    }

    /**
     * A command argument as Redis's {@code getDoubleFromObject} accepts it: not empty, no leading
     * white space, the whole argument a number, not NaN, and no overflow or underflow to zero
     * ({@code ERANGE}). Returns NaN when rejected.
     */
    public static double redisArg(byte[] b) {
        if (b.length == 0 || isSpace(b[0])) {
            return Double.NaN;
        }
        Strtod p = new Strtod();
        int n = p.prefix(b, 0, b.length);
        if (n != b.length || n == 0) {
            return Double.NaN;
        }
        double v = p.value;
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        if (Double.isInfinite(v) && !p.special) {
            return Double.NaN;
        }
        if (v == 0 && p.nonZeroDigit) {
            return Double.NaN;
        }
        return v;
    }

    static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    // ---------------------------------------------------------------------------------------
    // The parser
    // ---------------------------------------------------------------------------------------

    private int prefix(byte[] b, int off, int end) {
        int i = off;
        boolean negative = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        int n = special(b, i, end, negative);
        if (n > 0) {
            return i + n - off;
        }
        if (i + 1 < end && b[i] == '0' && (b[i + 1] | 0x20) == 'x') {
            n = hex(b, i + 2, end, negative);
            if (n > 0) {
                return i + 2 + n - off;
            }
            // "0x" without hex digits is the number 0 followed by "x"
            value = negative ? -0.0 : 0.0;
            return i + 1 - off;
        }
        n = decimal(b, i, end, negative);
        return n == 0 ? 0 : i + n - off;
    }

    private int special(byte[] b, int i, int end, boolean negative) {
        if (matches(b, i, end, "infinity")) {
            special = true;
            value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return 8;
        }
        if (matches(b, i, end, "inf")) {
            special = true;
            value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return 3;
        }
        if (matches(b, i, end, "nan")) {
            special = true;
            value = Double.NaN;
            int j = i + 3;
            // nan(n-char-sequence)
            if (j < end && b[j] == '(') {
                int k = j + 1;
                while (k < end && (Character.isLetterOrDigit(b[k]) || b[k] == '_')) {
                    k++;
                }
                if (k < end && b[k] == ')') {
                    return k + 1 - i;
                }
            }
            return 3;
        }
        return 0;
    }

    private static boolean matches(byte[] b, int i, int end, String word) {
        if (end - i < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((b[i + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private int decimal(byte[] b, int start, int end, boolean negative) {
        int i = start;
        long mantissa = 0;
        int significant = 0;
        int dropped = 0;        // digits past what the fast path keeps (before the point)
        int fraction = 0;       // digits kept after the point
        boolean digits = false;
        boolean exactFast = true;
        while (i < end && isDigit(b[i])) {
            digits = true;
            int d = b[i] - '0';
            if (d != 0) {
                nonZeroDigit = true;
            }
            if (significant < 18) {
                if (mantissa != 0 || d != 0) {
                    significant++;
                }
                mantissa = mantissa * 10 + d;
            } else {
                dropped++;
                exactFast = false;
            }
            i++;
        }
        if (i < end && b[i] == '.') {
            int j = i + 1;
            while (j < end && isDigit(b[j])) {
                digits = true;
                int d = b[j] - '0';
                if (d != 0) {
                    nonZeroDigit = true;
                }
                if (significant < 18) {
                    if (mantissa != 0 || d != 0) {
                        significant++;
                    }
                    mantissa = mantissa * 10 + d;
                    fraction++;
                } else if (d != 0) {
                    exactFast = false;
                }
                j++;
            }
            if (!digits) {
                return 0;
            }
            i = j;
        }
        if (!digits) {
            return 0;
        }
        int exp = 0;
        if (i < end && (b[i] | 0x20) == 'e') {
            int j = i + 1;
            boolean expNeg = false;
            if (j < end && (b[j] == '+' || b[j] == '-')) {
                expNeg = b[j] == '-';
                j++;
            }
            if (j < end && isDigit(b[j])) {
                while (j < end && isDigit(b[j])) {
                    if (exp < 100000) {
                        exp = exp * 10 + (b[j] - '0');
                    }
                    j++;
                }
                if (expNeg) {
                    exp = -exp;
                }
                i = j;
            }
        }
        int scale = exp - fraction + dropped;
        if (exactFast && significant <= 15 && scale >= -22 && scale <= 22) {
            double v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
            value = negative ? -v : v;
        } else {
            String text = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
            double v = Double.parseDouble(text);
            value = negative ? -v : v;
        }
        return i - start;
    }

    private int hex(byte[] b, int start, int end, boolean negative) {
        int i = start;
        StringBuilder digits = new StringBuilder();
        boolean any = false;
        while (i < end && isHex(b[i])) {
            digits.append((char) b[i]);
            any = true;
            i++;
        }
        if (i < end && b[i] == '.') {
            int j = i + 1;
            StringBuilder frac = new StringBuilder();
            while (j < end && isHex(b[j])) {
                frac.append((char) b[j]);
                j++;
            }
            if (any || frac.length() > 0) {
                digits.append('.').append(frac);
                any = true;
                i = j;
            }
        }
        if (!any) {
            return 0;
        }
        for (int k = 0; k < digits.length(); k++) {
            char c = digits.charAt(k);
            if (c != '0' && c != '.') {
                nonZeroDigit = true;
            }
        }
        String exp = "0";
        if (i < end && (b[i] | 0x20) == 'p') {
            int j = i + 1;
            StringBuilder e = new StringBuilder();
            if (j < end && (b[j] == '+' || b[j] == '-')) {
                e.append((char) b[j]);
                j++;
            }
            if (j < end && isDigit(b[j])) {
                while (j < end && isDigit(b[j])) {
                    e.append((char) b[j]);
                    j++;
                }
                exp = e.toString();
                i = j;
            }
        }
        String d = digits.toString();
        if (d.startsWith(".")) {
            d = "0" + d;
        }
        double v = Double.parseDouble("0x" + d + "p" + exp);
        value = negative ? -v : v;
        return i - start;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(byte c) {
        return isDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
    }
}
