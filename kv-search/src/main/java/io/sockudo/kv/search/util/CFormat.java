package io.sockudo.kv.search.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** C's {@code printf} number formats RediSearch replies with ({@code %.12g}, {@code %.17g}, {@code %lld}). */
public final class CFormat {
    private CFormat() {
    }

    /** RediSearch's RSValue_NumToString: an integer as {@code %lld}, anything else as {@code %.12g}. */
    public static String num(double d) {
        if (d == (long) d && !Double.isInfinite(d) && Math.abs(d) < 9.2e18) {
            return Long.toString((long) d);
        }
        return g(d, 12);
    }

    /** C's {@code %.<precision>g}. */
    public static String g(double v, int precision) {
        if (Double.isNaN(v)) {
            return v < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        int p = precision == 0 ? 1 : precision;
        BigDecimal bd = null;
        if (p <= 15 && Math.abs(v) >= Double.MIN_NORMAL) {
            // for a normal number the shortest decimal that reads back as v differs from v by under
            // half an ulp, far less than half a unit of the 15th digit: when it has at most p digits
            // it is already v rounded to p digits (and parsing it is cheap, unlike v's expansion)
            BigDecimal shortest = new BigDecimal(Double.toString(v));
            if (shortest.precision() <= p) {
                bd = shortest;
            }
        }
        if (bd == null) {
            bd = new BigDecimal(v).round(new MathContext(p, RoundingMode.HALF_EVEN));
        }
        // exponent of the rounded value: value = unscaled * 10^-scale, unscaled has `digits` digits
        int digits = bd.unscaledValue().abs().toString().length();
        int x = digits - bd.scale() - 1;
        String out;
        if (x < -4 || x >= p) {
            BigDecimal mant = bd.movePointLeft(x);
            String m = strip(mant.setScale(p - 1, RoundingMode.HALF_EVEN).toPlainString());
            String e = Integer.toString(Math.abs(x));
            out = m + "e" + (x < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        } else {
            out = strip(bd.setScale(Math.max(0, p - 1 - x), RoundingMode.HALF_EVEN).toPlainString());
        }
        return out;
    }

    private static String strip(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }
}
