package io.sockudo.kv.kernel.persistence.rdb;

import java.io.IOException;

/**
 * LZF as Redis uses it (liblzf 3.6 as built into redis-server: a 2^16-slot hash table, the
 * "very fast" variant that re-hashes the two positions before the end of a match). The output of
 * {@link #compress} is byte for byte what Redis produces for the same input and output bound,
 * which DUMP payloads and RDB files need to be identical.
 *
 * <p>The format: a control byte below 32 starts a literal run of {@code c + 1} bytes; otherwise
 * {@code c >> 5} is the match length minus 2 (7 means a length byte follows) and the low five
 * bits, with the next byte, the distance minus 1 back into the output.
 *
 * <p>An instance holds the hash table (reused from call to call, stale slots told apart by a
 * generation number instead of clearing 512 KB each time) and is not thread-safe.
 */
public final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private static final ThreadLocal<Lzf> PER_THREAD = ThreadLocal.withInitial(Lzf::new);

    /** Slot: (generation << 32) | position. */
    private final long[] table = new long[HSIZE];
    private int generation;

    /** The calling thread's instance. */
    public static Lzf get() {
        return PER_THREAD.get();
    }

    /**
     * liblzf's IDX for VERY_FAST (lzfP.h's default, which Redis keeps): {@code h} holds the last
     * four input bytes (the 32-bit unsigned shift register of {@code NEXT}).
     */
    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * Compresses {@code in[inOff, inOff+inLen)} into {@code out[outOff, outOff+outLen)}; returns the
     * number of bytes written, or 0 when the result does not fit (liblzf's contract, including its
     * conservative checks near the end of the output).
     */
    public int compress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen) {
        if (inLen == 0 || outLen == 0) {
            return 0;
        }
        if (++generation == 0) {
            java.util.Arrays.fill(table, 0L);
            generation = 1;
        }
        final long gen = (long) generation << 32;
        final int g = generation;
        final long[] tab = table;
        int ip = 0;
        final int inEnd = inLen;
        int op = outOff;
        final int outEnd = outOff + outLen;
        int lit = 0;
        op++; // start a literal run
        if (inLen >= 3) {
            int hval = ((in[inOff] & 0xff) << 8) | (in[inOff + 1] & 0xff);
            while (ip < inEnd - 2) {
                hval = (hval << 8) | (in[inOff + ip + 2] & 0xff);
                int slot = idx(hval);
                long e = tab[slot];
                int ref = (int) (e >>> 32) == g ? (int) e : 0;
                tab[slot] = gen | ip;
                int off = ip - ref - 1;
                if (ref < ip && off < MAX_OFF && ref > 0
                        && in[inOff + ref + 2] == in[inOff + ip + 2]
                        && in[inOff + ref] == in[inOff + ip] && in[inOff + ref + 1] == in[inOff + ip + 1]) {
                    int len = 2;
                    int maxlen = inEnd - ip - len;
                    if (maxlen > MAX_REF) {
                        maxlen = MAX_REF;
                    }
                    if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) {
                        return 0;
                    }
                    out[op - lit - 1] = (byte) (lit - 1); // stop the literal run
                    if (lit == 0) {
                        op--; // undo an empty run
                    }
                    len = matchLength(in, inOff + ref, inOff + ip, maxlen);
                    len -= 2;
                    ip++;
                    if (len < 7) {
                        out[op++] = (byte) ((off >>> 8) + (len << 5));
                    } else {
                        out[op++] = (byte) ((off >>> 8) + (7 << 5));
                        out[op++] = (byte) (len - 7);
                    }
                    out[op++] = (byte) off;
                    lit = 0;
                    op++; // start a literal run
                    ip += len + 1;
                    if (ip >= inEnd - 2) {
                        break;
                    }
                    ip -= 2;
                    hval = ((in[inOff + ip] & 0xff) << 8) | (in[inOff + ip + 1] & 0xff);
                    hval = (hval << 8) | (in[inOff + ip + 2] & 0xff);
                    tab[idx(hval)] = gen | ip;
                    ip++;
                    hval = (hval << 8) | (in[inOff + ip + 2] & 0xff);
                    tab[idx(hval)] = gen | ip;
                    ip++;
                } else {
                    if (op >= outEnd) {
                        return 0;
                    }
                    lit++;
                    out[op++] = in[inOff + ip++];
                    if (lit == MAX_LIT) {
                        out[op - lit - 1] = (byte) (lit - 1);
                        lit = 0;
                        op++;
                    }
                }
            }
        }
        if (op + 3 > outEnd) {
            return 0;
        }
        while (ip < inEnd) {
            lit++;
            out[op++] = in[inOff + ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1); // end the run
        if (lit == 0) {
            op--;
        }
        return op - outOff;
    }

    /**
     * The length of the match at {@code r}/{@code p}, the first two bytes known equal, probed as
     * liblzf does: when more than 16 bytes may match, 16 positions are compared unconditionally
     * first (which may run past {@code maxlen} by up to two bytes), then one at a time up to
     * {@code maxlen}.
     */
    private static int matchLength(byte[] b, int r, int p, int maxlen) {
        int len = 2;
        if (maxlen > 16) {
            for (int k = 0; k < 16; k++) {
                len++;
                if (b[r + len] != b[p + len]) {
                    return len;
                }
            }
        }
        do {
            len++;
        } while (len < maxlen && b[r + len] == b[p + len]);
        return len;
    }

    /**
     * Decompresses {@code in[inOff, inOff+inLen)} into exactly {@code outLen} bytes at
     * {@code out[outOff]}. Throws on anything that is not a valid LZF stream of that size.
     */
    public static void decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen)
            throws IOException {
        int ip = inOff;
        int inEnd = inOff + inLen;
        int op = outOff;
        int outEnd = outOff + outLen;
        while (ip < inEnd) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < MAX_LIT) {
                int n = ctrl + 1;
                if (op + n > outEnd) {
                    throw new IOException("Invalid LZF compressed string");
                }
                if (ip + n > inEnd) {
                    throw new IOException("Invalid LZF compressed string");
                }
                System.arraycopy(in, ip, out, op, n);
                op += n;
                ip += n;
            } else {
                int len = ctrl >>> 5;
                if (ip >= inEnd) {
                    throw new IOException("Invalid LZF compressed string");
                }
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inEnd) {
                        throw new IOException("Invalid LZF compressed string");
                    }
                }
                int ref = op - ((ctrl & 0x1f) << 8) - (in[ip++] & 0xff) - 1;
                len += 2;
                if (op + len > outEnd || ref < outOff) {
                    throw new IOException("Invalid LZF compressed string");
                }
                if (ref + len <= op) {
                    System.arraycopy(out, ref, out, op, len);
                    op += len;
                } else {
                    for (int k = 0; k < len; k++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        }
        if (op != outEnd) {
            throw new IOException("Invalid LZF compressed string");
        }
    }
}
