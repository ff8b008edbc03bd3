package io.sockudo.kv.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * The hash for tables keyed by client data: the keyspace and every family's hash, set and sorted
 * set tables. SipHash-1-2 (one compression round per 8-byte word, two finalization rounds), the
 * variant Redis uses for its dicts, keyed with 128 random bits drawn from {@link SecureRandom}
 * once per process.
 *
 * <p>Why a keyed PRF and not a seeded multiply-shift or Murmur hash: those have seed-independent
 * multicollisions (inputs that collide for every seed), so a client can fill one bucket of a
 * table with as many keys as it likes and make each lookup linear (hash flooding). With SipHash,
 * finding colliding inputs requires knowing the key, which never leaves the process.
 *
 * <p>Written for speed: little-endian 8-byte loads through a {@link VarHandle}, no allocation, the
 * rounds inlined. One process-wide key, shared by the kernel and every family (a plugin loaded at
 * run time sees the same class through its parent class loader), as Redis shares one seed.
 */
public final class Hashing {
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** SipHash's initialization constants ("somepseudorandomlygeneratedbytes"). */
    private static final long C0 = 0x736f6d6570736575L;
    private static final long C1 = 0x646f72616e646f6dL;
    private static final long C2 = 0x6c7967656e657261L;
    private static final long C3 = 0x7465646279746573L;

    private static final long K0;
    private static final long K1;

    static {
        SecureRandom random = new SecureRandom();
        K0 = random.nextLong();
        K1 = random.nextLong();
    }

    private Hashing() {
    }

    /** The 32-bit hash of {@code data} (both halves of the 64-bit SipHash folded together). */
    public static int hash(byte[] data) {
        long h = sipHash12(K0, K1, data, 0, data.length);
        return (int) (h ^ (h >>> 32));
    }

    /** The 32-bit hash of {@code len} bytes of {@code data} from {@code off}. */
    public static int hash(byte[] data, int off, int len) {
        long h = sipHash12(K0, K1, data, off, len);
        return (int) (h ^ (h >>> 32));
    }

    /** The full 64-bit SipHash-1-2 of {@code len} bytes of {@code data} from {@code off}. */
    public static long hash64(byte[] data, int off, int len) {
        return sipHash12(K0, K1, data, off, len);
    }

    /**
     * SipHash-1-2 with the 128-bit key {@code k0, k1} (its two little-endian halves), specialised:
     * what {@link #hash} runs with the process key; public so that tests can check it.
     */
    public static long sipHash12(long k0, long k1, byte[] b, int off, int len) {
        long v0 = k0 ^ C0;
        long v1 = k1 ^ C1;
        long v2 = k0 ^ C2;
        long v3 = k1 ^ C3;
        int end = off + (len & ~7);
        for (int i = off; i < end; i += 8) {
            long m = (long) LE.get(b, i);
            v3 ^= m;
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        long m = ((long) len << 56) | tail(b, end, len & 7, len);
        v3 ^= m;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= m;
        v2 ^= 0xff;
        // two finalization rounds
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /**
     * The last {@code n} (0..7) bytes from {@code at}, little-endian. When the message has 8 bytes
     * or more, one load of its last 8 bytes shifted right replaces the byte loop.
     */
    private static long tail(byte[] b, int at, int n, int len) {
        if (n == 0) {
            return 0;
        }
        if (len >= 8) {
            return (long) LE.get(b, at + n - 8) >>> ((8 - n) << 3);
        }
        long t = 0;
        for (int i = n - 1; i >= 0; i--) {
            t = (t << 8) | (b[at + i] & 0xffL);
        }
        return t;
    }

    /**
     * Reference SipHash-c-d, straight from the paper (any number of compression and finalization
     * rounds): what the tests check the specialised {@link #sipHash12} and the published SipHash-2-4
     * vectors against. Not used on any hot path.
     */
    public static long sipHash(long k0, long k1, byte[] b, int off, int len, int cRounds, int dRounds) {
        long[] v = {k0 ^ C0, k1 ^ C1, k0 ^ C2, k1 ^ C3};
        int words = len / 8;
        for (int w = 0; w < words; w++) {
            long m = 0;
            for (int j = 7; j >= 0; j--) {
                m = (m << 8) | (b[off + w * 8 + j] & 0xffL);
            }
            compress(v, m, cRounds);
        }
        long m = (long) len << 56;
        for (int j = len % 8 - 1; j >= 0; j--) {
            m |= (b[off + words * 8 + j] & 0xffL) << (8 * j);
        }
        compress(v, m, cRounds);
        v[2] ^= 0xff;
        for (int r = 0; r < dRounds; r++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void compress(long[] v, long m, int rounds) {
        v[3] ^= m;
        for (int r = 0; r < rounds; r++) {
            round(v);
        }
        v[0] ^= m;
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }
}
