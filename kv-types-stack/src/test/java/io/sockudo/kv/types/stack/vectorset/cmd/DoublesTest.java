package io.sockudo.kv.types.stack.vectorset.cmd;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis 8's reply layout of doubles: shortest digits, %.17g placement. */
class DoublesTest {
    @Test
    void layout() {
        assertEquals("1", Doubles.format(1.0));
        assertEquals("0", Doubles.format(0.0));
        assertEquals("-0", Doubles.format(-0.0));
        assertEquals("0.5", Doubles.format(0.5));
        assertEquals("0.9999999403953552", Doubles.format(0.9999999403953552));
        assertEquals("0.8535534143447876", Doubles.format(0.8535534143447876));
        assertEquals("1.4142135381698608", Doubles.format((double) 1.4142135f));
        assertEquals("0.0001", Doubles.format(0.0001));
        assertEquals("1.5e-05", Doubles.format(0.000015));
        assertEquals("123456789012345680", Doubles.format(123456789012345678.0));
        assertEquals("4611686018427387904", Doubles.format(0x1p62));
        assertEquals("1e+19", Doubles.format(1e19));
        assertEquals("1e+100", Doubles.format(1e100));
        assertEquals("inf", Doubles.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Doubles.format(Double.NEGATIVE_INFINITY));
        assertEquals("nan", Doubles.format(Double.NaN));
        assertEquals("-2.5", Doubles.format(-2.5));
    }

    /** Always reads back as the same value, with no more digits than needed. */
    @Test
    void shortestRoundTrip() {
        Random r = new Random(9);
        for (int i = 0; i < 50_000; i++) {
            double d = i % 2 == 0 ? r.nextDouble() : (double) r.nextFloat() * (r.nextInt(200) - 100);
            String s = Doubles.format(d);
            assertEquals(d, Double.parseDouble(s), s);
            String digits = s.replace("-", "").replaceAll("e.*", "").replace(".", "").replaceFirst("^0+", "");
            assertTrue(digits.length() <= 17, s);
        }
    }
}
