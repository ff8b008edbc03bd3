package io.sockudo.kv.kernel.scripting;

import io.sockudo.kv.spi.DoubleFormat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** How Redis's Lua prints numbers: %.14g in Lua (tostring), %.17g for command arguments. */
final class LuaNumbers {
    private static final MathContext SIG14 = new MathContext(14, RoundingMode.HALF_EVEN);

    private LuaNumbers() {
    }

    /** A number given to {@code redis.call} as an argument: Redis 7.0 prints it with {@code %.17g}. */
    static byte[] argument(double d) {
        if (d == (long) d && Math.abs(d) < 1e15) {
            return Long.toString((long) d).getBytes(StandardCharsets.US_ASCII);
        }
        return DoubleFormat.bytes(d);
    }

    /**
     * A NaN as Redis's Lua prints it on x86-64, where arithmetic (0/0) produces a NaN with the sign
     * bit set ("-nan") and negating it clears the bit; the JVM's arithmetic NaN has the bit clear
     * and negation sets it, so the sign is read inverted.
     */
    static String nan(double d) {
        return Double.doubleToRawLongBits(d) < 0 ? "nan" : "-nan";
    }

    /** C's {@code %.14g} (Lua 5.1's LUAI_NUMFFORMAT), as {@code tostring} prints numbers. */
    static String g14(double d) {
        if (Double.isNaN(d)) {
            return nan(d);
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e14) {
            return Long.toString((long) d);
        }
        BigDecimal bd = new BigDecimal(d).round(SIG14);
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 14) {
            String digits = new BigDecimal(bd.unscaledValue()).stripTrailingZeros().unscaledValue().abs().toString();
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
        String plain = bd.setScale(Math.max(0, 13 - exp), RoundingMode.HALF_EVEN).toPlainString();
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
