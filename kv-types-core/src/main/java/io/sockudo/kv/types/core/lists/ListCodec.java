package io.sockudo.kv.types.core.lists;

import io.sockudo.kv.types.core.common.AofBatch;
import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueDigest;
import io.sockudo.kv.types.core.rdb.Bounds;
import io.sockudo.kv.types.core.rdb.ListpackReader;
import io.sockudo.kv.types.core.rdb.ListpackWriter;
import io.sockudo.kv.types.core.rdb.ZiplistReader;

import java.io.IOException;

/**
 * RDB serialization of lists as Redis 7.0 writes them: {@code RDB_TYPE_LIST_QUICKLIST_2} (18), the
 * number of nodes, then per node its container (2, packed) and a listpack of its elements. Nodes
 * that Redis would keep compressed ({@code list-compress-depth}: all but the first and last
 * {@code depth} nodes, when LZF saves more than 8 bytes) are written as LZF strings, the others as
 * plain strings (which the writer may still LZF-compress with {@code rdbcompression}). The list's
 * nodes are the boundaries Redis chooses for the same pushes ({@link QuickList}), so payloads of
 * lists built by pushes are byte-identical to redis-server's.
 *
 * <p>Reads 18 plus {@code RDB_TYPE_LIST_QUICKLIST} (14, ziplist nodes), {@code RDB_TYPE_LIST_ZIPLIST}
 * (10) and {@code RDB_TYPE_LIST} (1): loaded nodes are kept as they were saved, as Redis does; the
 * older single-blob and element-list forms are pushed element by element.
 */
final class ListCodec implements ValueCodec {
    static final int LIST = 1;
    static final int LIST_ZIPLIST = 10;
    static final int LIST_QUICKLIST = 14;
    static final int LIST_QUICKLIST_2 = 18;
    static final int CONTAINER_PLAIN = 1;
    static final int CONTAINER_PACKED = 2;

    static final ListCodec INSTANCE = new ListCodec();

    private static final ThreadLocal<ListpackWriter> WRITER = ThreadLocal.withInitial(ListpackWriter::new);

    private ListCodec() {
    }

    @Override
    public int rdbType(KvValue value) {
        return LIST_QUICKLIST_2;
    }

    /** {@code RPUSH key e...}, 64 elements per command (Redis's rewriteListObject). */
    @Override
    public void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        AofBatch b = new AofBatch(out, "RPUSH", key, 1);
        try {
            ((QuickList) value).forEach((QuickList.ElementVisitor) b::arg);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        b.finish();
    }

    @Override
    public int[] rdbTypes() {
        return new int[] {LIST, LIST_ZIPLIST, LIST_QUICKLIST, LIST_QUICKLIST_2};
    }

    @Override
    public void write(KvValue value, RdbOutput out) throws IOException {
        QuickList q = (QuickList) value;
        int nodes = q.nodeCount();
        int depth = q.compressDepth();
        out.writeLength(nodes);
        ListpackWriter w = WRITER.get();
        byte[] scratch = null;
        int i = 0;
        for (ListNode n = q.head; n != null; n = n.next, i++) {
            byte[] a = n.entriesView(scratch);
            if (a != n.buf) {
                scratch = a;
            }
            int p = n.rawStart();
            int end = p + n.bytes();
            w.reset();
            while (p < end) {
                int len = lenAt(a, p);
                int d = p + ListNode.varintSize(len);
                w.add(a, d, len);
                p = d + len + ListNode.varintSize(len);
            }
            int size = w.finish();
            out.writeLength(CONTAINER_PACKED);
            boolean inner = depth > 0 && nodes > 2 * depth && i >= depth && i < nodes - depth;
            if (!inner || !out.writeCompressedNode(w.array(), 0, size)) {
                out.writeString(w.array(), 0, size);
            }
        }
    }

    /** The leading varint length of the entry at {@code p} (the node format of {@link ListNode}). */
    private static int lenAt(byte[] b, int p) {
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

    @Override
    public KvValue read(int rdbType, RdbInput in) throws IOException {
        ServerConfigView c = in.config();
        int fill = c == null ? QuickList.DEFAULT_FILL : (int) c.getLong(ListCommands.FILL);
        int depth = c == null ? 0 : (int) c.getLong(ListCommands.COMPRESS);
        QuickList q = new QuickList(fill, depth);
        switch (rdbType) {
            case LIST: {
                int n = Bounds.count(in, in.readLength(), 1);
                for (int i = 0; i < n; i++) {
                    q.pushTail(in.readString());
                }
                break;
            }
            case LIST_ZIPLIST: {
                ZiplistReader r = ZiplistReader.open(in.readString());
                while (r.next()) {
                    q.pushTail(r.bytes());
                }
                break;
            }
            case LIST_QUICKLIST:
            case LIST_QUICKLIST_2: {
                int n = Bounds.count(in, in.readLength(), 2);
                for (int i = 0; i < n; i++) {
                    long container = CONTAINER_PACKED;
                    if (rdbType == LIST_QUICKLIST_2) {
                        container = in.readLength();
                        if (container != CONTAINER_PACKED && container != CONTAINER_PLAIN) {
                            throw new IOException("Quicklist integrity check failed.");
                        }
                    }
                    byte[] data = in.readString();
                    if (data.length == 0) {
                        throw new IOException("Quicklist integrity check failed: empty node");
                    }
                    ListNode node;
                    if (container == CONTAINER_PLAIN) {
                        node = new ListNode(ListNode.entrySize(data.length), false);
                        node.pushBack(data, 0, data.length, Integer.MAX_VALUE);
                    } else if (rdbType == LIST_QUICKLIST_2) {
                        node = fromListpack(data);
                    } else {
                        node = fromZiplist(data);
                    }
                    if (node.count > 0) {
                        node.trimToSize();
                        q.appendLoadedNode(node);
                    }
                }
                break;
            }
            default:
                throw new IOException("not a list RDB type: " + rdbType);
        }
        if (q.size() == 0) {
            return null;
        }
        q.finishLoad();
        return q;
    }

    private static ListNode fromListpack(byte[] lp) throws IOException {
        ListpackReader r = ListpackReader.open(lp);
        ListNode node = new ListNode(lp.length + lp.length / 2 + 16, false);
        while (r.next()) {
            node.pushBack(r.array(), r.offset(), r.length(), Integer.MAX_VALUE);
        }
        return node;
    }

    private static ListNode fromZiplist(byte[] zl) throws IOException {
        ZiplistReader r = ZiplistReader.open(zl);
        ListNode node = new ListNode(zl.length + zl.length / 2 + 16, false);
        while (r.next()) {
            byte[] e = r.bytes();
            node.pushBack(e, 0, e.length, Integer.MAX_VALUE);
        }
        return node;
    }

    /** Redis mixes every element into the digest in order. */
    @Override
    public void digest(KvValue value, ValueDigest digest) {
        ((QuickList) value).forEach((QuickList.ElementVisitor) digest::mix);
    }
}
