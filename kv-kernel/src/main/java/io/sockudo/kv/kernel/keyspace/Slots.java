package io.sockudo.kv.kernel.keyspace;

/**
 * Redis Cluster hash slots: CRC16 (XMODEM) of the key, or of its hash tag ({@code {...}}), mod 16384.
 */
public final class Slots {
    public static final int SLOT_COUNT = 16384;
    private static final int[] TABLE = new int[256];
    /**
     * Slicing-by-4 tables: {@code T1[x]}, {@code T2[x]}, {@code T3[x]} are the CRC of byte x
     * followed by one, two or three zero bytes. The CRC is linear, so four bytes fold into the
     * register as {@code T3[hi ^ b0] ^ T2[lo ^ b1] ^ T1[b2] ^ T0[b3]}: four independent lookups
     * instead of four dependent ones (the slot is computed for every key of every command).
     */
    private static final int[] T1 = new int[256];
    private static final int[] T2 = new int[256];
    private static final int[] T3 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xffff;
        }
        for (int i = 0; i < 256; i++) {
            T1[i] = zeroByte(TABLE[i]);
            T2[i] = zeroByte(T1[i]);
            T3[i] = zeroByte(T2[i]);
        }
    }

    private static int zeroByte(int crc) {
        return ((crc << 8) ^ TABLE[crc >>> 8]) & 0xffff;
    }

    private Slots() {
    }

    public static int crc16(byte[] b, int off, int len) {
        int crc = 0;
        int i = off;
        int end = off + len;
        for (; i + 4 <= end; i += 4) {
            crc = T3[(crc >>> 8) ^ (b[i] & 0xff)] ^ T2[(crc & 0xff) ^ (b[i + 1] & 0xff)]
                    ^ T1[b[i + 2] & 0xff] ^ TABLE[b[i + 3] & 0xff];
        }
        for (; i < end; i++) {
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
