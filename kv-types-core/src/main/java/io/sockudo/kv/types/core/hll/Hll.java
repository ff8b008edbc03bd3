package io.sockudo.kv.types.core.hll;

import java.util.Arrays;

/**
 * Redis's HyperLogLog string layout, so that values are byte-identical with redis-server's
 * (GET, DUMP, replication of PFADD as the resulting string all depend on it).
 *
 * <p>Header (16 bytes): {@code "HYLL"}, encoding (0 dense, 1 sparse), three unused bytes, the
 * cached cardinality as 8 little-endian bytes whose top bit set means "stale".
 *
 * <p>Dense: 16384 six-bit registers packed little-endian (register i starts at bit 6i).
 * Sparse: run-length opcodes: {@code 00xxxxxx} ZERO (1..64 zero registers), {@code 01xxxxxx
 * yyyyyyyy} XZERO (1..16384 zero registers), {@code 1vvvvvxx} VAL (1..4 registers of value
 * 1..32). A register above 32, or a sparse string growing past {@code hll-sparse-max-bytes},
 * turns the value dense for good.
 *
 * <p>The editing steps (how a run is split, which neighbouring VAL opcodes are merged, when the
 * value is promoted) follow Redis's documented behaviour exactly, since they decide the bytes.
 */
public final class Hll {
    static final int P = 14;
    static final int Q = 64 - P;
    static final int REGISTERS = 1 << P;
    static final int HDR = 16;
    static final int DENSE_BYTES = REGISTERS * 6 / 8;
    static final int DENSE_SIZE = HDR + DENSE_BYTES;
    static final int DENSE = 0;
    static final int SPARSE = 1;
    static final int ENCODING = 4;
    static final int CARD = 8;
    static final long SEED = 0xadc83b19L;
    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LEN = 4;
    private static final int ZERO_MAX_LEN = 64;
    private static final int XZERO_MAX_LEN = 16384;
    private static final double ALPHA_INF = 0.721347520444481703680;

    private Hll() {
    }

    // ---- validation and header ------------------------------------------------------------

    /** Redis's isHLLObject: magic, known encoding, exact dense size. */
    public static boolean isHll(byte[] a, int len) {
        if (len < HDR || a[0] != 'H' || a[1] != 'Y' || a[2] != 'L' || a[3] != 'L') {
            return false;
        }
        int enc = a[ENCODING] & 0xFF;
        return enc <= SPARSE && (enc != DENSE || len == DENSE_SIZE);
    }

    /** A new, empty sparse HLL: header plus XZERO opcodes covering every register (18 bytes). */
    public static byte[] create() {
        byte[] a = new byte[HDR + 2];
        a[0] = 'H';
        a[1] = 'Y';
        a[2] = 'L';
        a[3] = 'L';
        a[ENCODING] = SPARSE;
        setXzero(a, HDR, XZERO_MAX_LEN);
        return a;
    }

    static boolean cacheValid(byte[] a) {
        return (a[CARD + 7] & 0x80) == 0;
    }

    static void invalidateCache(byte[] a) {
        a[CARD + 7] |= (byte) 0x80;
    }

    static long cachedCard(byte[] a) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (a[CARD + i] & 0xFF);
        }
        return v;
    }

    static void setCachedCard(byte[] a, long card) {
        for (int i = 0; i < 8; i++) {
            a[CARD + i] = (byte) (card >>> (8 * i));
        }
    }

    // ---- hashing ---------------------------------------------------------------------------

    /**
     * The register of an element (low 32 bits) and its count (high 32 bits): the position of the
     * first set bit in the remaining 50 hash bits, 1-based (51 when all are zero).
     */
    static long registerAndCount(byte[] ele, int off, int len) {
        long h = MurmurHash64A.hash(ele, off, len, SEED);
        int index = (int) (h & (REGISTERS - 1));
        long rest = (h >>> P) | (1L << Q);
        int count = Long.numberOfTrailingZeros(rest) + 1;
        return ((long) count << 32) | index;
    }

    // ---- dense registers -------------------------------------------------------------------

    static int getRegister(byte[] a, int i) {
        int bit = i * 6;
        int b = HDR + (bit >>> 3);
        int fb = bit & 7;
        int b0 = a[b] & 0xFF;
        int b1 = b + 1 < DENSE_SIZE ? a[b + 1] & 0xFF : 0;
        return ((b0 >>> fb) | (b1 << (8 - fb))) & 63;
    }

    static void setRegister(byte[] a, int i, int v) {
        int bit = i * 6;
        int b = HDR + (bit >>> 3);
        int fb = bit & 7;
        a[b] = (byte) ((a[b] & ~(63 << fb)) | (v << fb));
        if (b + 1 < DENSE_SIZE) {
            a[b + 1] = (byte) ((a[b + 1] & ~(63 >>> (8 - fb))) | (v >>> (8 - fb)));
        }
    }

    /** Raises dense register {@code i} to {@code count}; true if it changed. */
    static boolean denseSet(byte[] a, int i, int count) {
        if (count > getRegister(a, i)) {
            setRegister(a, i, count);
            return true;
        }
        return false;
    }

    // ---- sparse opcodes --------------------------------------------------------------------

    private static boolean isZero(int op) {
        return (op & 0xC0) == 0;
    }

    private static boolean isXzero(int op) {
        return (op & 0xC0) == 0x40;
    }

    private static int xzeroLen(byte[] a, int p, int len) {
        int second = p + 1 < len ? a[p + 1] & 0xFF : 0;
        return (((a[p] & 0x3F) << 8) | second) + 1;
    }

    private static int valValue(int op) {
        return ((op >>> 2) & 0x1F) + 1;
    }

    private static int valLen(int op) {
        return (op & 3) + 1;
    }

    private static byte val(int value, int len) {
        return (byte) (0x80 | ((value - 1) << 2) | (len - 1));
    }

    private static void setXzero(byte[] a, int p, int len) {
        int l = len - 1;
        a[p] = (byte) (0x40 | (l >>> 8));
        a[p + 1] = (byte) l;
    }

    /** Writes a zero run of {@code len} registers as ZERO or XZERO; returns the next position. */
    private static int putZeros(byte[] seq, int n, int len) {
        if (len > ZERO_MAX_LEN) {
            setXzero(seq, n, len);
            return n + 2;
        }
        seq[n] = (byte) (len - 1);
        return n + 1;
    }

    /**
     * The dense equivalent of a sparse HLL (header copied, cached cardinality included), or null
     * when the opcodes do not cover exactly 16384 registers.
     */
    static byte[] sparseToDense(byte[] a, int len) {
        byte[] d = new byte[DENSE_SIZE];
        System.arraycopy(a, 0, d, 0, HDR);
        d[ENCODING] = DENSE;
        int idx = 0;
        int p = HDR;
        while (p < len) {
            int op = a[p] & 0xFF;
            if (isZero(op)) {
                idx += (op & 0x3F) + 1;
                p++;
            } else if (isXzero(op)) {
                idx += xzeroLen(a, p, len);
                p += 2;
            } else {
                int runlen = valLen(op);
                int v = valValue(op);
                if (idx + runlen > REGISTERS) {
                    break;
                }
                for (int k = 0; k < runlen; k++) {
                    setRegister(d, idx++, v);
                }
                p++;
            }
        }
        return idx == REGISTERS ? d : null;
    }

    /** Result of {@link #sparseSet}: the (possibly new) array, its length and the outcome. */
    static final class Edit {
        byte[] array;
        int length;
        /** Scratch for the opcodes replacing a split run (at most XZERO-VAL-XZERO, 5 bytes). */
        final byte[] seq = new byte[5];
    }

    /**
     * Raises register {@code index} of the sparse HLL in {@code e} to {@code count}, in place
     * where possible. Returns 1 if it changed, 0 if not, -1 for a corrupt value. After a change
     * {@code e} may hold a dense HLL (promotion).
     */
    static int sparseSet(Edit e, int index, int count, long sparseMaxBytes) {
        if (count > VAL_MAX_VALUE) {
            return promote(e, index, count);
        }
        byte[] a = e.array;
        int len = e.length;
        if (a.length < len + 3) {
            // room for the worst split (XZERO into XZERO-VAL-XZERO grows by 3 bytes)
            a = Arrays.copyOf(a, Math.max(len + 3, Math.min(len * 2, (int) Math.min(sparseMaxBytes + 3, Integer.MAX_VALUE - 8))));
            e.array = a;
        }
        // step 1: find the opcode covering the register
        int p = HDR;
        int first = 0;
        int prev = -1;
        int span = 0;
        while (p < len) {
            int op = a[p] & 0xFF;
            int oplen = 1;
            if (isZero(op)) {
                span = (op & 0x3F) + 1;
            } else if (!isXzero(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(a, p, len);
                oplen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= len) {
            return -1;
        }
        int op = a[p] & 0xFF;
        boolean zero = isZero(op);
        boolean xzero = isXzero(op);
        int next = xzero ? p + 2 : p + 1;
        if (next >= len) {
            next = -1;
        }
        // step 2: the trivial in-place cases
        if (!zero && !xzero) {
            if (valValue(op) >= count) {
                return 0;
            }
            if (valLen(op) == 1) {
                a[p] = val(count, 1);
                e.length = mergeAdjacent(a, prev < 0 ? HDR : prev, len);
                return 1;
            }
        }
        if (zero && span == 1) {
            a[p] = val(count, 1);
            e.length = mergeAdjacent(a, prev < 0 ? HDR : prev, len);
            return 1;
        }
        // general case: split the run into [before][our register][after]
        byte[] seq = e.seq;
        int n = 0;
        int last = first + span - 1;
        if (zero || xzero) {
            if (index != first) {
                n = putZeros(seq, n, index - first);
            }
            seq[n++] = val(count, 1);
            if (index != last) {
                n = putZeros(seq, n, last - index);
            }
        } else {
            int cur = valValue(op);
            if (index != first) {
                seq[n++] = val(cur, index - first);
            }
            seq[n++] = val(count, 1);
            if (index != last) {
                seq[n++] = val(cur, last - index);
            }
        }
        // step 3: substitute the sequence, promoting when the string would grow too big
        int oldLen = xzero ? 2 : 1;
        int delta = n - oldLen;
        if (delta > 0 && len + delta > sparseMaxBytes) {
            return promote(e, index, count);
        }
        if (delta != 0 && next >= 0) {
            System.arraycopy(a, next, a, next + delta, len - next);
        }
        int newLen = len + delta;
        if (delta < 0) {
            Arrays.fill(a, newLen, len, (byte) 0);
        }
        System.arraycopy(seq, 0, a, p, n);
        e.length = mergeAdjacent(a, prev < 0 ? HDR : prev, newLen);
        return 1;
    }

    /**
     * Step 4 of an update: scanning at most five opcodes from {@code p}, merges neighbouring VAL
     * opcodes of equal value while their runs fit one opcode. Returns the new length.
     */
    private static int mergeAdjacent(byte[] a, int p, int len) {
        int scan = 5;
        while (p < len && scan-- > 0) {
            int op = a[p] & 0xFF;
            if (isXzero(op)) {
                p += 2;
                continue;
            }
            if (isZero(op)) {
                p++;
                continue;
            }
            if (p + 1 < len && (a[p + 1] & 0x80) != 0) {
                int op2 = a[p + 1] & 0xFF;
                int v = valValue(op);
                if (v == valValue(op2)) {
                    int runlen = valLen(op) + valLen(op2);
                    if (runlen <= VAL_MAX_LEN) {
                        a[p + 1] = val(v, runlen);
                        System.arraycopy(a, p + 1, a, p, len - p - 1);
                        len--;
                        a[len] = 0;
                        continue; // try to merge the merged opcode with its right neighbour too
                    }
                }
            }
            p++;
        }
        return len;
    }

    private static int promote(Edit e, int index, int count) {
        byte[] d = sparseToDense(e.array, e.length);
        if (d == null) {
            return -1;
        }
        setRegister(d, index, Math.max(count, getRegister(d, index)));
        e.array = d;
        e.length = DENSE_SIZE;
        return 1;
    }

    // ---- merging and counting --------------------------------------------------------------

    /** Raises {@code max[i]} to every register of the HLL; false for a corrupt sparse value. */
    static boolean mergeInto(byte[] max, byte[] a, int len) {
        if (a[ENCODING] == DENSE) {
            for (int g = 0; g < REGISTERS / 4; g++) {
                int b = HDR + g * 3;
                int x = (a[b] & 0xFF) | (a[b + 1] & 0xFF) << 8 | (a[b + 2] & 0xFF) << 16;
                int r = g * 4;
                for (int k = 0; k < 4; k++, x >>>= 6) {
                    int v = x & 63;
                    if (v > max[r + k]) {
                        max[r + k] = (byte) v;
                    }
                }
            }
            return true;
        }
        int idx = 0;
        int p = HDR;
        while (p < len) {
            int op = a[p] & 0xFF;
            if (isZero(op)) {
                idx += (op & 0x3F) + 1;
                p++;
            } else if (isXzero(op)) {
                idx += xzeroLen(a, p, len);
                p += 2;
            } else {
                int runlen = valLen(op);
                int v = valValue(op);
                if (idx + runlen > REGISTERS) {
                    break;
                }
                for (int k = 0; k < runlen; k++, idx++) {
                    if (v > max[idx]) {
                        max[idx] = (byte) v;
                    }
                }
                p++;
            }
        }
        return idx == REGISTERS;
    }

    /** The register histogram of an HLL value, or null for a corrupt sparse value. */
    static int[] histogram(byte[] a, int len) {
        int[] h = new int[64];
        if (a[ENCODING] == DENSE) {
            for (int g = 0; g < REGISTERS / 4; g++) {
                int b = HDR + g * 3;
                int x = (a[b] & 0xFF) | (a[b + 1] & 0xFF) << 8 | (a[b + 2] & 0xFF) << 16;
                h[x & 63]++;
                h[(x >>> 6) & 63]++;
                h[(x >>> 12) & 63]++;
                h[(x >>> 18) & 63]++;
            }
            return h;
        }
        int idx = 0;
        int p = HDR;
        while (p < len) {
            int op = a[p] & 0xFF;
            if (isZero(op)) {
                int runlen = (op & 0x3F) + 1;
                idx += runlen;
                h[0] += runlen;
                p++;
            } else if (isXzero(op)) {
                int runlen = xzeroLen(a, p, len);
                idx += runlen;
                h[0] += runlen;
                p += 2;
            } else {
                int runlen = valLen(op);
                idx += runlen;
                h[valValue(op)] += runlen;
                p++;
            }
        }
        return idx == REGISTERS ? h : null;
    }

    /** The histogram of raw registers (one byte each), as merged for multi-key PFCOUNT. */
    static int[] histogram(byte[] registers) {
        int[] h = new int[64];
        for (int i = 0; i < REGISTERS; i++) {
            h[registers[i]]++;
        }
        return h;
    }

    /**
     * Cardinality estimate from a register histogram: Otmar Ertl's improved estimator
     * ("New cardinality estimation algorithms for HyperLogLog sketches", arXiv:1702.01284),
     * the one Redis uses, with the same operation order so results match to the last bit.
     */
    static long estimate(int[] h) {
        double m = REGISTERS;
        double z = m * tau((m - h[Q + 1]) / m);
        for (int j = Q; j >= 1; j--) {
            z += h[j];
            z *= 0.5;
        }
        z += m * sigma(h[0] / m);
        return Math.round(ALPHA_INF * m * m / z);
    }

    private static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double y = 1;
        double z = x;
        double zPrev;
        do {
            x *= x;
            zPrev = z;
            z += x * y;
            y += y;
        } while (zPrev != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double y = 1.0;
        double z = 1 - x;
        double zPrev;
        do {
            x = Math.sqrt(x);
            zPrev = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrev != z);
        return z / 3;
    }
}
