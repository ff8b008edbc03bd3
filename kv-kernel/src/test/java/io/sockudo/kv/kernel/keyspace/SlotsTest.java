package io.sockudo.kv.kernel.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CRC16 (slicing-by-4) against the bit-by-bit definition, and slots Redis documents. */
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
}
