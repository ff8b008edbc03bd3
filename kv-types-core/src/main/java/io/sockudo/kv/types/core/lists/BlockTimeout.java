package io.sockudo.kv.types.core.lists;

import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.types.core.strings.LongDouble;
import io.sockudo.kv.types.core.strings.LongDoubleParser;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The timeout argument of the blocking list commands, parsed as Redis 7.0's
 * {@code getTimeoutFromObjectOrReply(..., UNIT_SECONDS)}: a long double in seconds (strtold
 * syntax), times 1000, rounded up, cast to a 64-bit integer (infinities and values past 2^63 wrap
 * to LLONG_MIN and so read as negative).
 */
final class BlockTimeout {
    static final String NOT_FLOAT = "ERR timeout is not a float or out of range";
    static final String NEGATIVE = "ERR timeout is negative";
    /** Longer waits are as good as forever; keeps the scheduler's arithmetic far from overflow. */
    private static final long MAX_MILLIS = 1L << 40;
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private BlockTimeout() {
    }

    /** The relative timeout in milliseconds; 0 means block forever. Throws with Redis's error text. */
    static long millis(byte[] arg) {
        LongDouble ld = LongDoubleParser.parse(arg);
        if (ld == null) {
            throw new KvException(NOT_FLOAT);
        }
        if (ld.isInfinite()) {
            throw new KvException(NEGATIVE);
        }
        if (ld.isZero()) {
            return 0;
        }
        BigDecimal ms = seconds(new String(arg, StandardCharsets.ISO_8859_1))
                .movePointRight(3).setScale(0, RoundingMode.CEILING);
        if (ms.signum() < 0 || ms.compareTo(LONG_MAX) > 0) {
            throw new KvException(NEGATIVE);
        }
        long v = ms.longValue();
        return v > MAX_MILLIS ? MAX_MILLIS : v;
    }

    private static BigDecimal seconds(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            // hex float (strtold accepts it with or without a binary exponent)
            String h = s.indexOf('p') < 0 && s.indexOf('P') < 0 ? s + "p0" : s;
            return new BigDecimal(Double.parseDouble(h));
        }
    }
}
