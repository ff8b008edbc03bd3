package io.sockudo.kv.types.stack.vectorset.cmd;

import io.sockudo.kv.spi.ReplyWriter;

/**
 * Doubles as Redis 8 replies them ({@code d2string}, on RESP2 and RESP3 alike): whole numbers up
 * to 2^62 as integers, {@code nan}, {@code inf}, {@code -inf}, {@code 0}, {@code -0}, anything
 * else with the shortest digits that read back as the same double, laid out like C's
 * {@code %.17g} (plain between 1e-4 and 1e17, otherwise {@code 1.5e-05}). Redis 7.0 printed 17
 * digits; the kernel's {@link ReplyWriter#doubleValue} follows 7.0, so vector-set replies format
 * their own text and write it with {@link ReplyWriter#doubleText}.
 */
final class Doubles {
    private Doubles() {
    }

    static void reply(ReplyWriter r, double v) {
        r.doubleText(format(v));
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
        double abs = Math.abs(v);
        if (abs == 0) {
            return negative ? "-0" : "0";
        }
        if (abs <= 0x1p62 && abs == Math.rint(abs)) {
            long l = (long) abs;
            return negative ? "-" + l : Long.toString(l);
        }
        StringBuilder digits = new StringBuilder(20);
        int exp = shortest(abs, digits);
        int n = digits.length();
        int sci = exp + n - 1;
        StringBuilder sb = new StringBuilder(26);
        if (negative) {
            sb.append('-');
        }
        if (sci < -4 || sci >= 17) {
            sb.append(digits.charAt(0));
            if (n > 1) {
                sb.append('.').append(digits, 1, n);
            }
            sb.append('e').append(sci < 0 ? '-' : '+');
            int a = Math.abs(sci);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        } else if (exp >= 0) {
            sb.append(digits);
            for (int i = 0; i < exp; i++) {
                sb.append('0');
            }
        } else {
            int point = n + exp;
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

    /**
     * The shortest significant digits of {@code abs} (a positive finite double) into
     * {@code out}, without trailing zeros; returns the power of ten they are scaled by. Starts
     * from {@link Double#toString} (shortest since JDK 19, one digit long at times before) and
     * tries one digit fewer, rounded down and up, while that still reads back as the same value.
     */
    private static int shortest(double abs, StringBuilder out) {
        String s = Double.toString(abs);
        int e = s.indexOf('E');
        int exp = 0;
        String mantissa = s;
        if (e >= 0) {
            exp = Integer.parseInt(s.substring(e + 1));
            mantissa = s.substring(0, e);
        }
        int dot = mantissa.indexOf('.');
        String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        if (dot >= 0) {
            exp -= mantissa.length() - dot - 1;
        }
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
        while (digits.length() > 1) {
            int n = digits.length() - 1;
            String down = digits.substring(0, n);
            String up = plusOne(down);
            int shifted = exp + 1;
            boolean downOk = Double.parseDouble(down + "E" + shifted) == abs;
            boolean upOk = Double.parseDouble(up + "E" + shifted) == abs;
            if (!downOk && !upOk) {
                break;
            }
            String pick = upOk && (!downOk || digits.charAt(n) >= '5') ? up : down;
            exp = shifted;
            // drop trailing zeros (and the carry digit of 99..9 + 1)
            int cut = pick.length();
            while (cut > 1 && pick.charAt(cut - 1) == '0') {
                cut--;
                exp++;
            }
            digits = pick.substring(0, cut);
        }
        out.append(digits);
        return exp;
    }

    /** {@code digits + 1} in the last place, as digits ({@code "199"} becomes {@code "200"}). */
    private static String plusOne(String digits) {
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
}
