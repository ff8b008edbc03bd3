package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.HeapArrays;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The small encoding (what Redis calls {@code listpack}): every entry packed in order into one
 * exact-length byte array as {@code varint(length) member-bytes score(8 bytes)}. The array is
 * the whole representation (no wrapper object per set); changes return a new array, as Redis
 * reallocates its listpack, so slices handed to a visitor stay valid. All operations are linear
 * scans, fast for the up-to-128-entry sets that use this encoding.
 */
final class PackedZStore {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final byte[] EMPTY = new byte[0];

    private PackedZStore() {
    }

    /** Length of the member at entry offset {@code p}. */
    private static int lenAt(byte[] buf, int p) {
        int v = 0;
        int shift = 0;
        while (true) {
            int b = buf[p++];
            v |= (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
            shift += 7;
        }
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static double scoreAt(byte[] buf, int p) {
        return Double.longBitsToDouble((long) LONG.get(buf, p));
    }

    /** Offset of the entry after the one at {@code p}. */
    private static int next(byte[] buf, int p) {
        int len = lenAt(buf, p);
        return p + varintSize(len) + len + 8;
    }

    /** Offset of the entry holding {@code member}, or -1. */
    private static int find(byte[] buf, byte[] member) {
        int p = 0;
        int mlen = member.length;
        int used = buf.length;
        while (p < used) {
            int len = lenAt(buf, p);
            int start = p + varintSize(len);
            if (len == mlen && Arrays.equals(buf, start, start + len, member, 0, mlen)) {
                return p;
            }
            p = start + len + 8;
        }
        return -1;
    }

    static double score(byte[] buf, byte[] member) {
        int p = find(buf, member);
        if (p < 0) {
            return Double.NaN;
        }
        int len = lenAt(buf, p);
        return scoreAt(buf, p + varintSize(len) + len);
    }

    /** A copy of {@code buf} with an absent member inserted in order. */
    static byte[] insert(byte[] buf, byte[] member, double score) {
        // a listpack keeps scores as text and reads "-0" back as integer 0
        score += 0.0;
        int p = 0;
        int used = buf.length;
        while (p < used) {
            int len = lenAt(buf, p);
            int start = p + varintSize(len);
            if (ZStore.compare(scoreAt(buf, start + len), buf, start, len, score, member, 0, member.length) > 0) {
                break;
            }
            p = start + len + 8;
        }
        int need = varintSize(member.length) + member.length + 8;
        byte[] out = new byte[used + need];
        System.arraycopy(buf, 0, out, 0, p);
        System.arraycopy(buf, p, out, p + need, used - p);
        int q = p;
        int v = member.length;
        while ((v & ~0x7f) != 0) {
            out[q++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[q++] = (byte) v;
        System.arraycopy(member, 0, out, q, member.length);
        LONG.set(out, q + member.length, Double.doubleToRawLongBits(score));
        return out;
    }

    /** A copy without {@code member}, or null when it is absent. */
    static byte[] remove(byte[] buf, byte[] member) {
        int p = find(buf, member);
        if (p < 0) {
            return null;
        }
        return cut(buf, p, next(buf, p));
    }

    private static byte[] cut(byte[] buf, int from, int to) {
        byte[] out = new byte[buf.length - (to - from)];
        System.arraycopy(buf, 0, out, 0, from);
        System.arraycopy(buf, to, out, from, buf.length - to);
        return out;
    }

    static int rank(byte[] buf, byte[] member) {
        int p = 0;
        int r = 0;
        int mlen = member.length;
        int used = buf.length;
        while (p < used) {
            int len = lenAt(buf, p);
            int start = p + varintSize(len);
            if (len == mlen && Arrays.equals(buf, start, start + len, member, 0, mlen)) {
                return r;
            }
            p = start + len + 8;
            r++;
        }
        return -1;
    }

    static int countBelow(byte[] buf, double score, boolean inclusive) {
        int p = 0;
        int r = 0;
        int used = buf.length;
        while (p < used) {
            int len = lenAt(buf, p);
            int start = p + varintSize(len);
            double s = scoreAt(buf, start + len);
            if (inclusive ? s > score : s >= score) {
                break;
            }
            p = start + len + 8;
            r++;
        }
        return r;
    }

    static int countLexBelow(byte[] buf, byte[] bound, boolean inclusive) {
        int p = 0;
        int r = 0;
        int used = buf.length;
        while (p < used) {
            int len = lenAt(buf, p);
            int start = p + varintSize(len);
            int c = Arrays.compareUnsigned(buf, start, start + len, bound, 0, bound.length);
            if (inclusive ? c > 0 : c >= 0) {
                break;
            }
            p = start + len + 8;
            r++;
        }
        return r;
    }

    /** Offset of the entry of rank {@code r}. */
    private static int offsetOf(byte[] buf, int r) {
        int p = 0;
        for (int i = 0; i < r; i++) {
            p = next(buf, p);
        }
        return p;
    }

    static void visit(byte[] buf, int from, int to, boolean reverse, ZVisitor v) {
        int p = offsetOf(buf, from);
        if (!reverse) {
            for (int r = from; r <= to; r++) {
                int len = lenAt(buf, p);
                int start = p + varintSize(len);
                v.visit(buf, start, len, scoreAt(buf, start + len));
                p = start + len + 8;
            }
            return;
        }
        // entries cannot be walked backwards: note the offsets first (at most a few hundred)
        int[] offsets = new int[to - from + 1];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = p;
            p = next(buf, p);
        }
        for (int i = offsets.length - 1; i >= 0; i--) {
            int q = offsets[i];
            int len = lenAt(buf, q);
            int start = q + varintSize(len);
            v.visit(buf, start, len, scoreAt(buf, start + len));
        }
    }

    /** A copy without ranks {@code from..to}. */
    static byte[] removeRange(byte[] buf, int from, int to) {
        int p = offsetOf(buf, from);
        int end = p;
        for (int r = from; r <= to; r++) {
            end = next(buf, end);
        }
        return cut(buf, p, end);
    }

    static int maxMemberLength(byte[] buf) {
        int max = 0;
        int p = 0;
        while (p < buf.length) {
            int len = lenAt(buf, p);
            max = Math.max(max, len);
            p += varintSize(len) + len + 8;
        }
        return max;
    }

    static long memoryUsage(byte[] buf) {
        return HeapArrays.cost(buf.length, 1);
    }
}
