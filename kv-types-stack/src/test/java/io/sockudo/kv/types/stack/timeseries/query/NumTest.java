package io.sockudo.kv.types.stack.timeseries.query;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sample values parse as RedisTimeSeries's reader accepts them, and the fast path parses exactly. */
class NumTest {
    private static double v(String s) {
        return Num.sampleValue(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void grammar() {
        assertEquals(1.5, v("1.5"));
        assertEquals(-0.0, v("-0"));
        assertEquals(1e-7, v("1e-7"));
        assertEquals(2.5e10, v("2.5E+10"));
        assertTrue(Double.isNaN(v("nan")) && !Num.bad(v("nan")));
        assertTrue(Double.isNaN(v("-NaN")) && !Num.bad(v("-NaN")));
        for (String bad : new String[] {"", "+1", ".5", "5.", "1e", "inf", "1e400", "abc", " 1", "1 ", "0x10", "--1"}) {
            assertTrue(Num.bad(v(bad)), bad);
        }
    }

    @Test
    void fastPathMatchesTheFullParser() {
        Random r = new Random(7);
        for (int i = 0; i < 300_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (r.nextBoolean()) {
                sb.append('-');
            }
            sb.append(r.nextInt(100_000));
            if (r.nextBoolean()) {
                sb.append('.');
                int n = 1 + r.nextInt(14);
                for (int k = 0; k < n; k++) {
                    sb.append((char) ('0' + r.nextInt(10)));
                }
            }
            String s = sb.toString();
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(v(s)), s);
        }
    }
}
