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
            assertEquals(plainRunReference(b, from, to), Swar.plainRun(b, from, to), "plainRun round " + round);
            assertEquals(markedReference(b, from, to), Swar.plainRunMarked(b, from, to), "plainRunMarked round " + round);
        }
    }
}
