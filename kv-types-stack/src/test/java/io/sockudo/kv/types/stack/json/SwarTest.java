package io.sockudo.kv.types.stack.json;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The word-at-a-time scans against a byte-by-byte reference: random runs with quotes,
 * backslashes, control characters and bytes of 0x80 and above at every position, ending inside
 * the array (the last word is read past the run and masked) or at its very end (byte by byte).
 */
class SwarTest {
    private static int plainRunReference(byte[] b, int from, int to) {
        int p = from;
        while (p < to) {
            byte c = b[p];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                break;
            }
            p++;
        }
        return p;
    }

    private static int markedReference(byte[] b, int from, int to) {
        int p = plainRunReference(b, from, to);
        for (int i = from; i < p; i++) {
            if (b[i] < 0) {
                return ~p;
            }
        }
        return p;
    }

    @Test
    void scansMatchTheByteByByteReference() {
        Random r = new Random(11);
        byte[] specials = {'"', '\\', 0, 0x1f, '\n', (byte) 0x80, (byte) 0xc3, (byte) 0xff, ' ', '!', 0x7f, 'a'};
        for (int round = 0; round < 200_000; round++) {
            int n = 1 + r.nextInt(40);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = r.nextInt(6) == 0 ? specials[r.nextInt(specials.length)] : (byte) ('a' + r.nextInt(26));
            }
            int from = r.nextInt(n);
            int to = from + r.nextInt(n - from + 1);
            // the copying scans: same end, and the run's bytes copied to the destination
            int d = r.nextInt(5);
            byte[] dst = new byte[d + (to - from) + 8];
            int end = plainRunReference(b, from, to);
            assertEquals(end, Swar.copyRun(b, from, to, dst, d), "copyRun round " + round);
            assertEquals(java.nio.ByteBuffer.wrap(b, from, end - from), java.nio.ByteBuffer.wrap(dst, d, end - from), "copyRun bytes round " + round);
            byte[] dst2 = new byte[d + (to - from) + 8];
            assertEquals(markedReference(b, from, to), Swar.copyRunMarked(b, from, to, dst2, d), "copyRunMarked round " + round);
            assertEquals(java.nio.ByteBuffer.wrap(b, from, end - from), java.nio.ByteBuffer.wrap(dst2, d, end - from), "copyRunMarked bytes round " + round);
        }
    }

    /** Equal byte strings hash alike wherever they sit and whatever follows them. */
    @Test
    void hashDependsOnTheBytesOnly() {
        Random r = new Random(12);
        int collisions = 0;
        for (int round = 0; round < 100_000; round++) {
            int n = r.nextInt(30);
            byte[] a = new byte[3 + n + 8];
            byte[] b = new byte[5 + n + 8];
            r.nextBytes(a);
            r.nextBytes(b);
            System.arraycopy(a, 3, b, 5, n);
            assertEquals(Swar.hash(a, 3, n), Swar.hash(b, 5, n), "round " + round);
            if (n > 0) {
                b[5 + r.nextInt(n)] ^= (byte) (1 + r.nextInt(255));
                if (Swar.hash(a, 3, n) == Swar.hash(b, 5, n)) {
                    collisions++;
                }
            }
        }
        // bytes in the middle of keys longer than 16 are not hashed: those collide, nothing else
        org.junit.jupiter.api.Assertions.assertTrue(collisions < 20_000, collisions + " collisions");
    }
}
