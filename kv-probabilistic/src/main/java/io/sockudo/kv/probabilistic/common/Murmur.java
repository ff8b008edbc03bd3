package io.sockudo.kv.probabilistic.common;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The two MurmurHash2 variants RedisBloom hashes with (Austin Appleby's public-domain algorithms,
 * reading the input little-endian as x86 does): the 32-bit {@code MurmurHash2} of Count-Min and
 * Top-K, and the 64-bit {@code MurmurHash64A} of Bloom and Cuckoo filters. Same seeds, same bits:
 * a filter dumped here answers the same in RedisBloom.
 */
public final class Murmur {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bloom filters' first seed ({@code bloom_calc_hash64}). */
    public static final long BLOOM_SEED = 0xc6a4a7935bd1e995L;

    private Murmur() {
    }

    /** {@code MurmurHash2(key, len, seed)}; the result is unsigned 32-bit, returned in a long. */
    public static long hash32(byte[] data, int seed) {
        final int m = 0x5bd1e995;
        int len = data.length;
        int h = seed ^ len;
        int i = 0;
        while (len - i >= 4) {
            int k = (int) LE_INT.get(data, i);
            k *= m;
            k ^= k >>> 24;
            k *= m;
            h *= m;
            h ^= k;
            i += 4;
        }
        switch (len - i) {
            case 3:
                h ^= (data[i + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[i + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[i] & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h & 0xffffffffL;
    }

    /** {@code MurmurHash64A(key, len, seed)}. */
    public static long hash64(byte[] data, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int len = data.length;
        long h = seed ^ (len * m);
        int i = 0;
        int end = len & ~7;
        while (i < end) {
            long k = (long) LE_LONG.get(data, i);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
            i += 8;
        }
        switch (len & 7) {
            case 7:
                h ^= (long) (data[i + 6] & 0xff) << 48;
                // fall through
            case 6:
                h ^= (long) (data[i + 5] & 0xff) << 40;
                // fall through
            case 5:
                h ^= (long) (data[i + 4] & 0xff) << 32;
                // fall through
            case 4:
                h ^= (long) (data[i + 3] & 0xff) << 24;
                // fall through
            case 3:
                h ^= (long) (data[i + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (long) (data[i + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[i] & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }
}
