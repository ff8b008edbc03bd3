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

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long[] LPOW10 = {1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L, 100000000L,
        1000000000L, 10000000000L, 100000000000L, 1000000000000L, 10000000000000L, 100000000000000L,
        1000000000000000L, 10000000000000000L, 100000000000000000L};

    /** Appends the text of {@code d} (finite) to {@code out}. */
    public static void write(double d, Scratch out) {
        if (!writeFast(d, out)) {
            out.ascii(toString(d));
        }
    }

    /**
     * The common case without allocation: |d| in [1e-5, 1e15), printed in plain notation with the
     * fewest fraction digits k for which the integer nearest d * 10^k, divided by 10^k, reads back
     * as d (exact operands below 10^15, one correctly rounded division). Anything else, and any
     * form of 16 digits or more, goes the general way.
     */
    private static boolean writeFast(double d, Scratch out) {
        double a = Math.abs(d);
        if (!(a >= 1e-5 && a < 1e15)) {
            return false;
        }
        for (int k = 0; k <= 17; k++) {
            double scaled = a * POW10[k];
            if (scaled >= 1e15) {
                return false; // 16 digits and more: neighbours may read back too, the general path decides
            }
            long m = Math.round(scaled);
            // with at most 15 digits, c / 10^k for c = m +- 1 lies several ulps away from a, so m is
            // the only candidate: it reads back as a exactly when this division gives a
            if (m > 0 && (double) m / POW10[k] == a) {
                if (d < 0) {
                    out.put((byte) '-');
                }
                long unit = LPOW10[k];
                out.decimal(m / unit);
                out.put((byte) '.');
                if (k == 0) {
                    out.put((byte) '0');
                } else {
                    long frac = m % unit;
                    out.ensure(k);
                    for (int i = k - 1; i >= 0; i--) {
                        out.buf[out.len + i] = (byte) ('0' + frac % 10);
                        frac /= 10;
                    }
                    out.len += k;
                }
                return true;
            }
        }
        return false;
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
