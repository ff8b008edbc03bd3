package io.sockudo.kv.kernel.scripting;

/**
 * LZF as RDB uses it for strings: the decompressor, and a compressor that makes the same
 * choices as liblzf 3.6 as Redis builds it (HLOG 16, VERY_FAST, offsets kept in a table that
 * starts empty), so a payload compressed here is byte for byte the one redis-server writes.
 */
final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private Lzf() {
    }

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /** Compresses {@code in} into at most {@code outLen} bytes; null when it does not fit. */
    static byte[] compress(byte[] in, int outLen) {
        int inLen = in.length;
        if (inLen == 0 || outLen <= 0) {
            return null;
        }
        int[] htab = new int[HSIZE];
        byte[] out = new byte[outLen];
        int ip = 0;
        int op = 0;
        int inEnd = inLen;
        int lit = 0;
        op++; // start run
        int hval = ((in[0] & 0xff) << 8) | (inLen > 1 ? in[1] & 0xff : 0);
        while (ip < inEnd - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int ref = htab[slot];
            htab[slot] = ip;
            int off;
            if (ref < ip && (off = ip - ref - 1) < MAX_OFF && ref > 0
                    && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = inEnd - ip - len;
                maxlen = Math.min(maxlen, MAX_REF);
                if (op + 3 + 1 >= outLen && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outLen) {
                    return null;
                }
                out[op - lit - 1] = (byte) (lit - 1); // stop run
                op -= lit == 0 ? 1 : 0; // undo run if length is zero
                do {
                    len++;
                } while (len < maxlen && in[ref + len] == in[ip + len]);
                len -= 2; // len is now #octets - 1
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inEnd - 2) {
                    break;
                }
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip;
                ip++;
            } else {
                if (op >= outLen) {
                    return null;
                }
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1); // stop run
                    lit = 0;
                    op++; // start run
                }
            }
        }
        if (op + 3 > outLen) {
            return null;
        }
        while (ip < inEnd) {
            lit++;
            if (op >= outLen) {
                return null;
            }
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                if (op >= outLen) {
                    return null;
                }
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1); // end run
        op -= lit == 0 ? 1 : 0;
        return java.util.Arrays.copyOf(out, op);
    }

    /** Decompresses {@code in} to exactly {@code outLen} bytes; null when the data is corrupt. */
    static byte[] decompress(byte[] in, int outLen) {
        byte[] out = new byte[outLen];
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < (1 << 5)) {
                ctrl++;
                if (op + ctrl > outLen || ip + ctrl > in.length) {
                    return null;
                }
                System.arraycopy(in, ip, out, op, ctrl);
                ip += ctrl;
                op += ctrl;
            } else {
                int len = ctrl >> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (len == 7) {
                    if (ip >= in.length) {
                        return null;
                    }
                    len += in[ip++] & 0xff;
                }
                if (ip >= in.length) {
                    return null;
                }
                ref -= in[ip++] & 0xff;
                len += 2;
                if (op + len > outLen || ref < 0) {
                    return null;
                }
                for (int i = 0; i < len; i++) {
                    out[op++] = out[ref++];
                }
            }
        }
        return op == outLen ? out : null;
    }
}
