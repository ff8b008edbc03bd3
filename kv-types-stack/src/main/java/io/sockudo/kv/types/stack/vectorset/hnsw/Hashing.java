package io.sockudo.kv.types.stack.vectorset.hnsw;

/** A 64-bit hash of byte strings (multiply-rotate mixing per 8 bytes, then a strong finaliser). */
public final class Hashing {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Hashing() {
    }

    public static long hash(byte[] b, long seed) {
        int n = b.length;
        long h = seed ^ (n * 0x9E3779B97F4A7C15L);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long k = (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56;
            h ^= Long.rotateLeft(k * C1, 31) * C2;
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        long k = 0;
        for (int s = 0; i < n; i++, s += 8) {
            k |= (b[i] & 0xffL) << s;
        }
        h ^= Long.rotateLeft(k * C1, 31) * C2;
        return mix(h ^ n);
    }

    /** MurmurHash3's 64-bit finaliser. */
    public static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }
}
