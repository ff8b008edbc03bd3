package io.sockudo.kv.types.stack.vectorset.filter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** strtod's grammar and rounding, and Redis's stricter rules for double arguments. */
class StrtodTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static double whole(String s) {
        byte[] x = b(s);
        return Strtod.strtodWhole(x, 0, x.length);
    }

    private static int prefix(String s) {
        byte[] x = b(s);
        return Strtod.prefix(x, 0, x.length, new double[1]);
    }

    @Test
    void prefixes() {
        assertEquals(1, prefix("1e"));
        assertEquals(3, prefix("1.5.2"));
        assertEquals(4, prefix("1e10x"));
        assertEquals(2, prefix("1.e"));
        assertEquals(2, prefix(".5"));
        assertEquals(0, prefix("."));
        assertEquals(0, prefix("-"));
        assertEquals(1, prefix("0x"), "0x without hex digits is 0");
        assertEquals(4, prefix("0x1Ag"));
        assertEquals(3, prefix("inf"));
        assertEquals(8, prefix("Infinity"));
        assertEquals(4, prefix("-nan"));
    }

    @Test
    void wholeStrings() {
        assertEquals(12.0, whole("12"));
        assertEquals(12.0, whole("  12"), "leading space is skipped");
        assertEquals(0.0, whole("12 "), "trailing text makes it 0");
        assertEquals(0.0, whole("abc"));
        assertEquals(0.0, whole(""));
        assertEquals(26.0, whole("0x1A"));
        assertEquals(1.5, whole("0x1.8p0"));
        assertEquals(Double.POSITIVE_INFINITY, whole("inf"));
        assertEquals(12.0, whole("12\0junk"), "a C string ends at NUL");
    }

    @Test
    void redisArguments() {
        assertEquals(1.5, Strtod.redisArg(b("1.5")));
        assertEquals(Double.POSITIVE_INFINITY, Strtod.redisArg(b("inf")));
        assertTrue(Double.isNaN(Strtod.redisArg(b(" 1"))), "leading space");
        assertTrue(Double.isNaN(Strtod.redisArg(b("1 "))), "trailing space");
        assertTrue(Double.isNaN(Strtod.redisArg(b(""))));
        assertTrue(Double.isNaN(Strtod.redisArg(b("nan"))));
        assertTrue(Double.isNaN(Strtod.redisArg(b("1e400"))), "overflow");
        assertTrue(Double.isNaN(Strtod.redisArg(b("1e-400"))), "underflow to zero");
        assertEquals(0.0, Strtod.redisArg(b("0e-400")), "a real zero");
        assertEquals(4.9e-322, Strtod.redisArg(b("4.9e-322")), "a denormal is kept");
    }

    /** The fast path and the slow path agree with Double.parseDouble on random decimals. */
    @Test
    void rounding() {
        Random r = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            String s;
            switch (i % 4) {
                case 0:
                    s = Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
                    break;
                case 1:
                    s = Long.toString(r.nextLong() % 1_000_000_000_000_000L) + "." + Math.abs(r.nextInt());
                    break;
                case 2:
                    s = (r.nextInt(2000) - 1000) + "e" + (r.nextInt(60) - 30);
                    break;
                default:
                    s = "0.000" + Math.abs(r.nextLong());
                    break;
            }
            assertEquals(Double.parseDouble(s), whole(s), s);
        }
    }
}
