package io.sockudo.kv.kernel.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Redis Cluster hash slots: CRC16 (XMODEM) of the key, or of its hash tag ({@code {...}}), mod 16384.
 */
public final class Slots {
    public static final int SLOT_COUNT = 16384;
    /**
     * Slicing-by-8 tables: {@code T[k][x]} is the CRC of byte x followed by k zero bytes
     * ({@code T[0]} is the classic byte table). The CRC is linear, so eight bytes fold into the
     * 16-bit register as {@code T[7][hi ^ b0] ^ T[6][lo ^ b1] ^ T[5][b2] ^ ... ^ T[0][b7]}: eight
     * independent lookups instead of eight dependent ones (the slot is computed for every key of
     * every command: a 16-byte key is two steps).
     */
    private static final int[] T0 = new int[256];
    private static final int[] T1 = new int[256];
    private static final int[] T2 = new int[256];
    private static final int[] T3 = new int[256];
    private static final int[] T4 = new int[256];
    private static final int[] T5 = new int[256];
    private static final int[] T6 = new int[256];
    private static final int[] T7 = new int[256];
    /** Eight key bytes at a time, little-endian (byte i of the key is bits 8i..8i+7). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long BRACES = 0x7b7b7b7b7b7b7b7bL; // '{' in every byte

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            T0[i] = crc & 0xffff;
        }
        int[][] t = {T0, T1, T2, T3, T4, T5, T6, T7};
        for (int k = 1; k < 8; k++) {
            for (int i = 0; i < 256; i++) {
                t[k][i] = zeroByte(t[k - 1][i]);
            }
        }
    }

    private static int zeroByte(int crc) {
        return ((crc << 8) ^ T0[crc >>> 8]) & 0xffff;
    }

    private Slots() {
    }

    public static int crc16(byte[] b, int off, int len) {
        int crc = 0;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            crc = T7[(crc >>> 8) ^ (int) (w & 0xff)] ^ T6[(crc & 0xff) ^ (int) ((w >>> 8) & 0xff)]
                    ^ T5[(int) ((w >>> 16) & 0xff)] ^ T4[(int) ((w >>> 24) & 0xff)]
                    ^ T3[(int) ((w >>> 32) & 0xff)] ^ T2[(int) ((w >>> 40) & 0xff)]
                    ^ T1[(int) ((w >>> 48) & 0xff)] ^ T0[(int) (w >>> 56)];
        }
        for (; i < end; i++) {
            crc = ((crc << 8) ^ T0[((crc >>> 8) ^ b[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    /** Index of the first {@code c} in {@code key[from..]}, or -1; eight bytes per step. */
    private static int indexOf(byte[] key, int from, byte c, long pattern) {
        int n = key.length;
        int i = from;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONGS.get(key, i) ^ pattern;
            // a zero byte of x is a match; the lowest flagged byte is always a true one
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < n; i++) {
            if (key[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The cluster slot of a key, honouring hash tags as Redis's keyHashSlot does. Most keys have
     * no '{': the CRC of the whole key is computed in the same pass that looks for one (each
     * eight-byte word is read once), and only a key with a '{' goes on to look for its tag.
     */
    public static int slot(byte[] key) {
        int n = key.length;
        int crc = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long w = (long) LONGS.get(key, i);
            long x = w ^ BRACES;
            if (((x - ONES) & ~x & HIGHS) != 0) {
                return taggedSlot(key, i);
            }
            crc = T7[(crc >>> 8) ^ (int) (w & 0xff)] ^ T6[(crc & 0xff) ^ (int) ((w >>> 8) & 0xff)]
                    ^ T5[(int) ((w >>> 16) & 0xff)] ^ T4[(int) ((w >>> 24) & 0xff)]
                    ^ T3[(int) ((w >>> 32) & 0xff)] ^ T2[(int) ((w >>> 40) & 0xff)]
                    ^ T1[(int) ((w >>> 48) & 0xff)] ^ T0[(int) (w >>> 56)];
        }
        if (i + 4 <= n) {
            // four more bytes in one step (slicing-by-4 with the same tables): keys such as
            // "counter:__rand_int__" end in one instead of four dependent byte steps
            int w = (int) INTS.get(key, i);
            int x = w ^ 0x7b7b7b7b;
            if (((x - 0x01010101) & ~x & 0x80808080) != 0) {
                return taggedSlot(key, i);
            }
            crc = T3[(crc >>> 8) ^ (w & 0xff)] ^ T2[(crc & 0xff) ^ ((w >>> 8) & 0xff)]
                    ^ T1[(w >>> 16) & 0xff] ^ T0[w >>> 24];
            i += 4;
        }
        for (; i < n; i++) {
            byte b = key[i];
            if (b == '{') {
                return taggedSlot(key, i);
            }
            crc = ((crc << 8) ^ T0[((crc >>> 8) ^ b) & 0xff]) & 0xffff;
        }
        return crc & (SLOT_COUNT - 1);
    }

    /** {@link #slot} of a key with a '{' at or after {@code from} (none before it). */
    private static int taggedSlot(byte[] key, int from) {
        int n = key.length;
        int s = indexOf(key, from, (byte) '{', BRACES);
        if (s < 0) {
            return crc16(key, 0, n) & (SLOT_COUNT - 1);
        }
        int e = indexOf(key, s + 1, (byte) '}', 0x7d7d7d7d7d7d7d7dL);
        if (e < 0 || e == s + 1) {
            return crc16(key, 0, n) & (SLOT_COUNT - 1);
        }
        return crc16(key, s + 1, e - s - 1) & (SLOT_COUNT - 1);
    }
}
