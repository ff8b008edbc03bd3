package io.sockudo.kv.types.core.strings;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Formats a long double as Redis's {@code ld2string(..., LD_STR_HUMAN)}: glibc's exact
 * {@code "%.17Lf"} (round half to even on the exact binary value), then trailing zeros after the
 * dot removed, then the dot if nothing follows it, and {@code "-0"} turned into {@code "0"}.
 */
public final class LongDoubleFormat {
    private static final int DECIMALS = 17;
    private static final BigInteger TEN_POW_17 = BigInteger.TEN.pow(DECIMALS);
    private static final byte[] ZERO = {'0'};
    private static final byte[] INF = {'i', 'n', 'f'};
    private static final byte[] NEG_INF = {'-', 'i', 'n', 'f'};

    private LongDoubleFormat() {
    }

    /** The human-friendly text Redis stores and replies for INCRBYFLOAT results. */
    public static byte[] human(LongDouble v) {
        if (v.isInfinite()) {
            return v.isNegative() ? NEG_INF.clone() : INF.clone();
        }
        if (v.isNaN()) {
            return "nan".getBytes(StandardCharsets.US_ASCII);
        }
        BigInteger m = v.magnitude();
        int exp = v.exponent();
        if (m.signum() == 0) {
            return ZERO.clone();
        }
        if (exp >= 0) {
            // an integer: "%.17Lf" prints only zeros after the dot, all stripped
            return withSign(v.isNegative(), m.shiftLeft(exp).toString());
        }
        // scaled = round_half_even(m * 10^17 / 2^k), the value in units of 1e-17
        int k = -exp;
        BigInteger num = m.multiply(TEN_POW_17);
        BigInteger scaled = num.shiftRight(k);
        if (k <= num.bitLength() && num.testBit(k - 1)) {
            boolean aboveHalf = num.getLowestSetBit() < k - 1;
            if (aboveHalf || scaled.testBit(0)) {
                scaled = scaled.add(BigInteger.ONE);
            }
        }
        if (scaled.signum() == 0) {
            return ZERO.clone(); // "-0.00000000000000000" becomes "0" too
        }
        String digits = scaled.toString();
        int n = digits.length();
        int end = n;
        while (end > n - DECIMALS && end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        StringBuilder sb = new StringBuilder(n + 20);
        if (v.isNegative()) {
            sb.append('-');
        }
        if (n <= DECIMALS) {
            sb.append('0');
            if (end > 0) {
                sb.append('.');
                for (int i = n; i < DECIMALS; i++) {
                    sb.append('0');
                }
                sb.append(digits, 0, end);
            }
        } else {
            sb.append(digits, 0, n - DECIMALS);
            if (end > n - DECIMALS) {
                sb.append('.').append(digits, n - DECIMALS, end);
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] withSign(boolean negative, String digits) {
        return (negative ? "-" + digits : digits).getBytes(StandardCharsets.US_ASCII);
    }
}
