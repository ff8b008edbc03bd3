package io.sockudo.kv.types.core.strings;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The long double emulation against glibc (vectors from src/test/c/ldvectors.c) and known Redis replies. */
class LongDoubleTest {

    /** What INCRBYFLOAT computes for a stored value {@code a} and an increment {@code b}. */
    private static String incrByFloat(String a, String b) {
        LongDouble x = LongDoubleParser.parse(a);
        LongDouble y = LongDoubleParser.parse(b);
        if (x == null || y == null) {
            return "ERRFLOAT";
        }
        LongDouble sum = x.add(y);
        if (!sum.isFinite()) {
            return "ERRNANINF";
        }
        return new String(LongDoubleFormat.human(sum), StandardCharsets.US_ASCII);
    }

    @Test
    void matchesGlibcVectors() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        try (InputStream in = LongDoubleTest.class.getResourceAsStream("/strings/ld-vectors.tsv")) {
            assertNotNull(in, "ld-vectors.tsv");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            for (String line; (line = r.readLine()) != null; ) {
                String[] p = line.split("\t", -1);
                count++;
                String got = incrByFloat(p[0], p[1]);
                if (!got.equals(p[2])) {
                    mismatches.add("[" + p[0] + "] + [" + p[1] + "]: glibc " + p[2] + ", ours " + got);
                }
            }
        }
        assertTrue(count > 2000, "vectors read: " + count);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches, first: " + mismatches.subList(0, Math.min(10, mismatches.size())));
    }

    @Test
    void knownRedisReplies() {
        assertEquals("10.6", incrByFloat("10.5", "0.1"));
        assertEquals("11", incrByFloat("10.6", "0.4"));
        assertEquals("5000", incrByFloat("0", "5.0e3"));
        assertEquals("17", incrByFloat("1", "0x10"));
        assertEquals("3.14159265358979324", incrByFloat("3.14159265358979323846", "0"));
        assertEquals("0", incrByFloat("-0", "-0"));
        assertEquals("0", incrByFloat("1", "-1"));
        assertEquals("-1.5", incrByFloat("-1", "-0.5"));
        assertEquals("9223372036854775808", incrByFloat("9223372036854775807", "1"));
        assertEquals("0.00000000000000001", incrByFloat("0", "1e-17"));
        assertEquals("0", incrByFloat("0", "4e-18"));
        assertEquals("ERRNANINF", incrByFloat("1", "inf"));
        assertEquals("ERRNANINF", incrByFloat("inf", "-inf"));
        assertEquals("ERRNANINF", incrByFloat("1.1e4932", "1.1e4932"));
        assertTrue(incrByFloat("1", "1e400").startsWith("10000000000000000000281880683947586514586453433629"));
    }

    @Test
    void parsesLikeString2ld() {
        for (String ok : new String[]{"1", "-1", "+1", "1.", ".5", "1e5", "1E+5", "1e-5", "0x1p3", "0X.8", "0x1.8P-1",
                "inf", "-INF", "Infinity", "-infinity", "0e99999", "-0", "1e-4940", "00012"}) {
            assertNotNull(LongDoubleParser.parse(ok), ok);
        }
        for (String bad : new String[]{"", " 1", "1 ", "\t1", "abc", "nan", "-nan", "NaN(1)", "1e", "1e+", ".", "-",
                "+", "0x", "0x.", "0xp1", "0x1p", "1.2.3", "1e5x", "infin", "in", "--1", "1e99999", "1e-99999",
                "1e-4952", "0x1p16384", "1\u0000"}) {
            assertNull(LongDoubleParser.parse(bad), bad);
        }
        assertNull(LongDoubleParser.parse("1".repeat(5120)), "5120 chars");
        assertNotNull(LongDoubleParser.parse("0".repeat(5118) + "1"), "5119 chars");
    }

    @Test
    void roundsToSixtyFourBits() {
        // 2^64 + 1 is a tie between 2^64 and 2^64 + 2: ties go to the even significand (2^64)
        assertEquals("18446744073709551616", incrByFloat("18446744073709551617", "0"));
        assertEquals("18446744073709551620", incrByFloat("18446744073709551619", "0"));
        assertEquals("18446744073709551615", incrByFloat("18446744073709551615", "0")); // 2^64 - 1 is exact
        assertEquals(LongDouble.of(Long.MIN_VALUE), LongDoubleParser.parse("-9223372036854775808"));
        assertEquals(LongDouble.of(42), LongDoubleParser.parse("42.0"));
    }

    @Test
    void formatsHalfEvenAtSeventeenDecimals() {
        // 2^-18 = 0.000003814697265625 has 18 decimals: its last kept digit 2 is even, so the 5 rounds down
        assertEquals("0.00000381469726562", incrByFloat("0x1p-18", "0"));
        // 3 * 2^-18 = 0.000011444091796875 ends in ...7|5: odd, rounds up
        assertEquals("0.00001144409179688", incrByFloat("0x3p-18", "0"));
    }
}
