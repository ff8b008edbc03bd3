package io.sockudo.kv.types.stack.timeseries.cmd;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two ways RedisTimeSeries writes doubles, and that both read back exactly. */
class DoublesTest {
    @Test
    void sampleValuesAsRedisTimeSeriesDragonbox() {
        assertEquals("40", Doubles.sample(40));
        assertEquals("-7", Doubles.sample(-7));
        assertEquals("1.5", Doubles.sample(1.5));
        assertEquals("123456.789", Doubles.sample(123456.789));
        assertEquals("5E-1", Doubles.sample(0.5));
        assertEquals("1E-1", Doubles.sample(0.1));
        assertEquals("-2.5E-1", Doubles.sample(-0.25));
        assertEquals("1E-7", Doubles.sample(1e-7));
        assertEquals("1E20", Doubles.sample(1e20));
        assertEquals("1E16", Doubles.sample(1e16));
        assertEquals("9007199254740994", Doubles.sample(9007199254740994.0));
        assertEquals("1.7976931348623157E308", Doubles.sample(Double.MAX_VALUE));
        assertEquals("4.9E-324", Doubles.sample(Double.MIN_VALUE));
        assertEquals("0", Doubles.sample(0.0));
        assertEquals("-0", Doubles.sample(-0.0));
        assertEquals("NaN", Doubles.sample(Double.NaN));
        assertEquals("Infinity", Doubles.sample(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", Doubles.sample(Double.NEGATIVE_INFINITY));
        assertEquals("3.3333333333333335", Doubles.sample(10.0 / 3));
    }

    @Test
    void repliedDoublesAsRedis() {
        assertEquals("0.5", Doubles.reply(0.5));
        assertEquals("0.1", Doubles.reply(0.1));
        assertEquals("100", Doubles.reply(100));
        assertEquals("1e+20", Doubles.reply(1e20));
        assertEquals("1e+19", Doubles.reply(1e19));
        assertEquals("100000000000000000", Doubles.reply(1e17));
        assertEquals("4611686018427387904", Doubles.reply(0x1p62));
        assertEquals("1.5e-07", Doubles.reply(1.5e-7));
        assertEquals("0.0001", Doubles.reply(1e-4));
        assertEquals("inf", Doubles.reply(Double.POSITIVE_INFINITY));
        assertEquals("nan", Doubles.reply(Double.NaN));
        assertEquals("1365.3333740234375", Doubles.reply((float) 4096 / 3));
    }

    @Test
    void digitsAreTheShortestThatReadBack() {
        Random r = new Random(9);
        for (int i = 0; i < 20_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble() * 1000;
            if (Double.isNaN(d) || Double.isInfinite(d) || d == 0
                    || (Math.abs(d) <= 0x1p62 && d == Math.rint(d))) {
                continue; // whole numbers up to 2^62 are written as integers
            }
            String text = Doubles.reply(Math.abs(d));
            String mantissa = text.contains("e") ? text.substring(0, text.indexOf('e')) : text;
            String digits = mantissa.replace(".", "").replaceFirst("^0+", "");
            int n = digits.replaceFirst("0+$", "").length();
            if (n > 1) {
                java.math.BigDecimal shorter = new java.math.BigDecimal(Math.abs(d))
                        .round(new java.math.MathContext(n - 1, java.math.RoundingMode.HALF_EVEN));
                assertTrue(shorter.doubleValue() != Math.abs(d), text + " has a shorter form " + shorter);
            }
        }
    }

    @Test
    void bothFormsReadBackExactly() {
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(r.nextLong());
                case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
                default -> Math.round(r.nextDouble() * 1e6) / 100.0;
            };
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(Doubles.sample(d))),
                    Doubles.sample(d));
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(Doubles.reply(d))),
                    Doubles.reply(d));
        }
    }
}
