package io.sockudo.kv.types.stack.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The decimal writer (two digits per division) against Long.toString, at every digit count and sign. */
class ScratchTest {
    private static String decimal(long v) {
        Scratch s = new Scratch();
        s.put((byte) '>');
        s.decimal(v);
        return new String(s.buf, 1, s.len - 1, StandardCharsets.US_ASCII);
    }

    @Test
    void decimalsMatchLongToString() {
        long[] edges = {0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
            1_000_000_000_000_000_000L, 999_999_999_999_999_999L, -1, -10, -100};
        for (long v : edges) {
            assertEquals(Long.toString(v), decimal(v));
        }
        long p = 1;
        for (int d = 0; d < 19; d++, p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, -p, -(p - 1)}) {
                assertEquals(Long.toString(v), decimal(v));
            }
        }
        Random r = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            long v = r.nextLong() >> r.nextInt(64);
            assertEquals(Long.toString(v), decimal(v));
        }
    }
}
