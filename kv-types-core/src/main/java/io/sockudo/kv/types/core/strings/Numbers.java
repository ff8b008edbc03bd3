package io.sockudo.kv.types.core.strings;

/** Integer text helpers for the string commands, allocation-light. */
final class Numbers {
    private Numbers() {
    }

    /** Decimal ASCII of {@code v} in an exact-size array (one allocation). */
    static byte[] toBytes(long v) {
        if (v == Long.MIN_VALUE) {
            return new byte[]{'-', '9', '2', '2', '3', '3', '7', '2', '0', '3', '6', '8', '5', '4', '7', '7', '5', '8', '0', '8'};
        }
        boolean negative = v < 0;
        long u = negative ? -v : v;
        int digits = 1;
        for (long t = u; t >= 10; t /= 10) {
            digits++;
        }
        int n = negative ? digits + 1 : digits;
        byte[] out = new byte[n];
        int i = n;
        do {
            out[--i] = (byte) ('0' + (u % 10));
            u /= 10;
        } while (u != 0);
        if (negative) {
            out[0] = '-';
        }
        return out;
    }

    /** True when {@code value + incr} leaves the 64-bit range (Redis's test in incrDecrCommand). */
    static boolean addOverflows(long value, long incr) {
        return (incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value);
    }
}
