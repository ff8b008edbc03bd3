package io.sockudo.kv.types.stack.doubles;

/**
 * Doubles as Redis 8 prints them ({@code d2string}, what {@code RedisModule_ReplyWithDouble} and
 * vector-set replies use): whole numbers up to 2^62 as integers, {@code nan}, {@code inf},
 * {@code -inf}, {@code 0}, {@code -0}, anything else with the shortest digits that read back as
 * the same double, laid out like C's {@code %.17g} (plain between 1e-4 and 1e17, otherwise
 * {@code 1.5e-05}). Shared by the TimeSeries and vector-set commands; the kernel's
 * {@code ReplyWriter#doubleValue} follows Redis 7.0's 17 digits instead.
 */
public final class Redis8Doubles {
    private Redis8Doubles() {
    }

    /** Shortest decimal digits (no trailing zeros) and the power of ten they are scaled by. */
    public static final class Decimal {
        private String digits;
        private int exp10;

        public String digits() {
            return digits;
        }

        public int exp10() {
            return exp10;
        }
    }

    /** The shortest digits that read back as {@code abs} (a positive finite double). */
    public static Decimal shortest(double abs) {
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

    /** A double as Redis 8 replies one ({@code %.17g} layout, shortest digits). */
    public static String d2string(double v) {
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
        String digits = d.digits();
        int n = digits.length();
        int sciExp = d.exp10() + n - 1;
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
        } else if (d.exp10() >= 0) {
            sb.append(digits);
            for (int i = 0; i < d.exp10(); i++) {
                sb.append('0');
            }
        } else {
            int point = n + d.exp10();
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
