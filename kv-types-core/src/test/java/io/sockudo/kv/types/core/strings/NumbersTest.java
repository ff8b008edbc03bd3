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
    void storedLongReadsCanonicalIntegersOfEveryLength() {
        long[] values = {0, 1, -1, 9, 10, -10, 123456789012345678L, -123456789012345678L, 999999999999999999L,
                1000000000000000000L, -1000000000000000000L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            byte[] t = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            assertEquals(v, Numbers.storedLong(t, t.length), Long.toString(v));
            assertEquals(t.length, Numbers.textLength(v));
        }
        for (String bad : new String[]{"", "-", "-0", "01", "1a", " 1", "+1", "9223372036854775808",
                "-9223372036854775809", "12345678901234567x"}) {
            byte[] t = bad.getBytes(StandardCharsets.US_ASCII);
            org.junit.jupiter.api.Assertions.assertThrows(io.sockudo.kv.spi.KvException.class,
                    () -> Numbers.storedLong(t, t.length), bad);
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

    @Test
    void storedLongAgreesWithIsLongAndParse() {
        String[] cases = {"0", "1", "-1", "9223372036854775807", "-9223372036854775808", "10", "", " 1", "1 ",
            "01", "+1", "-0", "-", "1.0", "9223372036854775808", "-9223372036854775809", "1e3", "0x10", "00",
            "\u00001", "12345678901234567890", "-12", "99999999999999999999", "-00", "7"};
        for (String c : cases) {
            byte[] b = (c + "junk").getBytes(StandardCharsets.ISO_8859_1); // spare capacity past len
            int len = c.length();
            if (Args.isLong(b, 0, len)) {
                assertEquals(Args.parseLongUnchecked(b, 0, len), Numbers.storedLong(b, len), c);
            } else {
                io.sockudo.kv.spi.KvException e = org.junit.jupiter.api.Assertions.assertThrows(
                        io.sockudo.kv.spi.KvException.class, () -> Numbers.storedLong(b, len), c);
                assertEquals(io.sockudo.kv.spi.KvException.NOT_INTEGER, e.getMessage(), c);
            }
        }
    }
}
