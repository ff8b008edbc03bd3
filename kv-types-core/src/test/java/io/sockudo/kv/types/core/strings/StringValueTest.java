package io.sockudo.kv.types.core.strings;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encodings as OBJECT ENCODING reports them, and in-place growth. */
class StringValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodingOfWholeValues() {
        assertEquals("int", StringValue.of(b("123")).encoding());
        assertEquals("int", StringValue.of(b("-9223372036854775808")).encoding());
        assertEquals("embstr", StringValue.of(b("9223372036854775808")).encoding());
        assertEquals("embstr", StringValue.of(b("01")).encoding());
        assertEquals("embstr", StringValue.of(b(" 1")).encoding());
        assertEquals("embstr", StringValue.of(b("")).encoding());
        assertEquals("embstr", StringValue.of(b("x".repeat(44))).encoding());
        assertEquals("raw", StringValue.of(b("x".repeat(45))).encoding());
        assertEquals("embstr", StringValue.string(b("10")).encoding());
        assertEquals("raw", StringValue.string(b("1".repeat(45))).encoding());
        assertEquals("raw", StringValue.raw(b("1")).encoding());
    }

    @Test
    void appendMakesRawAndGrowsGreedily() {
        byte[] arg = b("abc");
        StringValue v = StringValue.of(arg);
        v.append(b("d"));
        assertEquals("raw", v.encoding());
        assertArrayEquals(b("abc"), arg, "the original argument array is never written");
        assertArrayEquals(b("abcd"), v.bytes());
        assertTrue(v.array().length >= 8, "greedy capacity");
        byte[] before = v.array();
        v.append(b("e"));
        assertSame(before, v.array(), "appends within capacity stay in place");
        assertEquals(5, v.length());
        assertArrayEquals(b("abcde"), v.bytes());
    }

    @Test
    void setRangeZeroPadsAndUnshares() {
        byte[] arg = b("hello");
        StringValue v = StringValue.of(arg);
        v.setRange(0, b("J"));
        assertArrayEquals(b("hello"), arg);
        assertArrayEquals(b("Jello"), v.bytes());
        v.setRange(7, b("!"));
        assertArrayEquals(b("Jello\0\0!"), v.bytes());
        assertEquals("raw", v.encoding());
    }

    @Test
    void storeLongNeverWritesTheArgumentArrayAndReusesItsOwn() {
        byte[] arg = b("99");
        StringValue v = StringValue.of(arg);
        v.storeLong(100);
        assertEquals("99", new String(arg, java.nio.charset.StandardCharsets.US_ASCII)); // SET's argument untouched
        assertEquals("100", new String(v.bytes(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("int", v.encoding());
        byte[] own = v.array();
        v.storeLong(-7); // shorter: same array, tail zeroed
        assertSame(own, v.array());
        assertEquals(2, v.length());
        assertEquals("-7", new String(v.bytes(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, own[2]);
        v.storeLong(123456); // longer: a new array of its own
        assertEquals("123456", new String(v.bytes(), java.nio.charset.StandardCharsets.US_ASCII));
        v.storeLong(Long.MIN_VALUE);
        assertEquals(Long.toString(Long.MIN_VALUE), new String(v.bytes(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void copyIsDeepAndKeepsEncoding() {
        StringValue v = StringValue.of(b("42"));
        StringValue c = (StringValue) v.copy();
        assertNotSame(v.array(), c.array());
        assertEquals("int", c.encoding());
        StringValue r = StringValue.raw(b("x"));
        assertEquals("raw", r.copy().encoding());
    }

    @Test
    void storeLongByIncrIsIntAgain() {
        StringValue v = StringValue.raw(b("1"));
        v.storeLong(2);
        assertEquals("int", v.encoding());
    }
}
