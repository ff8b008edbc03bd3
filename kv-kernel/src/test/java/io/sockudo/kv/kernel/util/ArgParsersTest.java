package io.sockudo.kv.kernel.util;

import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ScanCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ScanCursor (strtoul rules) and IntArg (getIntFromObjectOrReply rules). */
class ArgParsersTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void cursorsAsStrtoulReadsThem() {
        assertEquals(0, ScanCursor.parse(b("")));
        assertEquals(0, ScanCursor.parse(b("0")));
        assertEquals(7, ScanCursor.parse(b("007")));
        assertEquals(5, ScanCursor.parse(b("+5")));
        assertEquals(-1L, ScanCursor.parse(b("-1")));
        assertEquals(-1L, ScanCursor.parse(b("18446744073709551615")));
        assertEquals(1, ScanCursor.parse(b("-18446744073709551615")));
        assertEquals(12, ScanCursor.parse(b("12\u0000junk")));
        assertEquals(0, ScanCursor.parse(b("\u0000")));
    }

    @ParameterizedTest
    @ValueSource(strings = {" 0", "0 ", "\t1", "-", "+", "x", "0x1", "1.0", "18446744073709551616",
        "-18446744073709551616", "99999999999999999999999", "1-", "--1", "+-1"})
    void invalidCursors(String s) {
        KvException e = assertThrows(KvException.class, () -> ScanCursor.parse(b(s)));
        assertEquals("ERR invalid cursor", e.getMessage());
    }

    @Test
    void ints() {
        assertEquals(0, IntArg.parse(b("0")));
        assertEquals(Integer.MAX_VALUE, IntArg.parse(b("2147483647")));
        assertEquals(Integer.MIN_VALUE, IntArg.parse(b("-2147483648")));
        assertEquals(IntArg.OUT_OF_INT_RANGE,
                assertThrows(KvException.class, () -> IntArg.parse(b("2147483648"))).getMessage());
        assertEquals("ERR value is not an integer or out of range",
                assertThrows(KvException.class, () -> IntArg.parse(b("1.5"))).getMessage());
        assertEquals("ERR value is not an integer or out of range",
                assertThrows(KvException.class, () -> IntArg.parse(b("99999999999999999999"))).getMessage());
        assertEquals("ERR custom",
                assertThrows(KvException.class, () -> IntArg.parse(b("2147483648"), "ERR custom")).getMessage());
        assertEquals("ERR custom",
                assertThrows(KvException.class, () -> IntArg.parse(b("x"), "ERR custom")).getMessage());
    }
}
