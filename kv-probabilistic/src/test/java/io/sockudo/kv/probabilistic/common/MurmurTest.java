package io.sockudo.kv.probabilistic.common;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hash functions against published MurmurHash2 / MurmurHash64A values, and strtod-style parsing. */
class MurmurTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void hashesMatchTheReference() {
        // the empty input with seed 0 hashes to 0 in both; the bit-exact check against RedisBloom is the
        // SCANDUMP chunk of the command-reference example (ProbabilisticDocsExamplesTest)
        assertEquals(0L, Murmur.hash32(new byte[0], 0));
        // MurmurHash64A of the empty input with seed 0 is 0
        assertEquals(0L, Murmur.hash64(new byte[0], 0));
        // every tail length is consumed (no two prefixes collide)
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int n = 0; n < 17; n++) {
            byte[] prefix = java.util.Arrays.copyOf(b("abcdefghijklmnopq"), n);
            assertTrue(seen.add(Murmur.hash64(prefix, 1)));
            assertTrue(Murmur.hash32(prefix, 7) >= 0 && Murmur.hash32(prefix, 7) <= 0xffffffffL);
        }
    }

    @Test
    void doublesParseAsStrtod() {
        assertEquals(0.01, Num.toDouble(b("0.01")));
        assertEquals(1e-3, Num.toDouble(b("1e-3")));
        assertEquals(Double.POSITIVE_INFINITY, Num.toDouble(b("inf")));
        assertEquals(Double.NEGATIVE_INFINITY, Num.toDouble(b("-Infinity")));
        assertEquals(5.0, Num.toDouble(b("5.")));
        assertEquals(0.5, Num.toDouble(b(".5")));
        for (String bad : new String[] {"", " 1", "1 ", "nan", "1e", "abc", "1.0d", "1e400", "1e-400", "0x10", "."}) {
            assertTrue(Double.isNaN(Num.toDouble(b(bad))), bad);
        }
    }
}
