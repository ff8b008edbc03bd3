package io.sockudo.kv.types.core.strings;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Parses a number as Redis's {@code string2ld} does: glibc {@code strtold} (decimal and hex
 * floats, {@code inf}/{@code infinity}, correctly rounded to long double), accepted only when it
 * consumes the whole string, the string is shorter than 5120 bytes, does not start with white
 * space, is not NaN, and does not overflow to infinity or underflow to zero.
 */
public final class LongDoubleParser {
    /** Redis's MAX_LONG_DOUBLE_CHARS: strings this long or longer are rejected. */
    static final int MAX_CHARS = 5 * 1024;
    /** Exponent digits saturate here: far beyond any value that neither overflows nor underflows. */
    private static final long EXP_CAP = 100_000_000L;
    /** Largest decimal exponent of a finite long double (max is about 1.19e4932). */
    private static final int MAX_DECIMAL_EXP = 4932;
    /** Below 1e-4951 a value rounds to zero (the smallest subnormal is about 3.65e-4951). */
    private static final int MIN_DECIMAL_EXP = -4952;

    private LongDoubleParser() {
    }

    /** Parses a whole array; null when Redis would reply "value is not a valid float". */
    public static LongDouble parse(byte[] b) {
        return parse(b, 0, b.length);
    }

    /** Parses {@code b[off, off+len)}; null when Redis would reject it. */
    public static LongDouble parse(byte[] b, int off, int len) {
        if (len == 0 || len >= MAX_CHARS || isSpace(b[off])) {
            return null;
        }
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            i++;
        }
        if (i == end) {
            return null;
        }
        int c = b[i] | 0x20;
        if (c == 'i' || c == 'n') {
            return parseSpecial(b, i, end, negative);
        }
        if (b[i] == '0' && i + 2 <= end && (b[i + 1] | 0x20) == 'x') {
            return parseHex(b, i + 2, end, negative);
        }
        return parseDecimal(b, i, end, negative);
    }

    /** inf, infinity (any case) are accepted; every nan form is rejected. */
    private static LongDouble parseSpecial(byte[] b, int i, int end, boolean negative) {
        int n = end - i;
        if ((n == 3 && matches(b, i, "inf")) || (n == 8 && matches(b, i, "infinity"))) {
            return negative ? LongDouble.NEGATIVE_INFINITY : LongDouble.POSITIVE_INFINITY;
        }
        return null;
    }

    private static boolean matches(byte[] b, int i, String word) {
        for (int k = 0; k < word.length(); k++) {
            if ((b[i + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static LongDouble parseDecimal(byte[] b, int i, int end, boolean negative) {
        int digitsStart = i;
        long small = 0;
        int significant = 0; // digits from the first non-zero one on
        int fractionDigits = 0;
        int totalDigits = 0;
        boolean dot = false;
        for (; i < end; i++) {
            int ch = b[i];
            if (ch >= '0' && ch <= '9') {
                totalDigits++;
                if (dot) {
                    fractionDigits++;
                }
                if (significant > 0 || ch != '0') {
                    significant++;
                    if (significant <= 18) {
                        small = small * 10 + (ch - '0');
                    }
                }
            } else if (ch == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (totalDigits == 0) {
            return null;
        }
        int mantissaEnd = i;
        long exp10 = 0;
        if (i < end) {
            if ((b[i] | 0x20) != 'e') {
                return null;
            }
            exp10 = exponent(b, i + 1, end);
            if (exp10 == MALFORMED) {
                return null; // e.g. "1e" or "1e+": strtold stops before the marker
            }
        }
        if (significant == 0) {
            return negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
        }
        // value = D * 10^scale where D is the integer of all mantissa digits
        long scale = exp10 - fractionDigits;
        long leading = scale + significant - 1; // decimal exponent of the leading digit
        if (leading > MAX_DECIMAL_EXP + 1 || leading < MIN_DECIMAL_EXP) {
            return null; // overflow to infinity or underflow to zero: ERANGE, rejected
        }
        BigInteger d = significant <= 18 ? BigInteger.valueOf(small) : digits(b, digitsStart, mantissaEnd);
        LongDouble v;
        if (scale >= 0) {
            v = LongDouble.round(negative, d.multiply(BigInteger.TEN.pow((int) scale)), 0, false);
        } else {
            // D / 10^k = (D / 5^k) * 2^-k: divide with enough quotient bits, keep the remainder as sticky
            int k = (int) -scale;
            BigInteger den = BigInteger.valueOf(5).pow(k);
            int shift = Math.max(0, 66 + den.bitLength() - d.bitLength());
            BigInteger[] qr = d.shiftLeft(shift).divideAndRemainder(den);
            v = LongDouble.round(negative, qr[0], -k - shift, qr[1].signum() != 0);
        }
        return v.isFinite() && !v.isZero() ? v : null;
    }

    /** The integer of all decimal digits in the range (the dot skipped). */
    private static BigInteger digits(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            if (b[i] != '.') {
                sb.append((char) b[i]);
            }
        }
        return new BigInteger(sb.toString());
    }

    /** Hex float after "0x": hex digits with an optional dot, then an optional binary exponent p[+-]digits. */
    private static LongDouble parseHex(byte[] b, int i, int end, boolean negative) {
        int start = i;
        int hexDigits = 0;
        int fractionDigits = 0;
        boolean dot = false;
        for (; i < end; i++) {
            int ch = b[i];
            if (hexValue(ch) >= 0) {
                hexDigits++;
                if (dot) {
                    fractionDigits++;
                }
            } else if (ch == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (hexDigits == 0) {
            return null; // "0x" alone: strtold reads just the "0"
        }
        int mantissaEnd = i;
        long exp2 = 0;
        if (i < end) {
            if ((b[i] | 0x20) != 'p') {
                return null;
            }
            exp2 = exponent(b, i + 1, end);
            if (exp2 == MALFORMED) {
                return null; // e.g. "1e" or "1e+": strtold stops before the marker
            }
        }
        StringBuilder sb = new StringBuilder(mantissaEnd - start);
        for (int k = start; k < mantissaEnd; k++) {
            if (b[k] != '.') {
                sb.append((char) b[k]);
            }
        }
        BigInteger h = new BigInteger(sb.toString(), 16);
        if (h.signum() == 0) {
            return negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
        }
        long e = exp2 - 4L * fractionDigits;
        long top = e + h.bitLength();
        if (top > LongDouble.MAX_BITS) {
            return null;
        }
        if (top < LongDouble.MIN_EXP - 1) {
            return null;
        }
        LongDouble v = LongDouble.round(negative, h, (int) e, false);
        return v.isFinite() && !v.isZero() ? v : null;
    }

    private static int hexValue(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        int l = ch | 0x20;
        if (l >= 'a' && l <= 'f') {
            return l - 'a' + 10;
        }
        return -1;
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    /** Parses a Java string (tests). */
    static LongDouble parse(String s) {
        return parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Returned by {@link #exponent} for a malformed exponent (real ones are capped far above it). */
    private static final long MALFORMED = Long.MIN_VALUE;

    /**
     * The signed decimal exponent written in {@code b[from, end)} (after the {@code e} or
     * {@code p}), capped at {@link #EXP_CAP} in magnitude, or {@link #MALFORMED} when it has no
     * digits or anything but digits after the sign.
     */
    private static long exponent(byte[] b, int from, int end) {
        int i = from;
        boolean negative = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        if (i == end) {
            return MALFORMED;
        }
        long e = 0;
        for (; i < end; i++) {
            int ch = b[i];
            if (ch < '0' || ch > '9') {
                return MALFORMED;
            }
            if (e < EXP_CAP) {
                e = e * 10 + (ch - '0');
            }
        }
        return negative ? -e : e;
    }
}
