package io.sockudo.kv.types.stack.json;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * Writes a double as RedisJSON prints it (serde_json through ryu): the shortest digits that read
 * back to the same value, a decimal point always present in plain notation ({@code 1.0},
 * {@code 100.0}, {@code 0.001}), exponent notation outside {@code 1e-5..1e16} ({@code 1e16},
 * {@code 1.5e-7}, {@code -2.5e300}), {@code -0.0} for negative zero.
 */
public final class DoubleText {
    private DoubleText() {
    }

    /** Appends the text of {@code d} (finite) to {@code out}. */
    public static void write(double d, Scratch out) {
        out.ascii(toString(d));
    }

    public static String toString(double d) {
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0.0" : "0.0";
        }
        // Java's shortest round-trip digits (Schubfach, as Jackson's fast writer computes them),
        // then laid out with ryu's rules.
        String java = NumberOutput.toString(d, true);
        StringBuilder digits = new StringBuilder(20);
        int exp10 = 0;
        boolean negative = false;
        int pointAt = -1;
        int i = 0;
        int n = java.length();
        if (java.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        int digitCount = 0;
        for (; i < n; i++) {
            char c = java.charAt(i);
            if (c == '.') {
                pointAt = digitCount;
            } else if (c == 'E' || c == 'e') {
                exp10 = Integer.parseInt(java.substring(i + 1));
                break;
            } else {
                digits.append(c);
                digitCount++;
            }
        }
        if (pointAt < 0) {
            pointAt = digitCount;
        }
        // value = 0.digits * 10^(pointAt + exp10); strip leading and trailing zeros
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        String ds = digits.substring(lead);
        int point = pointAt - lead + exp10;
        int last = ds.length();
        while (last > 1 && ds.charAt(last - 1) == '0') {
            last--;
        }
        ds = ds.substring(0, last);
        if (ds.length() == 2) {
            // Java prints at least two digits; ryu prints one when one reads back the same
            String one = oneDigit(ds, point, d);
            if (one != null) {
                if (one.length() > 1) {
                    point++; // 9.x rounded up to 10
                    one = "1";
                }
                ds = one;
            }
        }
        int length = ds.length();
        int k = point - length; // value = ds * 10^k
        int kk = point;
        StringBuilder sb = new StringBuilder(26);
        if (negative) {
            sb.append('-');
        }
        if (k >= 0 && kk <= 16) {
            sb.append(ds);
            for (int z = 0; z < k; z++) {
                sb.append('0');
            }
            sb.append(".0");
        } else if (kk > 0 && kk <= 16) {
            sb.append(ds, 0, kk).append('.').append(ds, kk, length);
        } else if (kk > -5 && kk <= 0) {
            sb.append("0.");
            for (int z = 0; z < -kk; z++) {
                sb.append('0');
            }
            sb.append(ds);
        } else if (length == 1) {
            sb.append(ds).append('e').append(kk - 1);
        } else {
            sb.append(ds.charAt(0)).append('.').append(ds, 1, length).append('e').append(kk - 1);
        }
        return sb.toString();
    }

    /** The one-digit form of the two digits {@code ds} when it reads back as {@code d}, else null. */
    private static String oneDigit(String ds, int point, double d) {
        double abs = Math.abs(d);
        int first = ds.charAt(0) - '0';
        String best = null;
        java.math.BigDecimal bestErr = null;
        java.math.BigDecimal exact = new java.math.BigDecimal(abs);
        for (int cand = first; cand <= first + 1; cand++) {
            String digits = Integer.toString(cand);
            int pt = point + digits.length() - 1;
            double v = Double.parseDouble("0." + digits + "E" + pt);
            if (v == abs) {
                java.math.BigDecimal err = new java.math.BigDecimal("0." + digits + "E" + pt).subtract(exact).abs();
                if (bestErr == null || err.compareTo(bestErr) < 0) {
                    bestErr = err;
                    best = digits;
                }
            }
        }
        return best;
    }
}
