package io.sockudo.kv.kernel.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CRC16 (slicing-by-8) and hash-tag search (eight bytes per step) against the bit-by-bit definition, and slots Redis documents. */
class SlotsTest {
    private static int bitwise(byte[] b, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= (b[i] & 0xff) << 8;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
            }
        }
        return crc;
    }

    @Test
    void matchesTheBitwiseDefinition() {
        SplittableRandom r = new SplittableRandom(42);
        for (int n = 0; n < 20000; n++) {
            byte[] b = new byte[r.nextInt(0, 70)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            int off = b.length == 0 ? 0 : r.nextInt(0, b.length);
            int len = b.length - off == 0 ? 0 : r.nextInt(0, b.length - off + 1);
            assertEquals(bitwise(b, off, len), Slots.crc16(b, off, len));
        }
    }

    @Test
    void knownValues() {
        // the check value of CRC-16/XMODEM, and slots from the Redis Cluster specification
        assertEquals(0x31c3, Slots.crc16("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
        assertEquals(12182, Slots.slot("foo".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Slots.slot("bar".getBytes(StandardCharsets.US_ASCII)),
                Slots.slot("{bar}.x".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Redis's keyHashSlot, byte by byte. */
    private static int referenceSlot(byte[] key) {
        int s;
        for (s = 0; s < key.length; s++) {
            if (key[s] == '{') {
                break;
            }
        }
        if (s == key.length) {
            return bitwise(key, 0, key.length) & 16383;
        }
        int e;
        for (e = s + 1; e < key.length; e++) {
            if (key[e] == '}') {
                break;
            }
        }
        if (e == key.length || e == s + 1) {
            return bitwise(key, 0, key.length) & 16383;
        }
        return bitwise(key, s + 1, e - s - 1) & 16383;
    }

    @Test
    void keysWithoutBracesOfEveryLengthMatchKeyHashSlot() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n = 0; n < 20000; n++) {
            byte[] b = new byte[n % 71];
            for (int i = 0; i < b.length; i++) {
                int c;
                do {
                    c = r.nextInt(256);
                } while (c == '{');
                b[i] = (byte) c;
            }
            assertEquals(referenceSlot(b), Slots.slot(b));
            if (b.length > 0) {
                b[r.nextInt(b.length)] = '{'; // and one brace anywhere
                assertEquals(referenceSlot(b), Slots.slot(b));
            }
        }
    }

    @Test
    void hashTagsAnywhereMatchKeyHashSlot() {
        SplittableRandom r = new SplittableRandom(7);
        byte[] alphabet = {'a', 'b', '{', '}', 0, (byte) 0xfb, (byte) 0x7c, (byte) 0x7a, (byte) 0x80, '1'};
        for (int n = 0; n < 50000; n++) {
            byte[] b = new byte[r.nextInt(0, 41)];
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(4) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) r.nextInt(256);
            }
            assertEquals(referenceSlot(b), Slots.slot(b), () -> java.util.Arrays.toString(b));
        }
    }
}
