package io.sockudo.kv.types.stack.json;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Doubles as RedisJSON prints them: shortest digits that read back, ryu's layout. */
class DoubleTextTest {
    private static String write(double d) {
        Scratch s = new Scratch();
        DoubleText.write(d, s);
        return new String(s.buf, 0, s.len, StandardCharsets.US_ASCII);
    }

    @Test
    void layout() {
        assertEquals("1.0", write(1.0));
        assertEquals("-2.5", write(-2.5));
        assertEquals("0.1", write(0.1));
        assertEquals("129.99", write(129.99));
        assertEquals("0.30000000000000004", write(0.1 + 0.2));
        assertEquals("1e16", write(1e16));
        assertEquals("1.2345e20", write(1.2345e20));
        assertEquals("1000000000000000.0", write(1e15));
        assertEquals("0.00001", write(1e-5));
        assertEquals("1e-6", write(1e-6));
        assertEquals("1.5e-7", write(1.5e-7));
        assertEquals("5e-324", write(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e308", write(Double.MAX_VALUE));
        assertEquals("-0.0", write(-0.0));
        assertEquals("0.0", write(0.0));
        assertEquals("9007199254740992.0", write(9007199254740993.0));
    }

    /** Every printed form reads back as the same double and is no longer than the shortest decimal. */
    @Test
    void randomDoublesReadBackWithShortestDigits() {
        Random r = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(r.nextLong());
                case 1 -> r.nextInt(1_000_000) / 100.0;
                case 2 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
                default -> (r.nextInt(2_000_001) - 1_000_000) / Math.pow(10, r.nextInt(8));
            };
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            String text = write(d);
            assertEquals(d, Double.parseDouble(text), text);
            String digits = text.replace("-", "").replaceAll("e.*", "").replace(".", "").replaceAll("^0+", "").replaceAll("0+$", "");
            String shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros().unscaledValue().abs().toString();
            assertTrue(digits.length() <= Math.max(1, shortest.length()), d + " -> " + text + " (Java: " + Double.toString(d) + ")");
        }
    }
}
