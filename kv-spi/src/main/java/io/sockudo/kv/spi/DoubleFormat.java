package io.sockudo.kv.spi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Formats doubles exactly as C's {@code printf("%.17g")} does, which is how Redis 7.0 prints
 * doubles in replies (e.g. {@code 1.1000000000000001}).
 */
public final class DoubleFormat {
    private static final MathContext SIG17 = new MathContext(17, RoundingMode.HALF_EVEN);

    private DoubleFormat() {
    }

    /** The ASCII bytes of {@link #g17}, for values stored or sent as plain strings (ZSCAN, GEO). */
    public static byte[] bytes(double d) {
        return g17(d).getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code %.17g} with Redis's spellings of the special values ({@code nan}, {@code inf}, {@code -inf}). */
    public static String g17(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        BigDecimal bd = new BigDecimal(d).round(SIG17);
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 17) {
            BigDecimal unscaled = new BigDecimal(bd.unscaledValue()).stripTrailingZeros();
            String digits = unscaled.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder(24);
            if (bd.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
            return sb.toString();
        }
        String plain = bd.setScale(Math.max(0, 16 - exp), RoundingMode.HALF_EVEN).toPlainString();
        if (plain.indexOf('.') >= 0) {
            int end = plain.length();
            while (plain.charAt(end - 1) == '0') {
                end--;
            }
            if (plain.charAt(end - 1) == '.') {
                end--;
            }
            plain = plain.substring(0, end);
        }
        return plain;
    }
}

