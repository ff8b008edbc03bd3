package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.types.stack.doubles.Redis8Doubles;

/**
 * How RedisTimeSeries writes doubles.
 *
 * <p>Sample values on RESP2 are simple strings made by its patched Dragonbox {@code to_chars}:
 * the shortest digits that read back as the same double, written plainly ({@code 40},
 * {@code 1.5}, {@code 123456.789}) for magnitudes from 1 up to 2^52 (up to 2^56 when the digits
 * need no trailing zero) and in scientific form with a capital {@code E} otherwise ({@code 5E-1},
 * {@code 1.2345E20}); {@code NaN}, {@code Infinity}, {@code -Infinity}, {@code 0}, {@code -0}.
 *
 * <p>Other doubles ({@code RedisModule_ReplyWithDouble}: RESP3 sample values, TS.INFO's
 * ignoreMaxValDiff and bytesPerSample) take Redis 8's shortest {@code %.17g} layout:
 * {@code 0.5}, {@code 1e+20}, {@code inf}, {@code nan}.
 */
public final class Doubles {
    private Doubles() {
    }

    /** A sample value as RedisTimeSeries writes it on RESP2. */
    public static String sample(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        boolean neg = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
        double abs = Math.abs(v);
        if (abs == 0) {
            return neg ? "-0" : "0";
        }
        if (abs < 4503599627370496.0 && abs == Math.rint(abs) && abs >= 1) {
            long l = (long) abs;
            return neg ? "-" + l : Long.toString(l);
        }
        Redis8Doubles.Decimal d = Redis8Doubles.shortest(abs);
        int binExp = Math.getExponent(abs);
        boolean plain = abs >= 1 && (binExp <= 51 || (binExp <= 55 && d.exp10() == 0));
        StringBuilder sb = new StringBuilder(26);
        if (neg) {
            sb.append('-');
        }
        String digits = d.digits();
        int n = digits.length();
        if (plain) {
            if (d.exp10() >= 0) {
                sb.append(digits);
                for (int i = 0; i < d.exp10(); i++) {
                    sb.append('0');
                }
            } else {
                int point = n + d.exp10();
                sb.append(digits, 0, point).append('.').append(digits, point, n);
            }
            return sb.toString();
        }
        sb.append(digits.charAt(0));
        if (n > 1) {
            sb.append('.').append(digits, 1, n);
        }
        int sciExp = d.exp10() + n - 1;
        sb.append('E').append(sciExp);
        return sb.toString();
    }

    /** A double as Redis 8 replies one ({@code %.17g} layout, shortest digits). */
    public static String reply(double v) {
        return Redis8Doubles.d2string(v);
    }
}
