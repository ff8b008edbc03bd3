package io.sockudo.kv.types.stack.timeseries.cmd;

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

    /** Shortest decimal digits (no trailing zeros) and the power of ten they are scaled by. */
    private static final class Decimal {
        String digits;
        int exp10;
    }

    private static Decimal shortest(double abs) {
        String s = Double.toString(abs);
        int e = s.indexOf('E');
        int exp = 0;
        String mant = s;
        if (e >= 0) {
            exp = Integer.parseInt(s.substring(e + 1));
            mant = s.substring(0, e);
        }
        int dot = mant.indexOf('.');
        String digits = dot < 0 ? mant : mant.substring(0, dot) + mant.substring(dot + 1);
        int fraction = dot < 0 ? 0 : mant.length() - dot - 1;
        exp -= fraction;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = digits.substring(lead);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
            exp++;
        }
        digits = digits.substring(0, end);
        Decimal d = new Decimal();
        d.digits = digits;
        d.exp10 = exp;
        // JDK 17's Double.toString may give a digit or two too many: look for shorter digits (the
        // original ones cut to n, or cut and raised by one) that still read back as the same double;
        // when both do, the one nearer the original digits wins
        if (digits.length() >= 16) {
            String full = digits;
            for (int n = full.length() - 1; n >= 1; n--) {
                String down = full.substring(0, n);
                String up = raise(down);
                boolean downOk = readsBack(down, exp + full.length() - n, abs);
                int upExp = exp + full.length() - n + (up.length() > n ? 1 : 0);
                String upDigits = up.length() > n ? up.substring(0, n) : up;
                boolean upOk = readsBack(upDigits, upExp, abs);
                if (!downOk && !upOk) {
                    break;
                }
                boolean preferUp = full.charAt(n) >= '5';
                if (upOk && (preferUp || !downOk)) {
                    set(d, upDigits, upExp);
                } else {
                    set(d, down, exp + full.length() - n);
                }
            }
        }
        return d;
    }

    private static boolean readsBack(String digits, int exp10, double abs) {
        return Double.parseDouble(digits + "E" + exp10) == abs;
    }

    private static void set(Decimal d, String digits, int exp10) {
        int cut = digits.length();
        while (cut > 1 && digits.charAt(cut - 1) == '0') {
            cut--;
            exp10++;
        }
        d.digits = digits.substring(0, cut);
        d.exp10 = exp10;
    }

    /** The digits plus one in the last place (999 becomes 1000). */
    private static String raise(String digits) {
        char[] c = digits.toCharArray();
        int i = c.length - 1;
        while (i >= 0 && c[i] == '9') {
            c[i--] = '0';
        }
        if (i < 0) {
            return "1" + new String(c);
        }
        c[i]++;
        return new String(c);
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
        Decimal d = shortest(abs);
        int binExp = Math.getExponent(abs);
        boolean plain = abs >= 1 && (binExp <= 51 || (binExp <= 55 && d.exp10 == 0));
        StringBuilder sb = new StringBuilder(26);
        if (neg) {
            sb.append('-');
        }
        String digits = d.digits;
        int n = digits.length();
        if (plain) {
            if (d.exp10 >= 0) {
                sb.append(digits);
                for (int i = 0; i < d.exp10; i++) {
                    sb.append('0');
                }
            } else {
                int point = n + d.exp10;
                sb.append(digits, 0, point).append('.').append(digits, point, n);
            }
            return sb.toString();
        }
        sb.append(digits.charAt(0));
        if (n > 1) {
            sb.append('.').append(digits, 1, n);
        }
        int sciExp = d.exp10 + n - 1;
        sb.append('E').append(sciExp);
        return sb.toString();
    }

    /** A double as Redis 8 replies one ({@code %.17g} layout, shortest digits). */
    public static String reply(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        boolean neg = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
        double abs = Math.abs(v);
        if (abs == 0) {
            return neg ? "-0" : "0";
        }
        if (abs <= 0x1p62 && abs == Math.rint(abs)) {
            // Redis's d2string prints whole numbers up to LLONG_MAX/2 as integers
            long l = (long) abs;
            return neg ? "-" + l : Long.toString(l);
        }
        Decimal d = shortest(abs);
        String digits = d.digits;
        int n = digits.length();
        int sciExp = d.exp10 + n - 1;
        StringBuilder sb = new StringBuilder(26);
        if (neg) {
            sb.append('-');
        }
        if (sciExp < -4 || sciExp >= 17) {
            sb.append(digits.charAt(0));
            if (n > 1) {
                sb.append('.').append(digits, 1, n);
            }
            sb.append('e').append(sciExp < 0 ? '-' : '+');
            int a = Math.abs(sciExp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        } else if (d.exp10 >= 0) {
            sb.append(digits);
            for (int i = 0; i < d.exp10; i++) {
                sb.append('0');
            }
        } else {
            int point = n + d.exp10;
            if (point <= 0) {
                sb.append("0.");
                for (int i = point; i < 0; i++) {
                    sb.append('0');
                }
                sb.append(digits);
            } else {
                sb.append(digits, 0, point).append('.').append(digits, point, n);
            }
        }
        return sb.toString();
    }
}
