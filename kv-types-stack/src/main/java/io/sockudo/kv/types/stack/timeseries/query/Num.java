package io.sockudo.kv.types.stack.timeseries.query;

import io.sockudo.kv.spi.Args;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing as RedisTimeSeries does it: integers with Redis's strict {@code string2ll};
 * sample values with the module's own double reader (an optional minus, digits, an optional
 * fraction and exponent, or {@code nan}/{@code +nan}/{@code -nan} in any case; no plus sign, no
 * infinity, nothing that overflows); other doubles with {@code RedisModule_StringToDouble}
 * ({@code strtod} over the whole argument, infinities accepted, NaN refused).
 */
public final class Num {
    /** Returned for an argument that is not a number (test with {@link #bad}). */
    private static final long BAD_BITS = 0x7ff8dead0000beefL;
    public static final double BAD = Double.longBitsToDouble(BAD_BITS);

    private Num() {
    }

    /** Whether a parse result is {@link #BAD} (a NaN sample value is not). */
    public static boolean bad(double d) {
        return Double.doubleToRawLongBits(d) == BAD_BITS;
    }

    public static boolean isLong(byte[] b) {
        return Args.isLong(b);
    }

    public static long toLong(byte[] b) {
        return Args.parseLongUnchecked(b, 0, b.length);
    }

    /** A sample value, or {@link #BAD}. */
    public static double sampleValue(byte[] b) {
        int n = b.length;
        if (n == 3 || n == 4) {
            int o = n == 4 && (b[0] == '-' || b[0] == '+') ? 1 : 0;
            if (n - o == 3 && (b[o] | 0x20) == 'n' && (b[o + 1] | 0x20) == 'a' && (b[o + 2] | 0x20) == 'n') {
                return Double.NaN;
            }
        }
        int i = 0;
        if (i < n && b[i] == '-') {
            i++;
        }
        int d = digits(b, i);
        if (d == i) {
            return BAD;
        }
        i = d;
        if (i < n && b[i] == '.') {
            d = digits(b, i + 1);
            if (d == i + 1) {
                return BAD;
            }
            i = d;
        }
        if (i < n && (b[i] | 0x20) == 'e') {
            i++;
            if (i < n && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            d = digits(b, i);
            if (d == i) {
                return BAD;
            }
            i = d;
        }
        if (i != n) {
            return BAD;
        }
        double fast = fastDecimal(b);
        if (!bad(fast)) {
            return fast;
        }
        double v = Double.parseDouble(new String(b, StandardCharsets.US_ASCII));
        return Double.isInfinite(v) ? BAD : v;
    }

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22
    };

    /**
     * The exact value of a plain decimal ({@code -?digits[.digits]}, already validated) when its
     * digits fit in 2^53 and it has at most 22 fraction digits: then one correctly rounded
     * division gives the same double as a full parse, without allocating. {@link #BAD} otherwise.
     */
    private static double fastDecimal(byte[] b) {
        int i = 0;
        boolean neg = b[0] == '-';
        if (neg) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < b.length; i++) {
            byte c = b[i];
            if (c == '.') {
                fraction = 0;
                continue;
            }
            if (c < '0' || c > '9') {
                return BAD; // an exponent: leave it to the full parser
            }
            if (mantissa != 0 || c != '0') {
                digits++;
            }
            if (digits > 15) {
                return BAD;
            }
            mantissa = mantissa * 10 + (c - '0');
            if (fraction >= 0) {
                fraction++;
            }
        }
        int scale = Math.max(0, fraction);
        if (scale >= POW10.length) {
            return BAD;
        }
        double v = scale == 0 ? (double) mantissa : mantissa / POW10[scale];
        return neg ? -v : v;
    }

    private static int digits(byte[] b, int i) {
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** {@code RedisModule_StringToDouble}: a double or {@link #BAD}. */
    public static double toDouble(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 400) {
            return BAD;
        }
        int i = 0;
        boolean neg = false;
        if (b[0] == '+' || b[0] == '-') {
            neg = b[0] == '-';
            i++;
        }
        if (i < n && (b[i] | 0x20) == 'i') {
            String rest = new String(b, i, n - i, StandardCharsets.US_ASCII);
            if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return BAD;
        }
        boolean anyDigit = false;
        boolean nonZero = false;
        while (i < n && b[i] >= '0' && b[i] <= '9') {
            anyDigit = true;
            nonZero |= b[i] != '0';
            i++;
        }
        if (i < n && b[i] == '.') {
            i++;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                anyDigit = true;
                nonZero |= b[i] != '0';
                i++;
            }
        }
        if (!anyDigit) {
            return BAD;
        }
        if (i < n && (b[i] | 0x20) == 'e') {
            int e = i + 1;
            if (e < n && (b[e] == '+' || b[e] == '-')) {
                e++;
            }
            int start = e;
            while (e < n && b[e] >= '0' && b[e] <= '9') {
                e++;
            }
            if (e == start) {
                return BAD;
            }
            i = e;
        }
        if (i != n) {
            return BAD;
        }
        double v = Double.parseDouble(new String(b, StandardCharsets.US_ASCII));
        if (Double.isInfinite(v) || (v == 0 && nonZero)) {
            return BAD;
        }
        return v;
    }
}
