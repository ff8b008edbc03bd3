package io.sockudo.kv.types.core.bitmaps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** BITOP's combination of source strings, eight bytes at a time; missing bytes count as zero. */
final class BitOps {
    private static final VarHandle W = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BitOps() {
    }

    /**
     * The result of {@code op} (0 AND, 1 OR, 2 XOR, 3 NOT) over {@code src[j][0, lens[j])},
     * {@code maxLen} bytes long (shorter sources are zero-padded).
     */
    static byte[] combine(int op, byte[][] src, int[] lens, int maxLen) {
        byte[] res = new byte[maxLen];
        if (op == 3) {
            byte[] a = src[0];
            int i = 0;
            for (; i + 8 <= maxLen; i += 8) {
                W.set(res, i, ~(long) W.get(a, i));
            }
            for (; i < maxLen; i++) {
                res[i] = (byte) ~a[i];
            }
            return res;
        }
        int minLen = maxLen;
        for (int len : lens) {
            minLen = Math.min(minLen, len);
        }
        // bytes every source has: whole words
        System.arraycopy(src[0], 0, res, 0, lens[0]);
        int words = minLen & ~7;
        for (int j = 1; j < src.length; j++) {
            byte[] a = src[j];
            for (int i = 0; i < words; i += 8) {
                long x = (long) W.get(res, i);
                long y = (long) W.get(a, i);
                W.set(res, i, op == 0 ? x & y : op == 1 ? x | y : x ^ y);
            }
            // the rest byte by byte, with absent bytes as zero
            for (int i = words; i < maxLen; i++) {
                int y = i < lens[j] ? a[i] : 0;
                res[i] = (byte) (op == 0 ? res[i] & y : op == 1 ? res[i] | y : res[i] ^ y);
            }
        }
        return res;
    }
}
