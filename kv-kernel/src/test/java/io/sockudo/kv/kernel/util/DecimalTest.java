package io.sockudo.kv.kernel.util;

import io.sockudo.kv.spi.Decimal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SPI's {@link Decimal} (kv-spi has no tests of its own) against {@link Long#toString}. */
class DecimalTest {
    private static void check(long v) {
        String expected = Long.toString(v);
        assertEquals(expected.length(), Decimal.length(v), expected);
        byte[] dst = new byte[25];
        int end = Decimal.write(v, dst, 3);
        assertEquals(3 + expected.length(), end, expected);
        assertEquals(expected, new String(dst, 3, end - 3, StandardCharsets.US_ASCII));
        byte[] back = new byte[25];
        int start = Decimal.writeBackwards(v, back, 22);
        assertEquals(expected, new String(back, start, 22 - start, StandardCharsets.US_ASCII));
    }

    @Test
    void everyLengthAndBothEndsOfTheRangeMatchLongToString() {
        long[] fixed = {0, 1, -1, 9, 10, -9, -10, 99, 100, -99, -100, 101, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (long v : fixed) {
            check(v);
        }
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, 10 * p - 1}) {
                check(v);
                check(-v);
            }
        }
    }

    @Test
    void randomValuesOfEveryMagnitudeMatchLongToString() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            check(random.nextLong() >> random.nextInt(64));
        }
    }
}
