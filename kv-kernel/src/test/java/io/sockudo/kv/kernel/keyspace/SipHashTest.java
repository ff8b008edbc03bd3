package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.Hashing;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SPI's keyed hash ({@link Hashing}, behind {@link KeyHash} and the families' tables): the
 * reference SipHash against the published SipHash-2-4 vectors (key 00..0f, message 00..len-1),
 * and the specialised SipHash-1-2 of the hot path against that reference with 1 and 2 rounds.
 */
class SipHashTest {
    private static final long K0 = 0x0706050403020100L; // key bytes 00..07, little-endian
    private static final long K1 = 0x0f0e0d0c0b0a0908L; // key bytes 08..0f

    private static byte[] message(int len) {
        byte[] m = new byte[len];
        for (int i = 0; i < len; i++) {
            m[i] = (byte) i;
        }
        return m;
    }

    @Test
    void paperVectorSipHash24() {
        // Aumasson & Bernstein, "SipHash: a fast short-input PRF", appendix A: 15-byte message.
        assertEquals(0xa129ca6149be45e5L, Hashing.sipHash(K0, K1, message(15), 0, 15, 2, 4));
    }

    @Test
    void referenceVectorsSipHash24() {
        // vectors.h of the reference implementation (64-bit output, read little-endian).
        assertEquals(0x726fdb47dd0e0e31L, Hashing.sipHash(K0, K1, message(0), 0, 0, 2, 4));
        assertEquals(0x74f839c593dc67fdL, Hashing.sipHash(K0, K1, message(1), 0, 1, 2, 4));
        assertEquals(0x0d6c8009d9a94f5aL, Hashing.sipHash(K0, K1, message(2), 0, 2, 2, 4));
        assertEquals(0x85676696d7fb7e2dL, Hashing.sipHash(K0, K1, message(3), 0, 3, 2, 4));
    }

    @Test
    void specialisedSipHash12MatchesReferenceAtEveryLengthAndOffset() {
        SplittableRandom r = new SplittableRandom(42);
        for (int len = 0; len <= 80; len++) {
            for (int trial = 0; trial < 20; trial++) {
                int off = r.nextInt(9);
                byte[] b = new byte[off + len + r.nextInt(9)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) r.nextInt();
                }
                long k0 = r.nextLong();
                long k1 = r.nextLong();
                assertEquals(Hashing.sipHash(k0, k1, b, off, len, 1, 2), Hashing.sipHash12(k0, k1, b, off, len),
                        "len " + len + " off " + off);
            }
        }
        assertEquals(Hashing.sipHash(K0, K1, message(15), 0, 15, 1, 2), Hashing.sipHash12(K0, K1, message(15), 0, 15));
    }

    @Test
    void processHashIsConsistentAndKeyed() {
        byte[] a = "key:000000000042".getBytes();
        byte[] padded = ("xx" + "key:000000000042" + "yy").getBytes();
        assertEquals(Hashing.hash(a), Hashing.hash(padded, 2, a.length));
        assertEquals(KeyHash.hash(a), Hashing.hash(a));
        long h = Hashing.hash64(a, 0, a.length);
        assertEquals((int) (h ^ (h >>> 32)), Hashing.hash(a));
        // keyed with a random process key: not the value under the all-zero or the test key
        assertTrue(h != Hashing.sipHash12(0, 0, a, 0, a.length) && h != Hashing.sipHash12(K0, K1, a, 0, a.length));
    }

    @Test
    void lowBitsSpreadOverBuckets() {
        // sequential keys, as benchmarks and many applications use them, fill 1024 buckets evenly
        int[] buckets = new int[1024];
        for (int i = 0; i < 102_400; i++) {
            buckets[KeyHash.hash(("key:" + i).getBytes()) & 1023]++;
        }
        for (int c : buckets) {
            assertTrue(c > 40 && c < 180, "bucket count " + c);
        }
    }
}
