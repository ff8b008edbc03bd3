package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.HeapArrays;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.spi.ValueType;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream: entries packed in {@link StreamNode} blocks, kept in ID order in an array searched by
 * binary search (the role of Redis's radix tree), plus the stream's counters and its consumer
 * groups (ordered by name, as Redis's rax orders them).
 */
public final class StreamValue implements KvValue {
    /** Byte-wise unsigned order of names, as a radix tree orders keys. */
    static final Comparator<byte[]> NAME_ORDER = Arrays::compareUnsigned;

    StreamNode[] nodes = new StreamNode[2];
    int nodeCount;
    long length;
    long lastMs;
    long lastSeq;
    long maxDelMs;
    long maxDelSeq;
    long entriesAdded;
    /** Consumer groups by name; null until the first is created. Add and remove through this class. */
    TreeMap<byte[], ConsumerGroup> groups;
    /**
     * Running totals for {@link #memoryUsage()}, which runs on every write of the key and must be
     * O(1): the nodes' {@link StreamNode#memory()} (kept where a node is added, grown, trimmed or
     * removed) and the groups' {@link ConsumerGroup#memoryUsage()} (kept by the groups' own
     * methods as consumers and pending entries come and go).
     */
    private long nodeBytes;
    long groupBytes;

    /** This object: 12-byte header, 3 references, 1 int, 9 longs: 96 bytes. */
    static final int SHALLOW_BYTES = 96;
    /** An empty TreeMap (the group map). */
    static final int TREEMAP_BYTES = 48;

    /** What a byte array occupies: 16-byte header, 8-byte aligned. */
    static long arrayBytes(byte[] a) {
        return (16L + a.length + 7) & ~7L;
    }

    @Override
    public ValueType type() {
        return StreamType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "stream";
    }

    /** O(1): the object, its node array, and the running node and group totals. */
    @Override
    public long memoryUsage() {
        return SHALLOW_BYTES + HeapArrays.cost(nodes.length, 4) + nodeBytes
                + (groups == null ? 0 : TREEMAP_BYTES) + groupBytes;
    }

    /** {@link #memoryUsage()} recomputed by walking every node, group and consumer (tests). */
    long recomputeMemoryUsage() {
        long n = SHALLOW_BYTES + HeapArrays.cost(nodes.length, 4);
        for (int i = 0; i < nodeCount; i++) {
            n += nodes[i].memory();
        }
        if (groups != null) {
            n += TREEMAP_BYTES;
            for (ConsumerGroup g : groups.values()) {
                n += g.recomputeMemoryUsage();
            }
        }
        return n;
    }

    @Override
    public KvValue copy() {
        StreamValue c = new StreamValue();
        c.nodes = new StreamNode[Math.max(2, nodeCount)];
        for (int i = 0; i < nodeCount; i++) {
            c.nodes[i] = new StreamNode(nodes[i]);
            c.nodeBytes += c.nodes[i].memory();
        }
        c.nodeCount = nodeCount;
        c.length = length;
        c.lastMs = lastMs;
        c.lastSeq = lastSeq;
        c.maxDelMs = maxDelMs;
        c.maxDelSeq = maxDelSeq;
        c.entriesAdded = entriesAdded;
        c.groupBytes = groupBytes;
        if (groups != null) {
            c.groups = new TreeMap<>(NAME_ORDER);
            for (Map.Entry<byte[], ConsumerGroup> e : groups.entrySet()) {
                c.groups.put(e.getKey(), e.getValue().copy(c));
            }
        }
        return c;
    }

    /** Number of live entries. */
    public long length() {
        return length;
    }

    /** The last ID ever generated (deleted entries included). */
    public StreamId lastId() {
        return new StreamId(lastMs, lastSeq);
    }

    StreamId maxDeletedId() {
        return new StreamId(maxDelMs, maxDelSeq);
    }

    int nodeCount() {
        return nodeCount;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Appends an entry with an ID greater than the last one; the fields and values are
     * {@code argv[fieldPos..fieldPos+2*pairs)}.
     */
    void append(long ms, long seq, byte[][] argv, int fieldPos, int pairs, long maxBytes, long maxEntries) {
        StreamNode tail = nodeCount == 0 ? null : nodes[nodeCount - 1];
        int size = StreamNode.entrySize(argv, fieldPos, pairs);
        if (maxBytes <= 0 || maxBytes > (1 << 30)) {
            maxBytes = 1 << 30;
        }
        // Redis's rule: a new node when listpack bytes + the raw field and value bytes reach the
        // byte limit, or when the node holds max-entries entries (deleted ones included).
        long rawBytes = 0;
        for (int i = 0; i < pairs * 2; i++) {
            rawBytes += argv[fieldPos + i].length;
        }
        if (tail != null && (tail.lpBytes() + rawBytes >= maxBytes || (maxEntries > 0 && tail.count >= maxEntries))) {
            long before = tail.memory();
            tail.trimToSize();
            nodeBytes += tail.memory() - before;
            tail = null;
        }
        if (tail == null) {
            tail = new StreamNode(ms, seq, (int) Math.min(Math.max(size, 64), Math.max(size, maxBytes)));
            addNode(tail);
        }
        long before = tail.memory();
        tail.append(ms, seq, argv, fieldPos, pairs);
        nodeBytes += tail.memory() - before;
        length++;
        entriesAdded++;
        lastMs = ms;
        lastSeq = seq;
    }

    /** Deletes a live entry; false if there is none with this ID. */
    boolean delete(long ms, long seq) {
        int ni = nodeFor(ms, seq);
        if (ni < 0) {
            return false;
        }
        StreamNode n = nodes[ni];
        StreamNode.Entry e = new StreamNode.Entry();
        for (int off = 0; off < n.used; off = e.next) {
            n.decode(off, e);
            int c = StreamId.compare(e.ms, e.seq, ms, seq);
            if (c > 0) {
                return false;
            }
            if (c == 0) {
                if (e.deleted()) {
                    return false;
                }
                n.markDeleted(off);
                length--;
                if (n.live == 0) {
                    removeNode(ni);
                }
                if (StreamId.compare(ms, seq, maxDelMs, maxDelSeq) > 0) {
                    maxDelMs = ms;
                    maxDelSeq = seq;
                }
                return true;
            }
        }
        return false;
    }

    /** True if a live entry has this ID. */
    boolean contains(long ms, long seq) {
        int ni = nodeFor(ms, seq);
        if (ni < 0) {
            return false;
        }
        StreamNode n = nodes[ni];
        StreamNode.Entry e = new StreamNode.Entry();
        for (int off = 0; off < n.used; off = e.next) {
            n.decode(off, e);
            int c = StreamId.compare(e.ms, e.seq, ms, seq);
            if (c >= 0) {
                return c == 0 && !e.deleted();
            }
        }
        return false;
    }

    /** Finds the live entry with this ID into {@code e}; false if none. */
    boolean find(long ms, long seq, StreamNode.Entry e) {
        int ni = nodeFor(ms, seq);
        if (ni < 0) {
            return false;
        }
        StreamNode n = nodes[ni];
        for (int off = 0; off < n.used; off = e.next) {
            n.decode(off, e);
            int c = StreamId.compare(e.ms, e.seq, ms, seq);
            if (c >= 0) {
                return c == 0 && !e.deleted();
            }
        }
        return false;
    }

    /** Appends a node after the last one (appends, loading). */
    void addNode(StreamNode n) {
        if (nodeCount == nodes.length) {
            nodes = Arrays.copyOf(nodes, nodeCount * 2);
        }
        nodes[nodeCount++] = n;
        nodeBytes += n.memory();
    }

    private void removeNode(int i) {
        nodeBytes -= nodes[i].memory();
        System.arraycopy(nodes, i + 1, nodes, i, nodeCount - i - 1);
        nodes[--nodeCount] = null;
    }

    /**
     * Redis's streamTrim: drops whole nodes from the head while allowed; unless approximate,
     * then marks entries deleted inside the first remaining node. {@code limit} 0 = no limit.
     *
     * @param minId null for MAXLEN trimming
     */
    long trim(long maxLen, StreamId minId, boolean approx, long limit) {
        long deleted = 0;
        StreamNode.Entry e = new StreamNode.Entry();
        while (nodeCount > 0) {
            if (minId == null && length <= maxLen) {
                break;
            }
            StreamNode n = nodes[0];
            long entries = n.live;
            if (limit != 0 && deleted + entries > limit) {
                break;
            }
            boolean removeNode = minId == null ? length - entries >= maxLen
                    : StreamId.compare(n.lastMs, n.lastSeq, minId.ms(), minId.seq()) < 0;
            if (removeNode) {
                removeNode(0);
                length -= entries;
                deleted += entries;
                continue;
            }
            if (approx) {
                break;
            }
            for (int off = 0; off < n.used; off = e.next) {
                n.decode(off, e);
                boolean stop = minId == null ? length <= maxLen
                        : StreamId.compare(e.ms, e.seq, minId.ms(), minId.seq()) >= 0;
                if (stop) {
                    break;
                }
                if (!e.deleted()) {
                    n.markDeleted(off);
                    length--;
                    deleted++;
                }
            }
            // A node emptied here stays (as in Redis) until a later trim drops it whole.
            break;
        }
        return deleted;
    }

    // ---------------------------------------------------------------- lookups

    /** Index of the last node whose first ID is &lt;= the given ID, or -1. */
    int nodeFor(long ms, long seq) {
        int lo = 0;
        int hi = nodeCount - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            StreamNode n = nodes[mid];
            if (StreamId.compare(n.firstMs, n.firstSeq, ms, seq) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The first live entry's ID, or 0-0 when empty. */
    StreamId firstId() {
        StreamNode.Entry e = new StreamNode.Entry();
        if (!edge(true, e)) {
            return StreamId.MIN;
        }
        return e.id();
    }

    /** The last live entry's ID, or 0-0 when empty (streamLastValidID). */
    StreamId lastValidId() {
        StreamNode.Entry e = new StreamNode.Entry();
        if (!edge(false, e)) {
            return StreamId.MIN;
        }
        return e.id();
    }

    /** The first or last live entry into {@code e}; false when the stream is empty. */
    boolean edge(boolean first, StreamNode.Entry e) {
        if (nodeCount == 0) {
            return false;
        }
        Iter it = first ? new Iter(this, StreamId.MIN, StreamId.MAX, false)
                : new Iter(this, StreamId.MIN, StreamId.MAX, true);
        return it.next(e);
    }

    /**
     * Iterates live entries with IDs in [start, end], forward or in reverse.
     */
    static final class Iter {
        private final StreamValue s;
        private final long startMs;
        private final long startSeq;
        private final long endMs;
        private final long endSeq;
        private final boolean rev;
        private int node;
        private int off;
        /** Reverse iteration: offsets of the current node's entries and the next index to visit. */
        private int[] offs;
        private int idx;
        private boolean done;

        Iter(StreamValue s, StreamId start, StreamId end, boolean rev) {
            this.s = s;
            this.startMs = start.ms();
            this.startSeq = start.seq();
            this.endMs = end.ms();
            this.endSeq = end.seq();
            this.rev = rev;
            if (StreamId.compare(startMs, startSeq, endMs, endSeq) > 0) {
                done = true;
                return;
            }
            if (!rev) {
                node = Math.max(0, s.nodeFor(startMs, startSeq));
                off = 0;
            } else {
                node = s.nodeFor(endMs, endSeq);
                if (node < 0) {
                    done = true;
                } else {
                    loadReverse();
                }
            }
        }

        private void loadReverse() {
            StreamNode n = s.nodes[node];
            if (offs == null || offs.length < n.count) {
                offs = new int[Math.max(n.count, 16)];
            }
            StreamNode.Entry e = new StreamNode.Entry();
            int k = 0;
            for (int p = 0; p < n.used; p = e.next) {
                offs[k++] = p;
                n.decode(p, e);
            }
            idx = k - 1;
        }

        /** The next live entry in range into {@code e}; false at the end. */
        boolean next(StreamNode.Entry e) {
            if (done) {
                return false;
            }
            if (!rev) {
                while (node < s.nodeCount) {
                    StreamNode n = s.nodes[node];
                    while (off < n.used) {
                        n.decode(off, e);
                        off = e.next;
                        if (StreamId.compare(e.ms, e.seq, endMs, endSeq) > 0) {
                            done = true;
                            return false;
                        }
                        if (e.deleted() || StreamId.compare(e.ms, e.seq, startMs, startSeq) < 0) {
                            continue;
                        }
                        return true;
                    }
                    node++;
                    off = 0;
                }
            } else {
                while (node >= 0) {
                    StreamNode n = s.nodes[node];
                    while (idx >= 0) {
                        n.decode(offs[idx--], e);
                        if (StreamId.compare(e.ms, e.seq, startMs, startSeq) < 0) {
                            done = true;
                            return false;
                        }
                        if (e.deleted() || StreamId.compare(e.ms, e.seq, endMs, endSeq) > 0) {
                            continue;
                        }
                        return true;
                    }
                    node--;
                    if (node >= 0) {
                        loadReverse();
                    }
                }
            }
            done = true;
            return false;
        }
    }

    // ---------------------------------------------------------------- replies

    /** Writes {@code [id, [field, value, ...]]}. */
    static void writeEntry(ReplyWriter w, StreamNode.Entry e, byte[] scratch) {
        w.array(2);
        writeId(w, e.ms, e.seq, scratch);
        byte[] d = e.node.data;
        w.array(e.fields * 2);
        int f = e.fieldsOff;
        int v = e.valuesOff;
        for (int i = 0; i < e.fields; i++) {
            int fl = (int) StreamNode.readVarint(d, f);
            int fs = StreamNode.varintEnd(d, f);
            w.bulk(d, fs, fl);
            f = fs + fl;
            int vl = (int) StreamNode.readVarint(d, v);
            int vs = StreamNode.varintEnd(d, v);
            w.bulk(d, vs, vl);
            v = vs + vl;
        }
    }

    /** Writes an ID as a bulk string. */
    static void writeId(ReplyWriter w, long ms, long seq, byte[] scratch) {
        int n = StreamId.format(ms, seq, scratch);
        w.bulk(scratch, 0, n);
    }

    // ---------------------------------------------------------------- groups

    ConsumerGroup group(byte[] name) {
        return groups == null ? null : groups.get(name);
    }

    ConsumerGroup createGroup(byte[] name, StreamId lastId, long entriesRead) {
        if (groups == null) {
            groups = new TreeMap<>(NAME_ORDER);
        }
        if (groups.containsKey(name)) {
            return null;
        }
        ConsumerGroup g = new ConsumerGroup(this, name, lastId, entriesRead);
        groups.put(name, g);
        groupBytes += g.memoryUsage();
        return g;
    }

    /** Removes a group (XGROUP DESTROY); false if there is none by that name. */
    boolean destroyGroup(byte[] name) {
        ConsumerGroup g = groups == null ? null : groups.remove(name);
        if (g == null) {
            return false;
        }
        groupBytes -= g.memoryUsage();
        return true;
    }

    int groupCount() {
        return groups == null ? 0 : groups.size();
    }

    // ---------------------------------------------------------------- lag (Redis 7 logic)

    /** Redis's streamEstimateDistanceFromFirstEverEntry; {@link ConsumerGroup#INVALID} when unknown. */
    long estimateDistance(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        int cmpLast = StreamId.compare(id.ms(), id.seq(), lastMs, lastSeq);
        if (length == 0 && cmpLast < 1) {
            return entriesAdded;
        }
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return ConsumerGroup.INVALID;
        }
        StreamId first = firstId();
        int cmpIdFirst = id.compareTo(first);
        boolean noTombstoneAhead = (maxDelMs == 0 && maxDelSeq == 0)
                || StreamId.compare(maxDelMs, maxDelSeq, first.ms(), first.seq()) < 0;
        if (noTombstoneAhead) {
            if (cmpIdFirst < 0) {
                return entriesAdded - length;
            } else if (cmpIdFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return ConsumerGroup.INVALID;
    }

    /** Redis's streamRangeHasTombstones for [start, end]; null bounds are open. */
    boolean rangeHasTombstones(StreamId start, StreamId end) {
        if (length == 0 || (maxDelMs == 0 && maxDelSeq == 0)) {
            return false;
        }
        StreamId first = firstId();
        if (StreamId.compare(first.ms(), first.seq(), maxDelMs, maxDelSeq) > 0) {
            return false;
        }
        StreamId s = start == null ? StreamId.MIN : start;
        StreamId e = end == null ? StreamId.MAX : end;
        return StreamId.compare(s.ms(), s.seq(), maxDelMs, maxDelSeq) <= 0
                && StreamId.compare(maxDelMs, maxDelSeq, e.ms(), e.seq()) <= 0;
    }

    /** The lag of a group as XINFO GROUPS prints it, or null (as a boxed value) when unknown. */
    Long lag(ConsumerGroup g) {
        if (entriesAdded == 0) {
            return 0L;
        }
        if (g.entriesRead != ConsumerGroup.INVALID && !rangeHasTombstones(g.lastId, null)) {
            return entriesAdded - g.entriesRead;
        }
        long read = estimateDistance(g.lastId);
        return read == ConsumerGroup.INVALID ? null : entriesAdded - read;
    }
}
