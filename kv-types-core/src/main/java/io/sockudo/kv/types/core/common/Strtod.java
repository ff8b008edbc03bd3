package io.sockudo.kv.types.core.common;

import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} on byte arrays, as Redis's score parsing uses it: optional leading white
 * space, a sign, then a decimal or hexadecimal float, {@code inf}/{@code infinity} or
 * {@code nan} (any case). Integers and short decimals take an exact fast path with no allocation.
 */
public final class Strtod {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** The value of the last parse. */
    public double value;
    /** Index after the last character consumed (the start index when nothing was parsed). */
    public int end;
    /**
     * C's ERANGE: the result overflowed to infinity, or a non-zero number underflowed to zero or
     * to a subnormal (glibc reports both; Redis's score parsing accepts the subnormal one).
     */
    public boolean range;

    /**
     * Redis's {@code getDoubleFromObject}: the whole argument must be a float (no leading space,
     * no trailing bytes, no NaN, no overflow or underflow to zero). Returns NaN when invalid.
     */
    public static double parseStrict(byte[] b) {
        int n = b.length;
        if (n == 0 || isSpace(b[0])) {
            return Double.NaN;
        }
        // fast path: canonical small integers
        if (n <= 15) {
            int i = b[0] == '-' ? 1 : 0;
            if (i < n) {
                long v = 0;
                int j = i;
                for (; j < n; j++) {
                    int d = b[j] - '0';
                    if (d < 0 || d > 9) {
                        break;
                    }
                    v = v * 10 + d;
                }
                if (j == n) {
                    return i == 1 ? -(double) v : (double) v;
                }
            }
        }
        Strtod p = new Strtod();
        p.parse(b, 0, n);
        if (p.end != n || p.value != p.value || (p.range && (Double.isInfinite(p.value) || p.value == 0))) {
            return Double.NaN;
        }
        return p.value;
    }

    public static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** Parses from {@code off} up to at most {@code limit}; sets {@link #value}, {@link #end}, {@link #range}. */
    public void parse(byte[] b, int off, int limit) {
        value = 0;
        end = off;
        range = false;
        int i = off;
        while (i < limit && isSpace(b[i])) {
            i++;
        }
        boolean neg = false;
        if (i < limit && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        if (i >= limit) {
            return;
        }
        int c = b[i] | 0x20;
        if (c == 'i') {
            if (matches(b, i, limit, "infinity")) {
                value = neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                end = i + 8;
            } else if (matches(b, i, limit, "inf")) {
                value = neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                end = i + 3;
            }
            return;
        }
        if (c == 'n') {
            if (matches(b, i, limit, "nan")) {
                value = Double.NaN;
                end = i + 3;
                if (end < limit && b[end] == '(') {
                    int j = end + 1;
                    while (j < limit && (isAlnum(b[j]) || b[j] == '_')) {
                        j++;
                    }
                    if (j < limit && b[j] == ')') {
                        end = j + 1;
                    }
                }
            }
            return;
        }
        if (b[i] == '0' && i + 1 < limit && (b[i + 1] | 0x20) == 'x') {
            if (parseHex(b, i + 2, limit, neg)) {
                return;
            }
            // "0x" without hex digits: strtod reads the "0"
            value = neg ? -0.0 : 0.0;
            end = i + 1;
            return;
        }
        parseDecimal(b, i, limit, neg);
    }

    private void parseDecimal(byte[] b, int i, int limit, boolean neg) {
        int start = i;
        long mant = 0;
        int digits = 0;
        int fracDigits = 0;
        boolean any = false;
        boolean exact = true;
        while (i < limit && b[i] >= '0' && b[i] <= '9') {
            if (digits < 18) {
                mant = mant * 10 + (b[i] - '0');
                if (mant != 0) {
                    digits++;
                }
            } else {
                exact = false;
            }
            i++;
            any = true;
        }
        if (i < limit && b[i] == '.') {
            i++;
            while (i < limit && b[i] >= '0' && b[i] <= '9') {
                if (digits < 18) {
                    mant = mant * 10 + (b[i] - '0');
                    if (mant != 0) {
                        digits++;
                    }
                    fracDigits++;
                } else {
                    exact = false;
                }
                i++;
                any = true;
            }
        }
        if (!any) {
            return;
        }
        int numEnd = i;
        boolean hasExp = false;
        if (i < limit && (b[i] | 0x20) == 'e') {
            int j = i + 1;
            if (j < limit && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            if (j < limit && b[j] >= '0' && b[j] <= '9') {
                while (j < limit && b[j] >= '0' && b[j] <= '9') {
                    j++;
                }
                numEnd = j;
                hasExp = true;
            }
        }
        end = numEnd;
        if (exact && !hasExp && mant < (1L << 53) && fracDigits <= 22) {
            double v = fracDigits == 0 ? (double) mant : mant / POW10[fracDigits];
            value = neg ? -v : v;
            return;
        }
        String s = new String(b, start, numEnd - start, StandardCharsets.ISO_8859_1);
        double v = Double.parseDouble(s);
        if (Double.isInfinite(v)) {
            range = true;
        } else if ((v == 0 || Math.abs(v) < Double.MIN_NORMAL) && hasNonZeroDigit(b, start, numEnd)) {
            range = true;
        }
        value = neg ? -v : v;
    }

    private static boolean hasNonZeroDigit(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((b[i] | 0x20) == 'e') {
                return false;
            }
            if (b[i] >= '1' && b[i] <= '9') {
                return true;
            }
        }
        return false;
    }

    private boolean parseHex(byte[] b, int i, int limit, boolean neg) {
        int start = i;
        boolean any = false;
        while (i < limit && isHex(b[i])) {
            i++;
            any = true;
        }
        int dot = -1;
        if (i < limit && b[i] == '.') {
            dot = i;
            i++;
            while (i < limit && isHex(b[i])) {
                i++;
                any = true;
            }
        }
        if (!any) {
            return false;
        }
        int numEnd = i;
        String exp = "p0";
        if (i < limit && (b[i] | 0x20) == 'p') {
            int j = i + 1;
            if (j < limit && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            if (j < limit && b[j] >= '0' && b[j] <= '9') {
                while (j < limit && b[j] >= '0' && b[j] <= '9') {
                    j++;
                }
                exp = new String(b, i, j - i, StandardCharsets.ISO_8859_1);
                end = j;
            } else {
                end = numEnd;
            }
        } else {
            end = numEnd;
        }
        String mant = new String(b, start, numEnd - start, StandardCharsets.ISO_8859_1);
        if (dot == numEnd - 1) {
            mant = mant.substring(0, mant.length() - 1);
        }
        if (mant.startsWith(".")) {
            mant = "0" + mant;
        }
        double v = Double.parseDouble("0x" + mant + exp);
        if (Double.isInfinite(v)) {
            range = true;
        } else if (v == 0 || Math.abs(v) < Double.MIN_NORMAL) {
            for (int k = start; k < numEnd; k++) {
                if (b[k] != '0' && b[k] != '.') {
                    range = true;
                    break;
                }
            }
        }
        value = neg ? -v : v;
        return true;
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
    }

    private static boolean isAlnum(byte c) {
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    }

    private static boolean matches(byte[] b, int i, int limit, String word) {
        if (limit - i < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((b[i + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
