package io.sockudo.kv.probabilistic.common;

import io.sockudo.kv.spi.Args;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing with the rules of the module API RedisBloom calls: {@code RedisModule_StringToLongLong}
 * (Redis's strict {@code string2ll}) and {@code RedisModule_StringToDouble} ({@code strtod} over the
 * whole argument: no leading space, nothing left over, no NaN, no overflow, no underflow to zero;
 * {@code inf} and {@code infinity} in any case are accepted).
 */
public final class Num {
    /** Returned by {@link #toDouble} for an argument that is not a number (NaN is never a valid result). */
    public static final double BAD = Double.NaN;

    private Num() {
    }

    public static boolean isLong(byte[] b) {
        return Args.isLong(b);
    }

    /** The value of a canonical integer argument; call after {@link #isLong}. */
    public static long toLong(byte[] b) {
        return Args.parseLongUnchecked(b, 0, b.length);
    }

    /** The double an argument holds, or {@link #BAD} (test with {@link Double#isNaN}). */
    public static double toDouble(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 300) {
            return BAD;
        }
        int i = 0;
        boolean neg = false;
        if (b[0] == '+' || b[0] == '-') {
            neg = b[0] == '-';
            i++;
        }
        if (i < n && (b[i] | 0x20) == 'i') {
            if (Args.is(slice(b, i), "inf") || Args.is(slice(b, i), "infinity")) {
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return BAD;
        }
        boolean digits = false;
        boolean nonZero = false;
        while (i < n && b[i] >= '0' && b[i] <= '9') {
            digits = true;
            nonZero |= b[i] != '0';
            i++;
        }
        if (i < n && b[i] == '.') {
            i++;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                digits = true;
                nonZero |= b[i] != '0';
                i++;
            }
        }
        if (!digits) {
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
            // strtod stops before an 'e' without digits: the rest is then left over
            if (e == start) {
                return BAD;
            }
            i = e;
        }
        if (i != n) {
            return BAD;
        }
        double v = Double.parseDouble(new String(b, StandardCharsets.US_ASCII));
        // strtod's ERANGE: overflow to infinity, or underflow of a non-zero number to zero
        if (Double.isInfinite(v) || (v == 0 && nonZero)) {
            return BAD;
        }
        return v;
    }

    private static byte[] slice(byte[] b, int from) {
        byte[] out = new byte[b.length - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }
}
