package io.sockudo.kv.types.core.common;

import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} as Redis uses it where a whole string must be a number but is otherwise read
 * leniently (SORT's scores): leading white space is skipped, decimal and hexadecimal forms,
 * {@code inf}/{@code infinity} and {@code nan} are read, the number ends at the end of the string
 * or at a NUL byte, and an out-of-range result (overflow, underflow to zero or to a subnormal)
 * counts as an error, as glibc's {@code ERANGE} does. An empty string reads as 0 (strtod converts
 * nothing and stops at the terminating NUL).
 */
public final class CDouble {
    private CDouble() {
    }

    /** The value, or NaN when the string is not such a number (Redis treats a NaN result as an error too). */
    public static double parseOrNaN(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && isSpace(b[i])) {
            i++;
        }
        if (i == end) {
            // nothing converted: strtod leaves the end pointer at the start of the string
            return len == 0 ? 0 : Double.NaN;
        }
        int start = i;
        boolean negative = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            i++;
        }
        if (wordAt(b, i, end, "infinity")) {
            return finish(b, i + 8, end, negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (wordAt(b, i, end, "inf")) {
            return finish(b, i + 3, end, negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (wordAt(b, i, end, "nan")) {
            return Double.NaN;
        }
        if (i + 1 < end && b[i] == '0' && (b[i + 1] | 0x20) == 'x' && startsHexMantissa(b, i + 2, end)) {
            return parseHex(b, start, i + 2, end, negative);
        }
        return parseDecimal(b, start, i, end);
    }

    private static double parseDecimal(byte[] b, int start, int i, int end) {
        int digits = 0;
        boolean nonZero = false;
        while (i < end && isDigit(b[i])) {
            nonZero |= b[i] != '0';
            digits++;
            i++;
        }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && isDigit(b[i])) {
                nonZero |= b[i] != '0';
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return Double.NaN; // no conversion: the first character is not a number
        }
        i = exponent(b, i, end, 'e');
        double v = Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
        return finish(b, i, end, checkRange(v, nonZero));
    }

    private static double parseHex(byte[] b, int start, int i, int end, boolean negative) {
        StringBuilder s = new StringBuilder(end - start + 4).append(negative ? "-0x" : "0x");
        boolean nonZero = false;
        while (i < end && hexValue(b[i]) >= 0) {
            nonZero |= b[i] != '0';
            s.append((char) b[i++]);
        }
        if (i < end && b[i] == '.') {
            s.append('.');
            i++;
            while (i < end && hexValue(b[i]) >= 0) {
                nonZero |= b[i] != '0';
                s.append((char) b[i++]);
            }
        }
        int expStart = i;
        i = exponent(b, i, end, 'p');
        if (i > expStart) {
            s.append(new String(b, expStart, i - expStart, StandardCharsets.ISO_8859_1));
        } else {
            s.append("p0"); // Java requires the binary exponent that C makes optional
        }
        return finish(b, i, end, checkRange(Double.parseDouble(s.toString()), nonZero));
    }

    /** Skips an exponent ({@code e} or {@code p}) when it has at least one digit; returns the new index. */
    private static int exponent(byte[] b, int i, int end, char letter) {
        if (i < end && (b[i] | 0x20) == letter) {
            int j = i + 1;
            if (j < end && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            if (j < end && isDigit(b[j])) {
                while (j < end && isDigit(b[j])) {
                    j++;
                }
                return j;
            }
        }
        return i;
    }

    private static boolean startsHexMantissa(byte[] b, int i, int end) {
        return i < end && (hexValue(b[i]) >= 0 || (b[i] == '.' && i + 1 < end && hexValue(b[i + 1]) >= 0));
    }

    /** glibc's ERANGE: overflow to infinity, or a non-zero number that underflows to zero or a subnormal. */
    private static double checkRange(double v, boolean nonZero) {
        double a = Math.abs(v);
        if (Double.isInfinite(v) || (nonZero && a < Double.MIN_NORMAL)) {
            return Double.NaN;
        }
        return v;
    }

    /** The number must run to the end of the string or to a NUL byte. */
    private static double finish(byte[] b, int i, int end, double v) {
        return i == end || b[i] == 0 ? v : Double.NaN;
    }

    private static boolean wordAt(byte[] b, int i, int end, String word) {
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

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
