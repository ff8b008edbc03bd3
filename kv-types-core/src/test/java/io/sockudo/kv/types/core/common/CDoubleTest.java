package io.sockudo.kv.types.core.common;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** strtod as glibc reads SORT scores (cases checked against redis-server 7.0.15's SORT). */
class CDoubleTest {
    private static double parse(String s) {
        byte[] b = s.replace("\\0", "\0").getBytes(StandardCharsets.ISO_8859_1);
        return CDouble.parseOrNaN(b, 0, b.length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|1", "'  12'|12", "''|0", "0x10|16", "0X1p4|16", "0x.8|0.5", "-2.5e3|-2500", "+.5|0.5", "5.|5",
        "inf|Infinity", "-Infinity|-Infinity", "INF|Infinity", "12\\0junk|12", "1e|NaN", "0e-500|0",
        "2.2250738585072014e-308|2.2250738585072014e-308"})
    void reads(String in, double expected) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(parse(in)), in);
        } else {
            assertEquals(expected, parse(in), 0.0, in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "x1", "1x", "1e400", "1e-400", "5e-320", "nan", "-nan", "  ", "1 ", "0x", "infinit",
        "1.5d", "1.5f", "0x1g", "--1", ".", "e5"})
    void rejects(String in) {
        assertTrue(Double.isNaN(parse(in)), in);
    }
}
