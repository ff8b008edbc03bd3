package io.sockudo.kv.kernel.persistence.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Crc64Test {
    @Test
    void knownVectors() {
        // Redis's crc64 self-test value (crc64.c)
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0L, Crc64.of(new byte[0]));
    }

    @Test
    void slicedEqualsBytewise() {
        Random r = new Random(7);
        for (int n = 0; n < 200; n++) {
            byte[] b = new byte[r.nextInt(100)];
            r.nextBytes(b);
            long sliced = Crc64.of(b);
            long bytewise = 0;
            for (byte x : b) {
                bytewise = Crc64.update(bytewise, new byte[] {x}, 0, 1);
            }
            assertEquals(bytewise, sliced);
            int cut = b.length == 0 ? 0 : r.nextInt(b.length);
            assertEquals(sliced, Crc64.update(Crc64.update(0, b, 0, cut), b, cut, b.length - cut));
        }
    }

    @Test
    void dumpPayloadChecksumOfRedis() {
        // DUMP of SET s1 hello from redis-server 7.0.15
        byte[] p = hex("000568656c6c6f0a006372df766534200a");
        long stored = 0;
        for (int i = 7; i >= 0; i--) {
            stored = (stored << 8) | (p[p.length - 8 + i] & 0xffL);
        }
        assertEquals(stored, Crc64.update(0, p, 0, p.length - 8));
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
