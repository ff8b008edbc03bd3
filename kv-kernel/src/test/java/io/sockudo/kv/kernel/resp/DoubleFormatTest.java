package io.sockudo.kv.kernel.resp;

import io.sockudo.kv.spi.DoubleFormat;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected values are what C's printf("%.17g") prints (glibc), i.e. what Redis 7.0 replies. */
class DoubleFormatTest {
    @Test
    void matchesPrintfG17() {
        assertEquals("1.1000000000000001", DoubleFormat.g17(1.1));
        assertEquals("0.10000000000000001", DoubleFormat.g17(0.1));
        assertEquals("3", DoubleFormat.g17(3.0));
        assertEquals("-2.5", DoubleFormat.g17(-2.5));
        assertEquals("1e+17", DoubleFormat.g17(1e17));
        assertEquals("10000000000000000", DoubleFormat.g17(1e16));
        assertEquals("1.0000000000000001e-05", DoubleFormat.g17(1e-5));
        assertEquals("0.0001", DoubleFormat.g17(1e-4));
        assertEquals("1.7976931348623157e+308", DoubleFormat.g17(Double.MAX_VALUE));
        assertEquals("4.9406564584124654e-324", DoubleFormat.g17(Double.MIN_VALUE));
        assertEquals("inf", DoubleFormat.g17(Double.POSITIVE_INFINITY));
        assertEquals("-inf", DoubleFormat.g17(Double.NEGATIVE_INFINITY));
        assertEquals("0", DoubleFormat.g17(0.0));
        assertEquals("-0", DoubleFormat.g17(-0.0));
        assertEquals("3.1415926535897931", DoubleFormat.g17(Math.PI));
        assertEquals("123456789.123", DoubleFormat.g17(123456789.123).substring(0, 13));
    }
}
