package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.Decimal;

import java.util.Arrays;

/**
 * One block of a stream: consecutive entries packed in a byte array (Redis keeps a listpack per
 * radix-tree node; this is the same idea). IDs are stored as deltas from the node's first ID;
 * an entry whose field names equal the first entry's stores only its values.
 *
 * <p>Entry layout: {@code flags} byte ({@link #DELETED}, {@link #SAME_FIELDS}), varint ms delta,
 * varint seq (delta when the ms delta is 0), then unless SAME_FIELDS a varint field count and the
 * fields, then the values; every string is a varint length and its bytes.
 */
final class StreamNode {
    static final int DELETED = 1;
    static final int SAME_FIELDS = 2;

    byte[] data;
    int used;
    /** Entries stored, deleted ones included. */
    int count;
    /** Entries not deleted. */
    int live;
    /** ID of the first entry stored (deltas are relative to it). */
    final long firstMs;
    final long firstSeq;
    /** ID of the last entry stored. */
    long lastMs;
    long lastSeq;
    /** Field count of the first entry and the offset of its first field. */
    int masterFields;
    int masterFieldsOff;
    /**
     * Size Redis's listpack for this node would have, without the live/deleted counters (which
     * change size as they grow): node boundaries follow {@code stream-node-max-bytes} as in Redis.
     */
    int lpBytesBase;

    StreamNode(long firstMs, long firstSeq, int capacity) {
        this.firstMs = firstMs;
        this.firstSeq = firstSeq;
        this.data = new byte[capacity];
    }

    StreamNode(StreamNode o) {
        this.firstMs = o.firstMs;
        this.firstSeq = o.firstSeq;
        this.data = Arrays.copyOf(o.data, o.used);
        this.used = o.used;
        this.count = o.count;
        this.live = o.live;
        this.lastMs = o.lastMs;
        this.lastSeq = o.lastSeq;
        this.masterFields = o.masterFields;
        this.masterFieldsOff = o.masterFieldsOff;
        this.lpBytesBase = o.lpBytesBase;
    }

    /** Encoded size of an entry with these fields and values, as if stored in full. */
    static int entrySize(byte[][] argv, int fieldPos, int pairs) {
        int n = 1 + 10 + 10 + varintSize(pairs);
        for (int i = 0; i < pairs * 2; i++) {
            int l = argv[fieldPos + i].length;
            n += varintSize(l) + l;
        }
        return n;
    }

    /** Appends an entry; its ID must be greater than {@link #lastMs}-{@link #lastSeq}. */
    void append(long ms, long seq, byte[][] argv, int fieldPos, int pairs) {
        boolean same = count > 0 && sameFields(argv, fieldPos, pairs);
        ListpackSize.account(this, ms, seq, argv, fieldPos, pairs, same || count == 0);
        append(ms, seq, argv, fieldPos, pairs, same);
    }

    /**
     * Starts an entry read from a file without building arrays per element: write the fields
     * (unless {@code same}) and then the values with {@link #putElement}, then {@link #endLoaded}.
     * {@code same} (the master's fields) is never set for the first entry, which defines them.
     */
    void beginLoaded(long ms, long seq, boolean same, int pairs) {
        ensure(1 + 10 + 10 + 5);
        used = putEntryHeader(data, used, ms, seq, same, pairs);
    }

    /** One field or value of the entry being loaded: a string slice. */
    void putElement(byte[] b, int off, int len) {
        ensure(5 + len);
        int p = putVarint(data, used, len);
        System.arraycopy(b, off, data, p, len);
        used = p + len;
    }

    /** One field or value of the entry being loaded: an integer element, kept as its decimal text. */
    void putElement(long v) {
        ensure(1 + 20);
        int end = Decimal.write(v, data, used + 1);
        data[used] = (byte) (end - used - 1); // at most 20: a one-byte varint
        used = end;
    }

    /** Ends the entry begun with {@link #beginLoaded}. */
    void endLoaded(long ms, long seq) {
        count++;
        live++;
        lastMs = ms;
        lastSeq = seq;
    }

    /** Sets the node's Redis listpack size to {@code lpBytes}, the size of the listpack it was read from. */
    void loadedSize(int lpBytes) {
        lpBytesBase = lpBytes - ListpackSize.integer(live) - ListpackSize.integer(count - live);
    }

    /**
     * An entry's header at {@code d[p]}: flags, ID deltas against the node's first ID and, unless
     * {@code same}, the field count (the node's first entry defines the master fields). Returns
     * the position after it.
     */
    private int putEntryHeader(byte[] d, int p, long ms, long seq, boolean same, int pairs) {
        d[p++] = (byte) (same ? SAME_FIELDS : 0);
        long msDelta = ms - firstMs;
        p = putVarint(d, p, msDelta);
        p = putVarint(d, p, msDelta == 0 ? seq - firstSeq : seq);
        if (!same) {
            p = putVarint(d, p, pairs);
            if (count == 0) {
                masterFields = pairs;
                masterFieldsOff = p;
            }
        }
        return p;
    }

    private void append(long ms, long seq, byte[][] argv, int fieldPos, int pairs, boolean same) {
        ensure(entrySize(argv, fieldPos, pairs));
        byte[] d = data;
        int p = putEntryHeader(d, used, ms, seq, same, pairs);
        if (!same) {
            for (int i = 0; i < pairs; i++) {
                p = putBytes(d, p, argv[fieldPos + 2 * i]);
            }
        }
        for (int i = 0; i < pairs; i++) {
            p = putBytes(d, p, argv[fieldPos + 2 * i + 1]);
        }
        used = p;
        count++;
        live++;
        lastMs = ms;
        lastSeq = seq;
    }

    private boolean sameFields(byte[][] argv, int fieldPos, int pairs) {
        if (pairs != masterFields) {
            return false;
        }
        byte[] d = data;
        int p = masterFieldsOff;
        for (int i = 0; i < pairs; i++) {
            long l = readVarint(d, p);
            p = varintEnd(d, p);
            byte[] f = argv[fieldPos + 2 * i];
            if (f.length != l || !Arrays.equals(d, p, p + f.length, f, 0, f.length)) {
                return false;
            }
            p += f.length;
        }
        return true;
    }

    private void ensure(int extra) {
        if (used + extra > data.length) {
            int cap = Math.max(used + extra, Math.min(data.length * 2, used + extra + 4096));
            data = Arrays.copyOf(data, cap);
        }
    }

    /**
     * Heap footprint: this object (12-byte header, 8 ints and a reference, 4 longs: 72 bytes)
     * and its array (16-byte header, 8-byte aligned). O(1); {@link StreamValue} keeps the sum.
     */
    long memory() {
        return 72 + StreamValue.arrayBytes(data);
    }

    /** Shrinks the array to the bytes in use (called when the node is sealed). */
    void trimToSize() {
        if (data.length != used) {
            data = Arrays.copyOf(data, used);
        }
    }

    /** The size of Redis's listpack for this node. */
    int lpBytes() {
        return lpBytesBase + ListpackSize.integer(live) + ListpackSize.integer(count - live);
    }

    // ---------------------------------------------------------------- entry decoding

    int flags(int off) {
        return data[off];
    }

    void markDeleted(int off) {
        data[off] |= DELETED;
        live--;
    }

    /** Decodes the entry at {@code off} into {@code e}. */
    void decode(int off, Entry e) {
        byte[] d = data;
        e.node = this;
        e.off = off;
        e.flags = d[off];
        int p = off + 1;
        long msDelta = readVarint(d, p);
        p = varintEnd(d, p);
        long s = readVarint(d, p);
        p = varintEnd(d, p);
        e.ms = firstMs + msDelta;
        e.seq = msDelta == 0 ? firstSeq + s : s;
        if ((e.flags & SAME_FIELDS) != 0) {
            e.fields = masterFields;
            e.fieldsOff = masterFieldsOff;
            e.valuesOff = p;
        } else {
            int nf = (int) readVarint(d, p);
            p = varintEnd(d, p);
            e.fields = nf;
            e.fieldsOff = p;
            for (int i = 0; i < nf; i++) {
                p = skipString(d, p);
            }
            e.valuesOff = p;
        }
        for (int i = 0; i < e.fields; i++) {
            p = skipString(d, p);
        }
        e.next = p;
    }

    static int skipString(byte[] d, int p) {
        long l = readVarint(d, p);
        return varintEnd(d, p) + (int) l;
    }

    // ---------------------------------------------------------------- varints

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    static int putVarint(byte[] d, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            d[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        d[p++] = (byte) v;
        return p;
    }

    static long readVarint(byte[] d, int p) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte b = d[p++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
            shift += 7;
        }
    }

    static int varintEnd(byte[] d, int p) {
        while (d[p] < 0) {
            p++;
        }
        return p + 1;
    }

    private static int putBytes(byte[] d, int p, byte[] b) {
        p = putVarint(d, p, b.length);
        System.arraycopy(b, 0, d, p, b.length);
        return p + b.length;
    }

    /** A decoded entry position (mutable, reused while iterating). */
    static final class Entry {
        StreamNode node;
        int off;
        int flags;
        long ms;
        long seq;
        int fields;
        int fieldsOff;
        int valuesOff;
        int next;

        boolean deleted() {
            return (flags & DELETED) != 0;
        }

        StreamId id() {
            return new StreamId(ms, seq);
        }
    }
}
