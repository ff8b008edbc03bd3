package io.sockudo.kv.kernel.scripting;

/**
 * Redis's CRC-64 (Jones polynomial, reflected, initial value 0), which seals DUMP and FUNCTION
 * DUMP payloads: {@code crc64(0, "123456789") == 0xe9c6d914c4b8d9caL}.
 */
final class Crc64 {
    private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc64() {
    }

    static long of(long crc, byte[] data, int offset, int length) {
        long c = crc;
        for (int i = offset; i < offset + length; i++) {
            c = TABLE[(int) ((c ^ data[i]) & 0xff)] ^ (c >>> 8);
        }
        return c;
    }
}
