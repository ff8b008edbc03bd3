package io.sockudo.kv.kernel.persistence.rdb;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LzfTest {
    private static byte[] compress(byte[] in, int limit) {
        byte[] out = new byte[limit];
        int n = new Lzf().compress(in, 0, in.length, out, 0, limit);
        return n == 0 ? null : Arrays.copyOf(out, n);
    }

    @Test
    void matchesRedisOutput() {
        // redis-server 7.0.15: DUMP of a string of 84 'a' holds this LZF body
        byte[] in = "a".repeat(84).getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(Crc64Test.hex("01616" + "1e0470001616" + "1"), compress(in, in.length - 4));
    }

    @Test
    void roundTrips() throws IOException {
        Random r = new Random(11);
        Lzf lzf = new Lzf();
        for (int n = 0; n < 500; n++) {
            int len = 1 + r.nextInt(n < 400 ? 300 : 70000);
            byte[] in = new byte[len];
            int alphabet = 1 + r.nextInt(20);
            for (int i = 0; i < len; i++) {
                in[i] = (byte) ('a' + r.nextInt(alphabet));
            }
            byte[] out = new byte[len + len / 16 + 64];
            int c = lzf.compress(in, 0, len, out, 0, out.length);
            assertTrue(c > 0);
            byte[] back = new byte[len];
            Lzf.decompress(out, 0, c, back, 0, len);
            assertArrayEquals(in, back);
        }
    }

    @Test
    void tooSmallOutputGivesZero() {
        byte[] in = new byte[100];
        new Random(3).nextBytes(in);
        assertEquals(0, new Lzf().compress(in, 0, in.length, new byte[96], 0, 96));
    }

    @Test
    void corruptInputIsRefused() {
        byte[] out = new byte[10];
        assertThrows(IOException.class, () -> Lzf.decompress(new byte[] {(byte) 0xe0, 5, 0}, 0, 3, out, 0, 10));
        assertThrows(IOException.class, () -> Lzf.decompress(new byte[] {5, 1, 2}, 0, 3, out, 0, 10));
        assertThrows(IOException.class, () -> Lzf.decompress(new byte[] {0, 1}, 0, 2, out, 0, 10));
    }
}
