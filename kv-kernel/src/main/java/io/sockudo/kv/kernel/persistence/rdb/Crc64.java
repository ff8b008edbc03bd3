package io.sockudo.kv.kernel.persistence.rdb;

/**
 * CRC-64 as Redis computes it for RDB files and DUMP payloads: the Jones polynomial
 * ({@code 0xad93d23594c935a9}), reflected input and output, initial value 0, no final xor
 * ({@code crc64(0, "123456789") == 0xe9c6d914c4b8d9ca}). Table driven, eight bytes per step
 * (slice-by-8), since it runs over whole files.
 */
public final class Crc64 {
    /** The Jones polynomial, bit-reflected. */
    private static final long POLY = 0x95ac9329ac4bc9b5L;
    private static final long[][] T = new long[8][256];

    static {
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            }
            T[0][n] = c;
        }
        for (int n = 0; n < 256; n++) {
            long c = T[0][n];
            for (int k = 1; k < 8; k++) {
                c = T[0][(int) (c & 0xff)] ^ (c >>> 8);
                T[k][n] = c;
            }
        }
    }

    private Crc64() {
    }

    /** The CRC of {@code b[off, off+len)} continuing from {@code crc} (0 to start). */
    public static long update(long crc, byte[] b, int off, int len) {
        long[] t0 = T[0];
        long[] t1 = T[1];
        long[] t2 = T[2];
        long[] t3 = T[3];
        long[] t4 = T[4];
        long[] t5 = T[5];
        long[] t6 = T[6];
        long[] t7 = T[7];
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            long x = crc ^ ((b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16
                    | (b[i + 3] & 0xffL) << 24 | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40
                    | (b[i + 6] & 0xffL) << 48 | (b[i + 7] & 0xffL) << 56);
            crc = t7[(int) (x & 0xff)] ^ t6[(int) ((x >>> 8) & 0xff)] ^ t5[(int) ((x >>> 16) & 0xff)]
                    ^ t4[(int) ((x >>> 24) & 0xff)] ^ t3[(int) ((x >>> 32) & 0xff)] ^ t2[(int) ((x >>> 40) & 0xff)]
                    ^ t1[(int) ((x >>> 48) & 0xff)] ^ t0[(int) (x >>> 56)];
            i += 8;
        }
        while (i < end) {
            crc = t0[(int) ((crc ^ b[i++]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    /** The CRC of a whole array. */
    public static long of(byte[] b) {
        return update(0, b, 0, b.length);
    }
}
