package io.sockudo.kv.types.core.lists;

import io.sockudo.kv.types.core.rdb.ListpackWriter;

/**
 * One node of a {@link QuickList}: a run of elements packed into one byte array, so a list costs
 * a few objects per thousands of elements. The live bytes are {@code buf[start, end)}, leaving
 * slack at both sides so pushes and pops at either end are O(1) amortised.
 *
 * <p>Each entry is {@code varint(len) bytes reverse-varint(len)}: the leading length is read
 * walking forwards, the trailing one (the same 7-bit groups in reverse order, continuation bit
 * set on all but the group furthest from the entry's end) walking backwards, as listpack's
 * back-length does. Elements shorter than 128 bytes cost two bytes of framing.
 */
final class ListNode {
    /** Redis's MIN_COMPRESS_BYTES: smaller nodes are never compressed. */
    static final int MIN_COMPRESS_BYTES = 48;

    /** The packed entries; null while the node is compressed. */
    byte[] buf;
    int start;
    int end;
    int count;
    ListNode prev;
    ListNode next;
    /** The deflated entries while compressed (list-compress-depth), else null. */
    byte[] packed;
    /** {@link #bytes()} while compressed. */
    int rawSize;
    /**
     * The size Redis's listpack for these elements would have (header and end byte included):
     * node boundaries follow Redis's quicklist rules, which are stated in listpack bytes.
     */
    int lpBytes = 7;

    ListNode(int capacity, boolean forFront) {
        buf = new byte[capacity];
        start = end = forFront ? capacity : 0;
    }

    int bytes() {
        return packed != null ? rawSize : end - start;
    }

    boolean isCompressed() {
        return packed != null;
    }

    /**
     * Deflates the entries (as Redis LZF-compresses inner quicklist nodes) when the node is big
     * enough and compression saves at least 8 bytes, as Redis requires.
     */
    void compress() {
        int raw = end - start;
        if (packed != null || raw < MIN_COMPRESS_BYTES) {
            return;
        }
        java.util.zip.Deflater d = NodeCodec.DEFLATER.get();
        d.reset();
        d.setInput(buf, start, raw);
        d.finish();
        byte[] out = new byte[raw - 8];
        int n = 0;
        while (!d.finished() && n < out.length) {
            n += d.deflate(out, n, out.length - n);
        }
        if (!d.finished()) {
            return;
        }
        packed = java.util.Arrays.copyOf(out, n);
        rawSize = raw;
        buf = null;
        start = end = 0;
    }

    /** Inflates a compressed node back to packed entries. */
    void decompress() {
        if (packed == null) {
            return;
        }
        java.util.zip.Inflater inf = NodeCodec.INFLATER.get();
        inf.reset();
        inf.setInput(packed);
        byte[] raw = new byte[rawSize];
        try {
            int n = 0;
            while (n < rawSize) {
                int k = inf.inflate(raw, n, rawSize - n);
                if (k == 0 && (inf.finished() || inf.needsInput())) {
                    break;
                }
                n += k;
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException("corrupt list node", e);
        }
        buf = raw;
        start = 0;
        end = rawSize;
        packed = null;
    }

    static int varintSize(int v) {
        if (v < 0x80) {
            return 1;
        }
        if (v < 0x4000) {
            return 2;
        }
        if (v < 0x200000) {
            return 3;
        }
        return v < 0x10000000 ? 4 : 5;
    }

    /** Bytes an element of {@code len} bytes occupies with its framing. */
    static int entrySize(int len) {
        return len + 2 * varintSize(len);
    }

    /** The element length of the entry starting at {@code p}. */
    int lenAt(int p) {
        byte[] b = buf;
        int v = b[p];
        if (v >= 0) {
            return v;
        }
        v &= 0x7f;
        int shift = 7;
        int x;
        do {
            x = b[++p];
            v |= (x & 0x7f) << shift;
            shift += 7;
        } while (x < 0);
        return v;
    }

    /** The element length of the entry ending just before {@code e}. */
    int lenBefore(int e) {
        byte[] b = buf;
        int v = b[e - 1];
        if (v >= 0) {
            return v;
        }
        v &= 0x7f;
        int shift = 7;
        int x;
        int p = e - 1;
        do {
            x = b[--p];
            v |= (x & 0x7f) << shift;
            shift += 7;
        } while (x < 0);
        return v;
    }

    /** Writes the entry for {@code src[off, off+len)} at {@code p}; returns the end offset. */
    static int writeEntry(byte[] dst, int p, byte[] src, int off, int len) {
        int v = len;
        while (v >= 0x80) {
            dst[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        dst[p++] = (byte) v;
        System.arraycopy(src, off, dst, p, len);
        p += len;
        int n = varintSize(len);
        for (int i = 0; i < n; i++) {
            dst[p + n - 1 - i] = (byte) (((len >>> (7 * i)) & 0x7f) | (i < n - 1 ? 0x80 : 0));
        }
        return p + n;
    }

    /** Prepends an element; {@code cap} bounds how far the array grows beyond what is needed. */
    void pushFront(byte[] src, int off, int len, int cap) {
        int need = entrySize(len);
        if (start < need) {
            makeRoom(need, true, cap);
        }
        start -= need;
        writeEntry(buf, start, src, off, len);
        count++;
        lpBytes += ListpackWriter.entrySize(src, off, len);
    }

    /** Appends an element; {@code cap} bounds how far the array grows beyond what is needed. */
    void pushBack(byte[] src, int off, int len, int cap) {
        int need = entrySize(len);
        if (buf.length - end < need) {
            makeRoom(need, false, cap);
        }
        end = writeEntry(buf, end, src, off, len);
        count++;
        lpBytes += ListpackWriter.entrySize(src, off, len);
    }

    /**
     * Gets {@code need} free bytes at the front or back: moves the data inside the array when the
     * slack is there, otherwise grows (doubling) and places the data at the far side.
     */
    private void makeRoom(int need, boolean front, int cap) {
        int used = end - start;
        byte[] dst = buf;
        if (buf.length - used < need + (used >> 2)) {
            dst = new byte[Math.max(used + need, Math.min(Math.max(buf.length * 2, 16), cap))];
        }
        int ns = front ? dst.length - used : 0;
        System.arraycopy(buf, start, dst, ns, used);
        buf = dst;
        start = ns;
        end = ns + used;
    }

    /** Removes the first entry. */
    void dropFirst() {
        int len = lenAt(start);
        lpBytes -= ListpackWriter.entrySize(buf, start + varintSize(len), len);
        start += entrySize(len);
        count--;
    }

    /** Removes the last entry. */
    void dropLast() {
        int len = lenBefore(end);
        lpBytes -= ListpackWriter.entrySize(buf, end - varintSize(len) - len, len);
        end -= entrySize(len);
        count--;
    }

    /** Recomputes {@link #lpBytes} after an edit in the middle (the node is inflated). */
    void recomputeLpBytes() {
        int n = 7;
        for (int p = start; p < end; ) {
            int len = lenAt(p);
            int d = p + varintSize(len);
            n += ListpackWriter.entrySize(buf, d, len);
            p = d + len + varintSize(len);
        }
        lpBytes = n;
    }

    /** Drops the slack around the entries (a node built by loading). */
    void trimToSize() {
        if (start != 0 || end != buf.length) {
            buf = java.util.Arrays.copyOfRange(buf, start, end);
            end -= start;
            start = 0;
        }
    }

    /**
     * The entries as packed bytes without changing the node: its own array, or, while it is
     * compressed, {@code scratch} (grown as needed and returned) holding them inflated. The live
     * range is {@code [rawStart(), rawStart() + bytes())} of the returned array.
     */
    byte[] entriesView(byte[] scratch) {
        if (packed == null) {
            return buf;
        }
        byte[] out = scratch != null && scratch.length >= rawSize ? scratch : new byte[rawSize];
        java.util.zip.Inflater inf = NodeCodec.INFLATER.get();
        inf.reset();
        inf.setInput(packed);
        try {
            int n = 0;
            while (n < rawSize) {
                int k = inf.inflate(out, n, rawSize - n);
                if (k == 0 && (inf.finished() || inf.needsInput())) {
                    break;
                }
                n += k;
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException("corrupt list node", e);
        }
        return out;
    }

    /** Where the entries start in {@link #entriesView}'s array. */
    int rawStart() {
        return packed == null ? start : 0;
    }

    /** Offset of the data of the entry starting at {@code p}. */
    int dataAt(int p) {
        return p + varintSize(lenAt(p));
    }

    /** Start offset of the entry following the one that starts at {@code p}. */
    int nextEntry(int p) {
        return p + entrySize(lenAt(p));
    }

    /** Start offset of the entry that ends at {@code e}. */
    int prevEntry(int e) {
        return e - entrySize(lenBefore(e));
    }

    /** Start offset of entry {@code i} of this node, walking from the nearer end. */
    int offsetOf(int i) {
        if (i <= count / 2) {
            int p = start;
            for (; i > 0; i--) {
                p = nextEntry(p);
            }
            return p;
        }
        int e = end;
        for (int k = count - 1; k >= i; k--) {
            e = prevEntry(e);
        }
        return e;
    }

    /**
     * Replaces {@code buf[from, to)} with the entry of {@code src[off, off+len)} (or nothing when
     * {@code src} is null), rebuilding the array with no slack.
     */
    void splice(int from, int to, byte[] src, int off, int len) {
        int add = src == null ? 0 : entrySize(len);
        byte[] dst = new byte[(end - start) - (to - from) + add];
        int p = from - start;
        System.arraycopy(buf, start, dst, 0, p);
        if (src != null) {
            writeEntry(dst, p, src, off, len);
        }
        System.arraycopy(buf, to, dst, p + add, end - to);
        buf = dst;
        start = 0;
        end = dst.length;
        recomputeLpBytes();
    }

    /** Moves the entries from offset {@code p} on into a new node (returned, not yet linked). */
    ListNode splitAt(int p, int entriesBefore) {
        ListNode n = new ListNode(end - p, false);
        System.arraycopy(buf, p, n.buf, 0, end - p);
        n.end = end - p;
        n.count = count - entriesBefore;
        byte[] keep = new byte[p - start];
        System.arraycopy(buf, start, keep, 0, keep.length);
        buf = keep;
        start = 0;
        end = keep.length;
        count = entriesBefore;
        recomputeLpBytes();
        n.recomputeLpBytes();
        return n;
    }

    /**
     * Heap footprint: this object (12-byte header, 9 four-byte fields: 48 bytes) and its array
     * (16-byte header, 8-byte aligned). O(1); {@link QuickList} keeps the sum over its nodes.
     */
    long memory() {
        return 48 + align(16L + (packed != null ? packed.length : buf.length));
    }

    static long align(long n) {
        return (n + 7) & ~7L;
    }
}
