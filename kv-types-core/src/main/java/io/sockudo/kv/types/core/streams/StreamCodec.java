package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueDigest;
import io.sockudo.kv.types.core.rdb.Bounds;
import io.sockudo.kv.types.core.rdb.ListpackReader;
import io.sockudo.kv.types.core.rdb.ListpackWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * RDB serialization of streams as Redis 7.0 writes them ({@code RDB_TYPE_STREAM_LISTPACKS_2}, 19):
 * the nodes, each as its master ID (16 bytes, big-endian) and its listpack (the master entry: live
 * count, deleted count, the master fields and a 0; then per entry its flags, the ID as deltas from
 * the master, the fields unless they are the master's, the values, and its element count), then
 * the length, the last ID, the first ID, the largest deleted ID, the entries-added counter, and
 * the consumer groups (name, last delivered ID, entries read, the PEL with delivery times and
 * counts, the consumers with their seen time and their PEL). Our nodes have the boundaries Redis
 * gives the same appends, so payloads are byte-identical to redis-server's.
 *
 * <p>Reads 19 plus {@code RDB_TYPE_STREAM_LISTPACKS} (15, which lacks the counters: they are
 * derived as Redis does) and Redis 7.2's {@code RDB_TYPE_STREAM_LISTPACKS_3} (21, consumers also
 * carry their active time). Every listpack is checked entry by entry: IDs must increase, counts
 * must agree, and every pending entry must belong to one consumer.
 */
final class StreamCodec implements ValueCodec {
    static final int STREAM_LISTPACKS = 15;
    static final int STREAM_LISTPACKS_2 = 19;
    static final int STREAM_LISTPACKS_3 = 21;
    private static final int FLAG_DELETED = 1;
    private static final int FLAG_SAMEFIELDS = 2;

    static final StreamCodec INSTANCE = new StreamCodec();
    private static final ThreadLocal<ListpackWriter> WRITER = ThreadLocal.withInitial(ListpackWriter::new);

    private StreamCodec() {
    }

    @Override
    public int rdbType(KvValue value) {
        return STREAM_LISTPACKS_2;
    }

    @Override
    public int[] rdbTypes() {
        return new int[] {STREAM_LISTPACKS, STREAM_LISTPACKS_2, STREAM_LISTPACKS_3};
    }

    // ---- writing -----------------------------------------------------------------------------

    @Override
    public void write(KvValue value, RdbOutput out) throws IOException {
        StreamValue s = (StreamValue) value;
        out.writeLength(s.nodeCount);
        byte[] key = new byte[16];
        ListpackWriter w = WRITER.get();
        StreamNode.Entry e = new StreamNode.Entry();
        for (int i = 0; i < s.nodeCount; i++) {
            StreamNode n = s.nodes[i];
            idBytes(n.firstMs, n.firstSeq, key, 0);
            out.writeString(key, 0, 16);
            listpack(n, w, e);
            out.writeString(w.array(), 0, w.finish());
        }
        out.writeLength(s.length);
        out.writeLength(s.lastMs);
        out.writeLength(s.lastSeq);
        StreamId first = s.firstId();
        out.writeLength(first.ms());
        out.writeLength(first.seq());
        out.writeLength(s.maxDelMs);
        out.writeLength(s.maxDelSeq);
        out.writeLength(s.entriesAdded);
        out.writeLength(s.groupCount());
        if (s.groups == null) {
            return;
        }
        byte[] id = new byte[16];
        for (ConsumerGroup g : s.groups.values()) {
            out.writeString(g.name);
            out.writeLength(g.lastId.ms());
            out.writeLength(g.lastId.seq());
            out.writeLength(g.entriesRead);
            out.writeLength(g.pel.size());
            for (PendingEntry p : g.pel.values()) {
                idBytes(p.id.ms(), p.id.seq(), id, 0);
                out.writeRaw(id, 0, 16);
                out.writeMillis(p.deliveryTime);
                out.writeLength(p.deliveryCount);
            }
            out.writeLength(g.consumers.size());
            for (Consumer c : g.consumers.values()) {
                out.writeString(c.name);
                out.writeMillis(c.seenTime);
                out.writeLength(c.pel.size());
                for (StreamId pid : c.pel.keySet()) {
                    idBytes(pid.ms(), pid.seq(), id, 0);
                    out.writeRaw(id, 0, 16);
                }
            }
        }
    }

    /**
     * The stream as Redis 7.0's rewriteStreamObject writes it: one XADD per live entry (an empty
     * stream through {@code XADD key MAXLEN 0 0-1 x y}), XSETID with the last ID, ENTRIESADDED and
     * MAXDELETEDID, then per group XGROUP CREATE ... ENTRIESREAD, and per consumer an XCLAIM ...
     * JUSTID FORCE for each pending entry (with its delivery time and count) or, without any,
     * XGROUP CREATECONSUMER.
     */
    @Override
    public void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        StreamValue s = (StreamValue) value;
        StreamNode.Entry e = new StreamNode.Entry();
        if (s.length > 0) {
            for (int i = 0; i < s.nodeCount; i++) {
                StreamNode n = s.nodes[i];
                byte[] d = n.data;
                for (int off = 0; off < n.used; off = e.next) {
                    n.decode(off, e);
                    if (e.deleted()) {
                        continue;
                    }
                    byte[][] argv = new byte[3 + 2 * e.fields][];
                    argv[0] = XADD;
                    argv[1] = key;
                    argv[2] = new StreamId(e.ms, e.seq).bytes();
                    int fp = e.fieldsOff;
                    int vp = e.valuesOff;
                    for (int f = 0; f < e.fields; f++) {
                        argv[3 + 2 * f] = stringAt(d, fp);
                        fp = StreamNode.varintEnd(d, fp) + (int) StreamNode.readVarint(d, fp);
                        argv[4 + 2 * f] = stringAt(d, vp);
                        vp = StreamNode.varintEnd(d, vp) + (int) StreamNode.readVarint(d, vp);
                    }
                    out.emit(argv);
                }
            }
        } else {
            out.emit(XADD, key, ascii("MAXLEN"), ascii("0"), ascii("0-1"), ascii("x"), ascii("y"));
        }
        out.emit(ascii("XSETID"), key, new StreamId(s.lastMs, s.lastSeq).bytes(), ascii("ENTRIESADDED"),
                ascii(Long.toString(s.entriesAdded)), ascii("MAXDELETEDID"), new StreamId(s.maxDelMs, s.maxDelSeq).bytes());
        if (s.groups == null) {
            return;
        }
        for (ConsumerGroup g : s.groups.values()) {
            out.emit(ascii("XGROUP"), ascii("CREATE"), key, g.name, g.lastId.bytes(), ascii("ENTRIESREAD"),
                    ascii(Long.toString(g.entriesRead)));
            for (Consumer c : g.consumers.values()) {
                if (c.pel.isEmpty()) {
                    out.emit(ascii("XGROUP"), ascii("CREATECONSUMER"), key, g.name, c.name);
                    continue;
                }
                for (StreamId pid : c.pel.keySet()) {
                    PendingEntry p = g.pel.get(pid);
                    out.emit(ascii("XCLAIM"), key, g.name, c.name, ascii("0"), pid.bytes(), ascii("TIME"),
                            ascii(Long.toString(p.deliveryTime)), ascii("RETRYCOUNT"),
                            ascii(Long.toString(p.deliveryCount)), ascii("JUSTID"), ascii("FORCE"));
                }
            }
        }
    }

    private static final byte[] XADD = ascii("XADD");

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A copy of the varint-prefixed string at {@code p}. */
    private static byte[] stringAt(byte[] d, int p) {
        int len = (int) StreamNode.readVarint(d, p);
        int st = StreamNode.varintEnd(d, p);
        return java.util.Arrays.copyOfRange(d, st, st + len);
    }

    /** The listpack Redis keeps for node {@code n}. */
    private static void listpack(StreamNode n, ListpackWriter w, StreamNode.Entry e) {
        w.reset();
        byte[] d = n.data;
        w.addInteger(n.live);
        w.addInteger(n.count - n.live);
        w.addInteger(n.masterFields);
        int f = n.masterFieldsOff;
        for (int i = 0; i < n.masterFields; i++) {
            f = addString(w, d, f);
        }
        w.addInteger(0);
        for (int off = 0; off < n.used; off = e.next) {
            n.decode(off, e);
            // the first entry defined the master fields: Redis flags it as having the same fields
            boolean same = off == 0 || (e.flags & StreamNode.SAME_FIELDS) != 0;
            int flags = (e.deleted() ? FLAG_DELETED : 0) | (same ? FLAG_SAMEFIELDS : 0);
            w.addInteger(flags);
            w.addInteger(e.ms - n.firstMs);
            w.addInteger(e.seq - n.firstSeq);
            if (!same) {
                w.addInteger(e.fields);
            }
            int fp = e.fieldsOff;
            int vp = e.valuesOff;
            for (int i = 0; i < e.fields; i++) {
                if (!same) {
                    fp = addString(w, d, fp);
                }
                vp = addString(w, d, vp);
            }
            w.addInteger(same ? e.fields + 3L : 2L * e.fields + 4);
        }
    }

    /** Adds the varint-prefixed string at {@code p}; returns the offset after it. */
    private static int addString(ListpackWriter w, byte[] d, int p) {
        int len = (int) StreamNode.readVarint(d, p);
        int s = StreamNode.varintEnd(d, p);
        w.add(d, s, len);
        return s + len;
    }

    private static void idBytes(long ms, long seq, byte[] b, int off) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (ms >>> (56 - 8 * i));
            b[off + 8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
    }

    private static long beLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    // ---- reading -----------------------------------------------------------------------------

    @Override
    public KvValue read(int rdbType, RdbInput in) throws IOException {
        if (rdbType != STREAM_LISTPACKS && rdbType != STREAM_LISTPACKS_2 && rdbType != STREAM_LISTPACKS_3) {
            throw new IOException("not a stream RDB type: " + rdbType);
        }
        StreamValue s = new StreamValue();
        int nodes = Bounds.count(in, in.readLength(), 18);
        s.nodes = new StreamNode[Math.max(2, Bounds.presize(nodes))];
        long live = 0;
        long prevMs = 0;
        long prevSeq = 0;
        boolean any = false;
        for (int i = 0; i < nodes; i++) {
            byte[] key = in.readString();
            if (key.length != 16) {
                throw new IOException("Stream node key entry is not the size of a stream ID");
            }
            long masterMs = beLong(key, 0);
            long masterSeq = beLong(key, 8);
            byte[] lp = in.readString();
            StreamNode n = parseNode(masterMs, masterSeq, lp);
            if (n.count == 0) {
                throw new IOException("Empty listpack inside stream");
            }
            if (any && StreamId.compare(n.firstMs, n.firstSeq, prevMs, prevSeq) <= 0) {
                throw new IOException("Stream listpack integrity check failed: nodes out of order");
            }
            any = true;
            prevMs = n.lastMs;
            prevSeq = n.lastSeq;
            live += n.live;
            n.trimToSize();
            s.addNode(n);
        }
        s.length = in.readLength();
        s.lastMs = in.readLength();
        s.lastSeq = in.readLength();
        if (s.length != live) {
            throw new IOException("Stream length inconsistent with rax entries");
        }
        if (any && StreamId.compare(s.lastMs, s.lastSeq, prevMs, prevSeq) < 0) {
            throw new IOException("Stream last ID below its last entry");
        }
        if (rdbType >= STREAM_LISTPACKS_2) {
            in.readLength(); // first ID: derived from the entries
            in.readLength();
            s.maxDelMs = in.readLength();
            s.maxDelSeq = in.readLength();
            s.entriesAdded = in.readLength();
        } else {
            s.entriesAdded = s.length;
        }
        int groups = Bounds.count(in, in.readLength(), 4);
        for (int i = 0; i < groups; i++) {
            readGroup(s, in, rdbType);
        }
        return s;
    }

    private static StreamNode parseNode(long masterMs, long masterSeq, byte[] lp) throws IOException {
        ListpackReader r = ListpackReader.open(lp);
        long liveCount = integer(r);
        long deletedCount = integer(r);
        long masterFields = integer(r);
        if (masterFields < 0 || masterFields > lp.length) {
            throw corrupt("master field count");
        }
        byte[][] master = new byte[(int) masterFields][];
        for (int i = 0; i < masterFields; i++) {
            master[i] = element(r);
        }
        if (integer(r) != 0) {
            throw corrupt("master entry terminator");
        }
        StreamNode n = new StreamNode(masterMs, masterSeq, lp.length + 64);
        int[] offs = new int[8]; // per element of a non-same entry: its offset in lp, or -1 for an integer
        long[] vals = new long[8]; // its length, or the integer
        long prevMs = 0;
        long prevSeq = 0;
        while (r.next()) {
            if (!r.isInt()) {
                throw corrupt("entry flags");
            }
            long flags = r.intValue();
            if ((flags & ~3L) != 0) {
                throw corrupt("entry flags");
            }
            long ms = masterMs + integer(r);
            long seq = masterSeq + integer(r);
            if (n.count > 0 ? StreamId.compare(ms, seq, prevMs, prevSeq) <= 0
                    : StreamId.compare(ms, seq, masterMs, masterSeq) < 0) {
                throw corrupt("entry IDs out of order");
            }
            boolean same = (flags & FLAG_SAMEFIELDS) != 0;
            int fields;
            int off = n.used;
            if (same) {
                fields = master.length;
                boolean first = n.count == 0; // the first entry spells the master's fields out
                n.beginLoaded(ms, seq, !first, fields);
                if (first) {
                    for (byte[] f : master) {
                        n.putElement(f, 0, f.length);
                    }
                }
                for (int i = 0; i < fields; i++) {
                    if (!r.next()) {
                        throw corrupt("entry cut short");
                    }
                    put(n, r);
                }
            } else {
                long nf = integer(r);
                if (nf < 0 || nf > lp.length) {
                    throw corrupt("entry field count");
                }
                fields = (int) nf;
                // the listpack interleaves fields and values, the node keeps the fields first:
                // note where each element is, then copy the fields, then the values
                if (offs.length < 2 * fields) {
                    offs = new int[Math.max(2 * fields, 2 * offs.length)];
                    vals = new long[offs.length];
                }
                for (int i = 0; i < 2 * fields; i++) {
                    if (!r.next()) {
                        throw corrupt("entry cut short");
                    }
                    offs[i] = r.isInt() ? -1 : r.offset();
                    vals[i] = r.isInt() ? r.intValue() : r.length();
                }
                n.beginLoaded(ms, seq, false, fields);
                for (int i = 0; i < fields; i++) {
                    put(n, lp, offs[2 * i], vals[2 * i]);
                }
                for (int i = 0; i < fields; i++) {
                    put(n, lp, offs[2 * i + 1], vals[2 * i + 1]);
                }
            }
            long lpCount = integer(r);
            if (lpCount != (same ? fields + 3L : 2L * fields + 4)) {
                throw corrupt("entry element count");
            }
            n.endLoaded(ms, seq);
            if ((flags & FLAG_DELETED) != 0) {
                n.markDeleted(off);
            }
            prevMs = ms;
            prevSeq = seq;
        }
        if (n.live != liveCount || n.count - n.live != deletedCount) {
            throw corrupt("master entry counts");
        }
        n.loadedSize(lp.length);
        return n;
    }

    /** Copies the reader's current element into the entry being loaded. */
    private static void put(StreamNode n, ListpackReader r) {
        if (r.isInt()) {
            n.putElement(r.intValue());
        } else {
            n.putElement(r.array(), r.offset(), r.length());
        }
    }

    /** Copies an element noted as (offset or -1, length or integer) into the entry being loaded. */
    private static void put(StreamNode n, byte[] lp, int off, long val) {
        if (off < 0) {
            n.putElement(val);
        } else {
            n.putElement(lp, off, (int) val);
        }
    }

    private static long integer(ListpackReader r) throws IOException {
        if (!r.next() || !r.isInt()) {
            throw corrupt("expected an integer");
        }
        return r.intValue();
    }

    private static byte[] element(ListpackReader r) throws IOException {
        if (!r.next()) {
            throw corrupt("entry cut short");
        }
        return r.bytes();
    }

    private static IOException corrupt(String what) {
        return new IOException("Stream listpack integrity check failed: " + what);
    }

    private static void readGroup(StreamValue s, RdbInput in, int rdbType) throws IOException {
        byte[] name = in.readString();
        StreamId last = new StreamId(in.readLength(), in.readLength());
        long entriesRead;
        if (rdbType >= STREAM_LISTPACKS_2) {
            entriesRead = in.readLength();
        } else {
            entriesRead = s.estimateDistance(last);
        }
        ConsumerGroup g = s.createGroup(name, last, entriesRead);
        if (g == null) {
            throw new IOException("Duplicated consumer group name " + new String(name, StandardCharsets.UTF_8));
        }
        int pel = Bounds.count(in, in.readLength(), 17);
        byte[] raw = new byte[16];
        for (int i = 0; i < pel; i++) {
            in.readRaw(raw, 0, 16);
            StreamId id = new StreamId(beLong(raw, 0), beLong(raw, 8));
            long deliveryTime = in.readMillis();
            long deliveryCount = in.readLength();
            if (g.pel.containsKey(id)) {
                throw new IOException("Duplicated global PEL entry loading stream consumer group");
            }
            g.addPending(id, deliveryTime, deliveryCount, null);
        }
        int consumers = Bounds.count(in, in.readLength(), 10);
        for (int i = 0; i < consumers; i++) {
            byte[] cname = in.readString();
            long seen = in.readMillis();
            Consumer c = g.createConsumer(cname, seen);
            if (c == null) {
                throw new IOException("Duplicate stream consumer detected.");
            }
            c.activeTime = rdbType >= STREAM_LISTPACKS_3 ? in.readMillis() : seen;
            int owned = Bounds.count(in, in.readLength(), 16);
            for (int k = 0; k < owned; k++) {
                in.readRaw(raw, 0, 16);
                StreamId id = new StreamId(beLong(raw, 0), beLong(raw, 8));
                PendingEntry p = g.pel.get(id);
                if (p == null) {
                    throw new IOException("Consumer entry not found in group global PEL");
                }
                if (p.consumer != null) {
                    throw new IOException("Duplicated consumer PEL entry loading a stream consumer group");
                }
                p.consumer = c;
                c.pel.put(id, p);
            }
        }
        for (Map.Entry<StreamId, PendingEntry> e : g.pel.entrySet()) {
            if (e.getValue().consumer == null) {
                throw new IOException("Stream CG PEL entry without consumer");
            }
        }
    }

    // ---- digest ------------------------------------------------------------------------------

    /** Redis mixes every live entry's "ms.seq", then its fields and values, in order. */
    @Override
    public void digest(KvValue value, ValueDigest digest) {
        StreamValue s = (StreamValue) value;
        StreamNode.Entry e = new StreamNode.Entry();
        for (int i = 0; i < s.nodeCount; i++) {
            StreamNode n = s.nodes[i];
            byte[] d = n.data;
            for (int off = 0; off < n.used; off = e.next) {
                n.decode(off, e);
                if (e.deleted()) {
                    continue;
                }
                digest.mix((Long.toUnsignedString(e.ms) + "." + Long.toUnsignedString(e.seq))
                        .getBytes(StandardCharsets.US_ASCII));
                int fp = e.fieldsOff;
                int vp = e.valuesOff;
                for (int k = 0; k < e.fields; k++) {
                    int fl = (int) StreamNode.readVarint(d, fp);
                    int fs = StreamNode.varintEnd(d, fp);
                    digest.mix(d, fs, fl);
                    fp = fs + fl;
                    int vl = (int) StreamNode.readVarint(d, vp);
                    int vs = StreamNode.varintEnd(d, vp);
                    digest.mix(d, vs, vl);
                    vp = vs + vl;
                }
            }
        }
    }
}
