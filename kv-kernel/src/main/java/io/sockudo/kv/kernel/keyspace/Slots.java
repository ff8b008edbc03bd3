package io.sockudo.kv.kernel.keyspace;

/**
 * Redis Cluster hash slots: CRC16 (XMODEM) of the key, or of its hash tag ({@code {...}}), mod 16384.
 */
public final class Slots {
    public static final int SLOT_COUNT = 16384;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xffff;
        }
    }

    private Slots() {
    }

    public static int crc16(byte[] b, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    /** The cluster slot of a key, honouring hash tags as Redis's keyHashSlot does. */
    public static int slot(byte[] key) {
        int n = key.length;
        int s;
        for (s = 0; s < n; s++) {
            if (key[s] == '{') {
                break;
            }
        }
        if (s == n) {
            return crc16(key, 0, n) & (SLOT_COUNT - 1);
        }
        int e;
        for (e = s + 1; e < n; e++) {
            if (key[e] == '}') {
                break;
            }
        }
        if (e == n || e == s + 1) {
            return crc16(key, 0, n) & (SLOT_COUNT - 1);
        }
        return crc16(key, s + 1, e - s - 1) & (SLOT_COUNT - 1);
    }
}
