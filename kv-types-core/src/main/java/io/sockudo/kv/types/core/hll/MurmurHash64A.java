package io.sockudo.kv.types.core.hll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Austin Appleby's MurmurHash64A (public domain), the hash Redis feeds HyperLogLog with. Eight-byte
 * blocks are read little-endian, as Redis reads them on every platform.
 */
public final class MurmurHash64A {
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;

    private MurmurHash64A() {
    }

    /** The 64-bit hash of {@code data[off, off + len)} with {@code seed}. */
    public static long hash(byte[] data, int off, int len, long seed) {
        long h = seed ^ (len * M);
        int end = off + (len & ~7);
        int i = off;
        for (; i < end; i += 8) {
            long k = (long) LE.get(data, i);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int rest = len & 7;
        if (rest != 0) {
            for (int j = rest - 1; j >= 0; j--) {
                h ^= (data[i + j] & 0xFFL) << (8 * j);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }
}
