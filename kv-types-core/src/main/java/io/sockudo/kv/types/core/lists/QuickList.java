package io.sockudo.kv.types.core.lists;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.spi.ValueType;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A list value, laid out as Redis's quicklist: a doubly linked chain of {@link ListNode}s, each a
 * packed byte array of elements bounded by {@code list-max-listpack-size} (negative: 4/8/16/32/64 KB
 * per node; positive: that many elements, and at most 8 KB unless a single element is bigger).
 * Pushes and pops at both ends are O(1); index lookups walk nodes from the nearer end.
 *
 * <p>Public API for other families (SORT reads and stores lists): {@link #size()},
 * {@link #forEach(ElementVisitor)}, {@link #iterator()}, {@link #get(long)}, and building with
 * {@link #QuickList()} plus {@link #pushTail(byte[])}. Not thread-safe: used under the key's lock.
 *
 * <p>With {@code list-compress-depth} N > 0, every node except the N at each end is kept deflated
 * (Redis uses LZF; the trade-off is the same): a node is inflated when a command reaches it and
 * deflated again when the command is done ({@link #settle()}).
 */
public final class QuickList implements KvValue, Iterable<byte[]> {
    /** Redis's SIZE_SAFETY_LIMIT: bytes per node when the fill is a count. */
    static final int SAFETY_LIMIT = 8192;
    /** Redis's SIZE_ESTIMATE_OVERHEAD: what an insert is assumed to add beyond the element's bytes. */
    static final int SIZE_ESTIMATE_OVERHEAD = 8;
    /** Redis's default {@code list-max-listpack-size}. */
    public static final int DEFAULT_FILL = -2;

    /** Receives one element: {@code buf[off, off+len)}, valid only during the call. */
    @FunctionalInterface
    public interface ElementVisitor {
        void visit(byte[] buf, int off, int len);
    }

    private final int fill;
    private final int compressDepth;
    /** Byte bound of a node (see class comment). */
    private final int byteLimit;
    ListNode head;
    ListNode tail;
    private long size;
    private int nodes;
    /**
     * Sum of {@link ListNode#memory()} over the linked nodes, kept current wherever a node is
     * linked, unlinked or its array replaced (grown, spliced, split, deflated, inflated):
     * {@link #memoryUsage()} runs on every write of the key and must not walk the chain.
     */
    private long nodeBytes;

    /** Nodes inflated for access by the current operation; {@link #settle()} deflates them again. */
    private ListNode[] touched;
    private int touchedCount;
    /** Set when the compression invariant may be broken (nodes linked, unlinked, split or inflated). */
    private boolean unsettled;
    /** Set when nodes were split in the middle: {@link #settle()} then checks every node. */
    private boolean settleAll;

    /** Scratch result of {@link #locate}: the node and entry offset (avoids a cursor per call). */
    private ListNode foundNode;
    private int foundPos;

    /** An empty list with Redis's default node size. */
    public QuickList() {
        this(DEFAULT_FILL, 0);
    }

    /** An empty list with the given {@code list-max-listpack-size} and {@code list-compress-depth}. */
    public QuickList(int fill, int compressDepth) {
        this.fill = fill;
        this.compressDepth = compressDepth;
        this.byteLimit = fill >= 0 ? SAFETY_LIMIT : 4096 << (Math.min(-fill, 5) - 1);
    }

    /** A list holding {@code elements} in order (for SORT ... STORE and tests). */
    public static QuickList of(Iterable<byte[]> elements) {
        QuickList l = new QuickList();
        for (byte[] e : elements) {
            l.pushTail(e);
        }
        return l;
    }

    /** Number of elements. */
    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    int fill() {
        return fill;
    }

    int compressDepth() {
        return compressDepth;
    }

    int nodeCount() {
        return nodes;
    }

    @Override
    public ValueType type() {
        return ListType.INSTANCE;
    }

    /** Redis 7.0 reports every list as {@code quicklist} (7.2 added {@code listpack} for small ones). */
    @Override
    public String encoding() {
        return "quicklist";
    }

    /** This object: 12-byte header, 10 ints/references, 2 longs, 2 booleans, 8-byte aligned. */
    static final int SHALLOW_BYTES = 72;

    /**
     * O(1): the object and the running node total. (The small scratch array of touched nodes is
     * left out: a read allocates it, and a read must not change the figure.)
     */
    @Override
    public long memoryUsage() {
        return SHALLOW_BYTES + nodeBytes;
    }

    /** The node total recomputed by walking the chain (tests compare it with the running one). */
    long recomputeNodeBytes() {
        long m = 0;
        for (ListNode n = head; n != null; n = n.next) {
            m += n.memory();
        }
        return m;
    }

    /** The running node total (tests). */
    long nodeBytes() {
        return nodeBytes;
    }

    @Override
    public KvValue copy() {
        QuickList c = new QuickList(fill, compressDepth);
        for (ListNode n = head; n != null; n = n.next) {
            ListNode m;
            if (n.isCompressed()) {
                m = new ListNode(0, false);
                m.buf = null;
                m.packed = n.packed.clone();
                m.rawSize = n.rawSize;
            } else {
                m = new ListNode(n.bytes(), false);
                System.arraycopy(n.buf, n.start, m.buf, 0, n.bytes());
                m.end = n.bytes();
            }
            m.count = n.count;
            m.lpBytes = n.lpBytes;
            c.linkLast(m);
        }
        c.size = size;
        return c;
    }

    // ---- pushes and pops ----

    /**
     * Redis 7.0's {@code _quicklistNodeAllowInsert}: the node's listpack size plus the element's
     * length plus an 8-byte estimate of its overhead must stay within the size limit (negative
     * fill), or within 8 KB and the element count (positive fill; 0 counts as 1).
     */
    private boolean allowInsert(ListNode n, int len) {
        if (n.count == 0) {
            return true;
        }
        long newSize = (long) n.lpBytes + len + SIZE_ESTIMATE_OVERHEAD;
        if (fill < 0) {
            return newSize <= byteLimit;
        }
        return newSize <= SAFETY_LIMIT && n.count < Math.max(fill, 1);
    }

    private boolean overLimit(ListNode n) {
        return n.count > 1 && (fill < 0 ? n.lpBytes > byteLimit
                : n.lpBytes > SAFETY_LIMIT || n.count > Math.max(fill, 1));
    }

    public void pushHead(byte[] e) {
        pushHead(e, 0, e.length);
    }

    public void pushTail(byte[] e) {
        pushTail(e, 0, e.length);
    }

    public void pushHead(byte[] src, int off, int len) {
        ListNode h = head;
        if (h == null || !allowInsert(h, len)) {
            h = new ListNode(ListNode.entrySize(len), true);
            linkFirst(h);
        } else {
            raw(h);
        }
        long before = h.memory();
        h.pushFront(src, off, len, byteLimit);
        nodeBytes += h.memory() - before;
        size++;
        settle();
    }

    public void pushTail(byte[] src, int off, int len) {
        ListNode t = tail;
        if (t == null || !allowInsert(t, len)) {
            t = new ListNode(ListNode.entrySize(len), false);
            linkLast(t);
        } else {
            raw(t);
        }
        long before = t.memory();
        t.pushBack(src, off, len, byteLimit);
        nodeBytes += t.memory() - before;
        size++;
        settle();
    }

    /** Pushes at the head ({@code head} true) or the tail. */
    void push(boolean head, byte[] e) {
        if (head) {
            pushHead(e, 0, e.length);
        } else {
            pushTail(e, 0, e.length);
        }
    }

    /** Removes and returns the first ({@code head} true) or last element; the list must not be empty. */
    public byte[] pop(boolean head) {
        ListNode n = raw(head ? this.head : tail);
        int p = head ? n.start : n.prevEntry(n.end);
        int len = n.lenAt(p);
        int d = p + ListNode.varintSize(len);
        byte[] out = Arrays.copyOfRange(n.buf, d, d + len);
        dropEnd(head);
        settle();
        return out;
    }

    /** Writes the first or last element as a bulk reply and removes it; the list must not be empty. */
    void popTo(boolean head, ReplyWriter w) {
        ListNode n = raw(head ? this.head : tail);
        int p = head ? n.start : n.prevEntry(n.end);
        int len = n.lenAt(p);
        w.bulk(n.buf, p + ListNode.varintSize(len), len);
        dropEnd(head);
        settle();
    }

    private void dropEnd(boolean head) {
        ListNode n;
        if (head) {
            n = this.head;
            n.dropFirst();
        } else {
            n = tail;
            n.dropLast();
        }
        size--;
        if (n.count == 0) {
            unlink(n);
        }
    }

    /** Removes the first {@code n} ({@code head} true) or last {@code n} elements, whole nodes at a time. */
    void removeEnd(boolean head, long n) {
        while (n > 0) {
            ListNode node = head ? this.head : tail;
            if (n >= node.count) {
                n -= node.count;
                size -= node.count;
                unlink(node);
            } else {
                raw(node);
                for (; n > 0; n--) {
                    dropEnd(head);
                }
            }
        }
        settle();
    }

    // ---- positional access ----

    /** Points {@link #foundNode}/{@link #foundPos} at element {@code index} (0 <= index < size). */
    private void locate(long index) {
        ListNode n;
        int i;
        if (index < size / 2) {
            n = head;
            while (index >= n.count) {
                index -= n.count;
                n = n.next;
            }
            i = (int) index;
        } else {
            long back = size - 1 - index;
            n = tail;
            while (back >= n.count) {
                back -= n.count;
                n = n.prev;
            }
            i = n.count - 1 - (int) back;
        }
        foundNode = raw(n);
        foundPos = n.offsetOf(i);
    }

    /** A copy of element {@code index} (negative counts from the tail), or null when out of range. */
    public byte[] get(long index) {
        if (index < 0) {
            index += size;
        }
        if (index < 0 || index >= size) {
            return null;
        }
        locate(index);
        ListNode n = foundNode;
        int len = n.lenAt(foundPos);
        int d = foundPos + ListNode.varintSize(len);
        byte[] out = Arrays.copyOfRange(n.buf, d, d + len);
        settle();
        return out;
    }

    /** Writes element {@code index} (0 <= index < size) as a bulk reply. */
    void replyAt(long index, ReplyWriter w) {
        locate(index);
        ListNode n = foundNode;
        int len = n.lenAt(foundPos);
        w.bulk(n.buf, foundPos + ListNode.varintSize(len), len);
        settle();
    }

    /** Replaces element {@code index} (0 <= index < size). */
    void set(long index, byte[] value) {
        locate(index);
        ListNode n = foundNode;
        long before = n.memory();
        n.splice(foundPos, n.nextEntry(foundPos), value, 0, value.length);
        nodeBytes += n.memory() - before;
        touch(n);
        splitIfNeeded(n);
        settle();
    }

    /** Writes {@code count} elements from {@code start} as bulk replies (the header is the caller's). */
    void replyRange(long start, long count, ReplyWriter w) {
        if (count <= 0) {
            return;
        }
        locate(start);
        ListNode n = foundNode;
        int p = foundPos;
        while (true) {
            int len = n.lenAt(p);
            int vs = ListNode.varintSize(len);
            w.bulk(n.buf, p + vs, len);
            if (--count == 0) {
                settle();
                return;
            }
            p += len + 2 * vs;
            if (p == n.end) {
                n = raw(n.next);
                p = n.start;
            }
        }
    }

    /** Visits every element in order. */
    public void forEach(ElementVisitor v) {
        for (ListNode n = head; n != null; n = n.next) {
            raw(n);
            int p = n.start;
            while (p < n.end) {
                int len = n.lenAt(p);
                int vs = ListNode.varintSize(len);
                v.visit(n.buf, p + vs, len);
                p += len + 2 * vs;
            }
        }
        settle();
    }

    /** Iterates over copies of the elements, head to tail. */
    @Override
    public Iterator<byte[]> iterator() {
        ListCursor c = cursor(true);
        return new Iterator<>() {
            boolean more = c.valid();

            @Override
            public boolean hasNext() {
                return more;
            }

            @Override
            public byte[] next() {
                if (!more) {
                    throw new NoSuchElementException();
                }
                byte[] e = c.copy();
                more = c.next();
                if (!more) {
                    settle();
                }
                return e;
            }
        };
    }

    /** A cursor on the first ({@code head} true) or last element; invalid when the list is empty. */
    ListCursor cursor(boolean head) {
        ListCursor c = new ListCursor(this);
        c.node = head ? raw(this.head) : raw(tail);
        if (c.node != null) {
            c.pos = head ? c.node.start : c.node.prevEntry(c.node.end);
        }
        return c;
    }

    /** A cursor on element {@code index} (0 <= index < size). */
    ListCursor cursorAt(long index) {
        locate(index);
        ListCursor c = new ListCursor(this);
        c.node = foundNode;
        c.pos = foundPos;
        return c;
    }

    // ---- middle edits ----

    /** Inserts {@code value} before ({@code after} false) or after the element under {@code c}. */
    void insert(ListCursor c, boolean after, byte[] value) {
        ListNode n = c.node;
        int at = after ? n.nextEntry(c.pos) : c.pos;
        long before = n.memory();
        n.splice(at, at, value, 0, value.length);
        nodeBytes += n.memory() - before;
        n.count++;
        size++;
        touch(n);
        splitIfNeeded(n);
        settle();
    }

    /**
     * Removes up to {@code limit} elements equal to {@code value} ({@code limit} 0: all), scanning
     * from the head ({@code fromHead}) or the tail. Returns how many were removed.
     */
    long removeEqual(byte[] value, long limit, boolean fromHead) {
        long removed = 0;
        ListNode n = fromHead ? head : tail;
        while (n != null && (limit == 0 || removed < limit)) {
            ListNode following = fromHead ? n.next : n.prev;
            byte[] b = raw(n).buf;
            if (fromHead) {
                int w = n.start;
                int r = n.start;
                while (r < n.end) {
                    int len = n.lenAt(r);
                    int sz = ListNode.entrySize(len);
                    int d = r + ListNode.varintSize(len);
                    if ((limit == 0 || removed < limit) && len == value.length
                            && Arrays.equals(b, d, d + len, value, 0, len)) {
                        removed++;
                        n.count--;
                    } else {
                        if (w != r) {
                            System.arraycopy(b, r, b, w, sz);
                        }
                        w += sz;
                    }
                    r += sz;
                }
                n.end = w;
                n.recomputeLpBytes();
            } else {
                int w = n.end;
                int r = n.end;
                while (r > n.start) {
                    int len = n.lenBefore(r);
                    int sz = ListNode.entrySize(len);
                    int e = r - sz;
                    int d = e + ListNode.varintSize(len);
                    if ((limit == 0 || removed < limit) && len == value.length
                            && Arrays.equals(b, d, d + len, value, 0, len)) {
                        removed++;
                        n.count--;
                    } else {
                        if (w != r) {
                            System.arraycopy(b, e, b, w - sz, sz);
                        }
                        w -= sz;
                    }
                    r = e;
                }
                n.start = w;
                n.recomputeLpBytes();
            }
            if (n.count == 0) {
                unlink(n);
            }
            n = following;
        }
        size -= removed;
        settle();
        return removed;
    }

    private void splitIfNeeded(ListNode n) {
        if (overLimit(n)) {
            int half = n.count / 2;
            long before = n.memory();
            ListNode m = n.splitAt(n.offsetOf(half), half);
            nodeBytes += n.memory() - before;
            linkAfter(n, m);
            settleAll = true;
            splitIfNeeded(n);
            splitIfNeeded(m);
        }
    }

    // ---- node chain ----

    private void linkFirst(ListNode n) {
        n.next = head;
        if (head != null) {
            head.prev = n;
        } else {
            tail = n;
        }
        head = n;
        nodes++;
        nodeBytes += n.memory();
        unsettled = true;
    }

    private void linkLast(ListNode n) {
        n.prev = tail;
        if (tail != null) {
            tail.next = n;
        } else {
            head = n;
        }
        tail = n;
        nodes++;
        nodeBytes += n.memory();
        unsettled = true;
    }

    private void linkAfter(ListNode at, ListNode n) {
        n.prev = at;
        n.next = at.next;
        if (at.next != null) {
            at.next.prev = n;
        } else {
            tail = n;
        }
        at.next = n;
        nodes++;
        nodeBytes += n.memory();
        unsettled = true;
    }

    private void unlink(ListNode n) {
        if (n.prev != null) {
            n.prev.next = n.next;
        } else {
            head = n.next;
        }
        if (n.next != null) {
            n.next.prev = n.prev;
        } else {
            tail = n.prev;
        }
        n.prev = n.next = null;
        nodes--;
        nodeBytes -= n.memory();
        unsettled = true;
    }

    // ---- loading (RDB) ----

    /** Appends a whole node as loaded (Redis keeps the nodes of a loaded list as they were saved). */
    void appendLoadedNode(ListNode n) {
        linkLast(n);
        size += n.count;
    }

    /** Restores the compression invariant over every node once a load is complete. */
    void finishLoad() {
        unsettled = true;
        settleAll = true;
        settle();
    }

    // ---- compression (list-compress-depth) ----

    /** Inflates {@code n} if it is compressed, remembering it for {@link #settle()}; returns it. */
    ListNode raw(ListNode n) {
        if (n != null && n.packed != null) {
            inflate(n);
            touch(n);
        }
        return n;
    }

    /** Remembers a node whose content changed or was inflated, for {@link #settle()} to deflate. */
    private void touch(ListNode n) {
        if (compressDepth <= 0) {
            return;
        }
        if (touched == null) {
            touched = new ListNode[4];
        } else if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = n;
        unsettled = true;
    }

    /**
     * Restores the compression invariant after an operation: the {@code compressDepth} nodes at
     * each end inflated, every other node deflated. Cheap when nothing changed.
     */
    void settle() {
        if (!unsettled || compressDepth <= 0) {
            unsettled = false;
            return;
        }
        unsettled = false;
        int depth = compressDepth;
        if (settleAll || nodes <= 2L * depth) {
            int i = 0;
            for (ListNode n = head; n != null; n = n.next, i++) {
                if (i < depth || i >= nodes - depth) {
                    inflate(n);
                } else {
                    deflate(n);
                }
            }
            settleAll = false;
        } else {
            ListNode h = head;
            ListNode t = tail;
            for (int i = 0; i < depth; i++) {
                inflate(h);
                inflate(t);
                h = h.next;
                t = t.prev;
            }
            // the nodes that just moved one step inwards (a new head or tail node was linked)
            deflate(h);
            deflate(t);
            for (int i = 0; i < touchedCount; i++) {
                ListNode n = touched[i];
                if ((n == head || n.prev != null) && !nearEnd(n, depth)) {
                    deflate(n);
                }
            }
        }
        for (int i = 0; i < touchedCount; i++) {
            touched[i] = null;
        }
        touchedCount = 0;
    }

    /** Inflates a linked node, keeping {@link #nodeBytes} current. */
    private void inflate(ListNode n) {
        if (n.packed != null) {
            long before = n.memory();
            n.decompress();
            nodeBytes += n.memory() - before;
        }
    }

    /** Deflates a linked node (when it is worth it), keeping {@link #nodeBytes} current. */
    private void deflate(ListNode n) {
        if (n.packed == null) {
            long before = n.memory();
            n.compress();
            nodeBytes += n.memory() - before;
        }
    }

    private boolean nearEnd(ListNode n, int depth) {
        ListNode h = head;
        ListNode t = tail;
        for (int i = 0; i < depth; i++) {
            if (n == h || n == t) {
                return true;
            }
            h = h.next;
            t = t.prev;
        }
        return false;
    }

    /** Number of compressed nodes (tests, DEBUG-style inspection). */
    int compressedNodes() {
        int c = 0;
        for (ListNode n = head; n != null; n = n.next) {
            if (n.isCompressed()) {
                c++;
            }
        }
        return c;
    }
}
