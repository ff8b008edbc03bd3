package io.sockudo.kv.types.core.zsets;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The small encoding (what Redis calls {@code listpack}): every entry packed in order into one
 * byte array as {@code varint(length) member-bytes score(8 bytes)}. All operations are linear
 * scans, which is what Redis does too and is fast for the up-to-128-entry sets that use it.
 */
final class PackedZStore extends ZStore {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    private byte[] buf;
    private int used;
    private int count;

    PackedZStore() {
        this.buf = EMPTY;
    }

    private PackedZStore(byte[] buf, int used, int count) {
        this.buf = buf;
        this.used = used;
        this.count = count;
    }

    @Override
    int size() {
        return count;
    }

    /** Length of the member at entry offset {@code p}. */
    private int lenAt(int p) {
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

    private double scoreAt(int p) {
        return Double.longBitsToDouble((long) LONG.get(buf, p));
    }

    /** Offset of the entry after the one at {@code p}. */
    private int next(int p) {
        int len = lenAt(p);
        return p + varintSize(len) + len + 8;
    }

    /** Offset of the entry holding {@code member}, or -1. */
    private int find(byte[] member) {
        int p = 0;
        int mlen = member.length;
        while (p < used) {
            int len = lenAt(p);
            int start = p + varintSize(len);
            if (len == mlen && Arrays.equals(buf, start, start + len, member, 0, mlen)) {
                return p;
            }
            p = start + len + 8;
        }
        return -1;
    }

    @Override
    double score(byte[] member) {
        int p = find(member);
        if (p < 0) {
            return Double.NaN;
        }
        int len = lenAt(p);
        return scoreAt(p + varintSize(len) + len);
    }

    @Override
    void insert(byte[] member, double score) {
        // a listpack keeps scores as text and reads "-0" back as integer 0
        score += 0.0;
        int p = 0;
        while (p < used) {
            int len = lenAt(p);
            int start = p + varintSize(len);
            if (compare(scoreAt(start + len), buf, start, len, score, member, 0, member.length) > 0) {
                break;
            }
            p = start + len + 8;
        }
        int need = varintSize(member.length) + member.length + 8;
        if (used + need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(used + need, used + (used >> 1) + 16));
        }
        System.arraycopy(buf, p, buf, p + need, used - p);
        int q = p;
        int v = member.length;
        while ((v & ~0x7f) != 0) {
            buf[q++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[q++] = (byte) v;
        System.arraycopy(member, 0, buf, q, member.length);
        LONG.set(buf, q + member.length, Double.doubleToRawLongBits(score));
        used += need;
        count++;
    }

    @Override
    void update(byte[] member, double oldScore, double newScore) {
        remove(member);
        insert(member, newScore);
    }

    private void removeAt(int p) {
        int end = next(p);
        System.arraycopy(buf, end, buf, p, used - end);
        used -= end - p;
        count--;
        if (buf.length > 64 && used < buf.length / 4) {
            buf = Arrays.copyOf(buf, used + (used >> 1));
        }
    }

    @Override
    boolean remove(byte[] member) {
        int p = find(member);
        if (p < 0) {
            return false;
        }
        removeAt(p);
        return true;
    }

    @Override
    int rank(byte[] member, double score) {
        int p = 0;
        int r = 0;
        int mlen = member.length;
        while (p < used) {
            int len = lenAt(p);
            int start = p + varintSize(len);
            if (len == mlen && Arrays.equals(buf, start, start + len, member, 0, mlen)) {
                return r;
            }
            p = start + len + 8;
            r++;
        }
        return -1;
    }

    @Override
    int countBelow(double score, boolean inclusive) {
        int p = 0;
        int r = 0;
        while (p < used) {
            int len = lenAt(p);
            int start = p + varintSize(len);
            double s = scoreAt(start + len);
            if (inclusive ? s > score : s >= score) {
                break;
            }
            p = start + len + 8;
            r++;
        }
        return r;
    }

    @Override
    int countLexBelow(byte[] bound, boolean inclusive) {
        int p = 0;
        int r = 0;
        while (p < used) {
            int len = lenAt(p);
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
    private int offsetOf(int r) {
        int p = 0;
        for (int i = 0; i < r; i++) {
            p = next(p);
        }
        return p;
    }

    @Override
    void visit(int from, int to, boolean reverse, ZVisitor v) {
        int p = offsetOf(from);
        if (!reverse) {
            for (int r = from; r <= to; r++) {
                int len = lenAt(p);
                int start = p + varintSize(len);
                v.visit(buf, start, len, scoreAt(start + len));
                p = start + len + 8;
            }
            return;
        }
        // entries cannot be walked backwards: note the offsets first (at most a few hundred)
        int[] offsets = new int[to - from + 1];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = p;
            p = next(p);
        }
        for (int i = offsets.length - 1; i >= 0; i--) {
            int q = offsets[i];
            int len = lenAt(q);
            int start = q + varintSize(len);
            v.visit(buf, start, len, scoreAt(start + len));
        }
    }

    @Override
    void removeRange(int from, int to) {
        int p = offsetOf(from);
        int end = p;
        for (int r = from; r <= to; r++) {
            end = next(end);
        }
        System.arraycopy(buf, end, buf, p, used - end);
        used -= end - p;
        count -= to - from + 1;
    }

    @Override
    int maxMemberLength() {
        int max = 0;
        int p = 0;
        while (p < used) {
            int len = lenAt(p);
            max = Math.max(max, len);
            p += varintSize(len) + len + 8;
        }
        return max;
    }

    @Override
    long memoryUsage() {
        return 24 + ((16L + buf.length + 7) & ~7L);
    }

    @Override
    ZStore copy() {
        return new PackedZStore(Arrays.copyOf(buf, used), used, count);
    }
}
