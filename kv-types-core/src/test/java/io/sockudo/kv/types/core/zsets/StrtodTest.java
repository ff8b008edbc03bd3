package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.common.Strtod;
import io.sockudo.kv.spi.DoubleFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Score parsing as Redis's strtod-based getDoubleFromObject, and %.17g formatting. */
class StrtodTest {
    private static double strict(String s) {
        return Strtod.parseStrict(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void acceptsWhatStrtodAccepts() {
        assertEquals(1.5, strict("1.5"));
        assertEquals(-3, strict("-3"));
        assertEquals(5, strict("+5"));
        assertEquals(16, strict("0x10"));
        assertEquals(1.5, strict("0x1.8p0"));
        assertEquals(1000, strict("1e3"));
        assertEquals(0.5, strict(".5"));
        assertEquals(5, strict("5."));
        assertEquals(Double.POSITIVE_INFINITY, strict("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, strict("-Infinity"));
        assertEquals(0.1, strict("0.1"));
        assertEquals(1.2345678901234567e19, strict("12345678901234567890"));
        assertEquals(Double.MIN_VALUE, strict("4.9e-324"));
        assertEquals(-0.0, strict("-0"));
    }

    @Test
    void rejectsTheRest() {
        for (String s : new String[]{"", " 1", "1 ", "abc", "nan", "1e400", "1e-400", "1x", "--1", "0x", "e5", "1e", "1d"}) {
            assertTrue(Double.isNaN(strict(s)), s);
        }
    }

    @Test
    void formatsAsPercent17g() {
        assertEquals("1.1000000000000001", DoubleFormat.g17(1.1));
        assertEquals("0.10000000000000001", DoubleFormat.g17(0.1));
        assertEquals("1e+17", DoubleFormat.g17(1e17));
        assertEquals("123", DoubleFormat.g17(123));
        assertEquals("-0", DoubleFormat.g17(-0.0));
        assertEquals("inf", DoubleFormat.g17(Double.POSITIVE_INFINITY));
        assertEquals("-1.0000000000000001e-05", DoubleFormat.g17(-1e-5));
    }
}
