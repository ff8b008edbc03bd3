package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.Args;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Integer text and overflow rules used by INCR/DECR and the integer encoding. */
class NumbersTest {
    @Test
    void toBytesMatchesLongToString() {
        long[] values = {0, 1, -1, 9, 10, -10, 99, 100, 123456789, -987654321, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1_000_000_000_000_000_000L};
        for (long v : values) {
            assertArrayEquals(Long.toString(v).getBytes(StandardCharsets.US_ASCII), Numbers.toBytes(v), Long.toString(v));
        }
    }

    @Test
    void overflowTestIsRedisExact() {
        assertTrue(Numbers.addOverflows(Long.MAX_VALUE, 1));
        assertFalse(Numbers.addOverflows(Long.MAX_VALUE, 0));
        assertFalse(Numbers.addOverflows(Long.MAX_VALUE, -1));
        assertTrue(Numbers.addOverflows(Long.MIN_VALUE, -1));
        assertFalse(Numbers.addOverflows(Long.MIN_VALUE, Long.MAX_VALUE));
        assertTrue(Numbers.addOverflows(-1, Long.MIN_VALUE));
        assertTrue(Numbers.addOverflows(-2, Long.MIN_VALUE + 1));
        assertFalse(Numbers.addOverflows(0, Long.MIN_VALUE));
    }

    @Test
    void canonicalIntegersOnly() {
        for (String ok : new String[]{"0", "1", "-1", "9223372036854775807", "-9223372036854775808", "10"}) {
            assertTrue(Args.isLong(ok.getBytes(StandardCharsets.US_ASCII)), ok);
        }
        for (String bad : new String[]{"", " 1", "1 ", "01", "+1", "-0", "-", "1.0", "9223372036854775808",
                "-9223372036854775809", "1e3", "0x10", "00", "\u00001"}) {
            assertFalse(Args.isLong(bad.getBytes(StandardCharsets.ISO_8859_1)), bad);
        }
    }
}
