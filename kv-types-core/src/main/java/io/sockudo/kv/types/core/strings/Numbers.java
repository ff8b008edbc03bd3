package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.Decimal;
import io.sockudo.kv.spi.KvException;

/** Integer text helpers for the string commands, allocation-light. */
final class Numbers {
    private Numbers() {
    }

    /**
     * The canonical integer in {@code b[0..len)} — {@link Args#isLong}'s rules: no sign but '-',
     * no leading zero, no space, within 64 bits — read in one pass (INCR reads the stored value
     * once instead of checking it and then parsing it), or the NOT_INTEGER error.
     */
    static long storedLong(byte[] b, int len) {
        if (len == 0 || len > 20) {
            throw new KvException(KvException.NOT_INTEGER);
        }
        int i = 0;
        boolean negative = b[0] == '-';
        if (negative && ++i == len) {
            throw new KvException(KvException.NOT_INTEGER);
        }
        if (b[i] == '0') {
            if (len == 1) {
                return 0;
            }
            throw new KvException(KvException.NOT_INTEGER);
        }
        long v = 0;
        if (len - i <= 18) {
            // up to 18 digits cannot overflow: no range test per digit
            for (; i < len; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    throw new KvException(KvException.NOT_INTEGER);
                }
                v = v * 10 - d;
            }
            return negative ? v : -v;
        }
        for (; i < len; i++) {
            int d = b[i] - '0';
            // accumulated negatively so Long.MIN_VALUE fits
            if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
                throw new KvException(KvException.NOT_INTEGER);
            }
            v = v * 10 - d;
        }
        if (negative) {
            return v;
        }
        if (v == Long.MIN_VALUE) {
            throw new KvException(KvException.NOT_INTEGER);
        }
        return -v;
    }

    /** Decimal ASCII of {@code v} in an exact-size array (one allocation). */
    static byte[] toBytes(long v) {
        byte[] out = new byte[Decimal.length(v)];
        Decimal.writeBackwards(v, out, out.length);
        return out;
    }

    /** Length of the decimal text of {@code v} (sign included), by comparisons only. */
    static int textLength(long v) {
        return Decimal.length(v);
    }

    /** True when {@code value + incr} leaves the 64-bit range (Redis's test in incrDecrCommand). */
    static boolean addOverflows(long value, long incr) {
        return (incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value);
    }
}
