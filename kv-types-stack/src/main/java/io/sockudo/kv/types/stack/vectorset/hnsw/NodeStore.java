package io.sockudo.kv.types.stack.vectorset.hnsw;

import java.util.Arrays;

/**
 * Where the nodes of one graph live: pages of 1024 slots, each page a few flat arrays (the
 * vectors back to back, the layer-0 links as {@code [count, link...]} rows of fixed width, the
 * norm, range, level, id, element name and attributes of every slot). A slot is an {@code int};
 * links are slots. Growing adds a page and never copies the pages already there (the first page
 * grows from 8 slots by doubling, so small sets stay small); freed slots are reused.
 *
 * <p>Layers above 0 are rare (a quarter of the nodes reach layer 1): a node that has them keeps
 * one {@code int[]} with a {@code [count, link...]} row of width {@code M + 1} per layer.
 *
 * <p>Not thread-safe: the owning {@link Hnsw}'s caller serialises writers against readers.
 */
public final class NodeStore {
    static final int PAGE_SHIFT = 10;
    static final int PAGE = 1 << PAGE_SHIFT;
    static final int MASK = PAGE - 1;
    private static final int FIRST_CAPACITY = 8;

    public final int dim;
    public final int quant;
    /** 64-bit words of a binary vector. */
    public final int words;
    public final int m;
    /** Links a layer-0 row holds ({@code 2 * M}). */
    public final int cap0;
    final int stride0;
    final int upStride;

    private Page[] pages = new Page[1];
    private int capacity;
    private int highWater;
    private int[] free = new int[8];
    private int freeCount;
    /** Bytes held outside the pages: names, attributes and upper-layer rows (kept as they change). */
    private long outsideBytes;
    /** Sum of {@link #pageBytes} over the pages in use, kept as pages are added or grown. */
    private long pageBytes;

    /** The arrays of 1024 consecutive slots (fewer in a small first page). */
    public static final class Page {
        final int cap;
        float[] f;
        byte[] q;
        long[] b;
        float[] l2;
        float[] range;
        int[] links0;
        int[][] upper;
        byte[] level;
        long[] id;
        byte[][] name;
        byte[][] attr;

        Page(NodeStore s, int cap) {
            this.cap = cap;
            switch (s.quant) {
                case Quant.NONE:
                    f = new float[cap * s.dim];
                    break;
                case Quant.Q8:
                    q = new byte[cap * s.dim];
                    range = new float[cap];
                    break;
                default:
                    b = new long[cap * s.words];
                    break;
            }
            l2 = new float[cap];
            links0 = new int[cap * s.stride0];
            upper = new int[cap][];
            level = new byte[cap];
            id = new long[cap];
            name = new byte[cap][];
            attr = new byte[cap][];
        }

        /** A copy whose arrays are its own (names and attributes are shared: never modified in place). */
        Page(Page o) {
            cap = o.cap;
            f = o.f == null ? null : o.f.clone();
            q = o.q == null ? null : o.q.clone();
            b = o.b == null ? null : o.b.clone();
            l2 = o.l2.clone();
            range = o.range == null ? null : o.range.clone();
            links0 = o.links0.clone();
            upper = new int[cap][];
            for (int i = 0; i < cap; i++) {
                upper[i] = o.upper[i] == null ? null : o.upper[i].clone();
            }
            level = o.level.clone();
            id = o.id.clone();
            name = o.name.clone();
            attr = o.attr.clone();
        }

        Page grown(NodeStore s, int newCap) {
            Page p = new Page(s, newCap);
            if (f != null) {
                System.arraycopy(f, 0, p.f, 0, f.length);
            }
            if (q != null) {
                System.arraycopy(q, 0, p.q, 0, q.length);
                System.arraycopy(range, 0, p.range, 0, range.length);
            }
            if (b != null) {
                System.arraycopy(b, 0, p.b, 0, b.length);
            }
            System.arraycopy(l2, 0, p.l2, 0, cap);
            System.arraycopy(links0, 0, p.links0, 0, links0.length);
            System.arraycopy(upper, 0, p.upper, 0, cap);
            System.arraycopy(level, 0, p.level, 0, cap);
            System.arraycopy(id, 0, p.id, 0, cap);
            System.arraycopy(name, 0, p.name, 0, cap);
            System.arraycopy(attr, 0, p.attr, 0, cap);
            return p;
        }
    }

    public NodeStore(int dim, int quant, int m) {
        this.dim = dim;
        this.quant = quant;
        this.words = Quant.words(dim);
        this.m = m;
        this.cap0 = 2 * m;
        this.stride0 = cap0 + 1;
        this.upStride = m + 1;
    }

    /** A deep copy (for COPY): the same slots, links and vectors in arrays of its own. */
    NodeStore copy() {
        NodeStore c = new NodeStore(dim, quant, m);
        c.pages = new Page[pages.length];
        int pageCount = capacity == 0 ? 0 : ((capacity - 1) >> PAGE_SHIFT) + 1;
        for (int k = 0; k < pageCount; k++) {
            c.pages[k] = new Page(pages[k]);
        }
        c.capacity = capacity;
        c.highWater = highWater;
        c.free = free.clone();
        c.freeCount = freeCount;
        c.outsideBytes = outsideBytes;
        c.pageBytes = pageBytes;
        return c;
    }

    // ---------------------------------------------------------------------------------------
    // Slots
    // ---------------------------------------------------------------------------------------

    /** A free slot: a released one if any, otherwise a new one. Its fields are cleared. */
    int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (highWater == capacity) {
            grow();
        }
        return highWater++;
    }

    private void grow() {
        int last = (capacity - 1) >> PAGE_SHIFT;
        if (capacity == 0) {
            pages[0] = new Page(this, FIRST_CAPACITY);
            capacity = FIRST_CAPACITY;
            pageBytes += pageBytes(pages[0]);
        } else if (capacity < PAGE) {
            int cap = Math.min(PAGE, capacity * 2);
            pageBytes -= pageBytes(pages[0]);
            pages[0] = pages[0].grown(this, cap);
            capacity = cap;
            pageBytes += pageBytes(pages[0]);
        } else {
            int n = last + 1;
            if (n == pages.length) {
                pages = Arrays.copyOf(pages, n * 2);
            }
            pages[n] = new Page(this, PAGE);
            capacity += PAGE;
            pageBytes += pageBytes(pages[n]);
        }
    }

    /** Returns a slot to the free list, dropping what it referenced. */
    void release(int slot) {
        Page p = page(slot);
        int i = slot & MASK;
        outsideBytes -= arrayBytes(p.name[i]) + arrayBytes(p.attr[i]) + arrayBytes(p.upper[i]);
        p.name[i] = null;
        p.attr[i] = null;
        p.upper[i] = null;
        p.links0[i * stride0] = 0;
        p.level[i] = 0;
        p.id[i] = 0;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = slot;
    }

    /** One more than the largest slot ever handed out (the range of slot numbers in use). */
    public int slotLimit() {
        return highWater;
    }

    public Page page(int slot) {
        return pages[slot >>> PAGE_SHIFT];
    }

    // ---------------------------------------------------------------------------------------
    // Node fields
    // ---------------------------------------------------------------------------------------

    /** Sets up a fresh slot: its level (with empty link rows), id, name and attributes. */
    void init(int slot, int level, long id, byte[] name, byte[] attr) {
        Page p = page(slot);
        int i = slot & MASK;
        p.level[i] = (byte) level;
        p.id[i] = id;
        p.name[i] = name;
        p.attr[i] = attr;
        p.links0[i * stride0] = 0;
        p.upper[i] = level > 0 ? new int[level * upStride] : null;
        outsideBytes += arrayBytes(name) + arrayBytes(attr) + arrayBytes(p.upper[i]);
    }

    /** The names, attributes and upper-layer rows counted by {@link #memory()} (for tests). */
    long outsideBytes() {
        return outsideBytes;
    }

    private static long arrayBytes(byte[] a) {
        return a == null ? 0 : 16 + a.length;
    }

    private static long arrayBytes(int[] a) {
        return a == null ? 0 : 16 + 4L * a.length;
    }

    /** Stores a normalised vector (quantising it) and its norm. */
    void setVector(int slot, float[] normalized, float l2) {
        Page p = page(slot);
        int i = slot & MASK;
        p.l2[i] = l2;
        switch (quant) {
            case Quant.NONE:
                System.arraycopy(normalized, 0, p.f, i * dim, dim);
                break;
            case Quant.Q8:
                p.range[i] = VectorMath.quantizeQ8(normalized, 0, p.q, i * dim, dim);
                break;
            default:
                VectorMath.quantizeBin(normalized, 0, p.b, i * words, dim);
                break;
        }
    }

    /** Stores a vector as found in a record: {@code raw} is its stored form (quantised already). */
    void setRawVector(int slot, byte[] raw, float l2, float range) {
        Page p = page(slot);
        int i = slot & MASK;
        p.l2[i] = l2;
        switch (quant) {
            case Quant.NONE:
                for (int j = 0; j < dim; j++) {
                    p.f[i * dim + j] = Float.intBitsToFloat(le32(raw, j * 4));
                }
                break;
            case Quant.Q8:
                System.arraycopy(raw, 0, p.q, i * dim, dim);
                p.range[i] = range;
                break;
            default:
                for (int w = 0; w < words; w++) {
                    p.b[i * words + w] = le32(raw, w * 8) & 0xffffffffL | (long) le32(raw, w * 8 + 4) << 32;
                }
                break;
        }
    }

    /** The stored form of a slot's vector (little-endian floats, int8 codes, or 64-bit words). */
    public byte[] rawVector(int slot) {
        Page p = page(slot);
        int i = slot & MASK;
        byte[] out = new byte[Quant.bytes(quant, dim)];
        switch (quant) {
            case Quant.NONE:
                for (int j = 0; j < dim; j++) {
                    putLe32(out, j * 4, Float.floatToRawIntBits(p.f[i * dim + j]));
                }
                break;
            case Quant.Q8:
                System.arraycopy(p.q, i * dim, out, 0, dim);
                break;
            default:
                for (int w = 0; w < words; w++) {
                    long x = p.b[i * words + w];
                    putLe32(out, w * 8, (int) x);
                    putLe32(out, w * 8 + 4, (int) (x >>> 32));
                }
                break;
        }
        return out;
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }

    private static void putLe32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }

    public int level(int slot) {
        return page(slot).level[slot & MASK];
    }

    public long id(int slot) {
        return page(slot).id[slot & MASK];
    }

    public byte[] name(int slot) {
        return page(slot).name[slot & MASK];
    }

    public byte[] attr(int slot) {
        return page(slot).attr[slot & MASK];
    }

    void setAttr(int slot, byte[] attr) {
        Page p = page(slot);
        outsideBytes += arrayBytes(attr) - arrayBytes(p.attr[slot & MASK]);
        p.attr[slot & MASK] = attr;
    }

    public float l2(int slot) {
        return page(slot).l2[slot & MASK];
    }

    /** The int8 range of a slot (0 for other encodings). */
    public float range(int slot) {
        Page p = page(slot);
        return p.range == null ? 0f : p.range[slot & MASK];
    }

    // ---------------------------------------------------------------------------------------
    // Links: a row is [count, link 0, link 1, ...]
    // ---------------------------------------------------------------------------------------

    /** The array holding the link row of {@code slot} at {@code layer}. */
    int[] linkArray(int slot, int layer) {
        Page p = page(slot);
        return layer == 0 ? p.links0 : p.upper[slot & MASK];
    }

    /** Where that row starts in {@link #linkArray}: the count, followed by the links. */
    int linkBase(int slot, int layer) {
        return layer == 0 ? (slot & MASK) * stride0 : (layer - 1) * upStride;
    }

    /** Links a row can hold: {@code 2M} at layer 0, {@code M} above. */
    public int linkCap(int layer) {
        return layer == 0 ? cap0 : m;
    }

    public int linkCount(int slot, int layer) {
        return linkArray(slot, layer)[linkBase(slot, layer)];
    }

    public int link(int slot, int layer, int j) {
        return linkArray(slot, layer)[linkBase(slot, layer) + 1 + j];
    }

    /** Appends a link (the row must have room). */
    void addLink(int slot, int layer, int to) {
        int[] a = linkArray(slot, layer);
        int base = linkBase(slot, layer);
        int n = a[base];
        a[base + 1 + n] = to;
        a[base] = n + 1;
    }

    /** Removes the link to {@code to} if present, keeping the order of the others. */
    boolean removeLink(int slot, int layer, int to) {
        int[] a = linkArray(slot, layer);
        int base = linkBase(slot, layer);
        int n = a[base];
        for (int j = 0; j < n; j++) {
            if (a[base + 1 + j] == to) {
                System.arraycopy(a, base + 2 + j, a, base + 1 + j, n - j - 1);
                a[base] = n - 1;
                return true;
            }
        }
        return false;
    }

    /** Replaces the link at position {@code j}. */
    void setLink(int slot, int layer, int j, int to) {
        linkArray(slot, layer)[linkBase(slot, layer) + 1 + j] = to;
    }

    boolean hasLink(int slot, int layer, int to) {
        int[] a = linkArray(slot, layer);
        int base = linkBase(slot, layer);
        int n = a[base];
        for (int j = 0; j < n; j++) {
            if (a[base + 1 + j] == to) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------
    // Accounting
    // ---------------------------------------------------------------------------------------

    /**
     * Bytes held: the pages (array headers included, 4-byte references), the free list, and the
     * names, attributes and upper-layer rows outside them. Constant time (the set's memoryUsage()
     * runs on every write of its key): the page and outside parts are running totals, kept as
     * pages are added or grown and as nodes come and go.
     */
    long memory() {
        return 16 + 8L * pages.length + 16 + 4L * free.length + outsideBytes + pageBytes;
    }

    /** {@link #memory()} recomputed by walking the pages (tests). */
    long recomputeMemory() {
        long n = 16 + 8L * pages.length + 16 + 4L * free.length + outsideBytes;
        int pageCount = capacity == 0 ? 0 : ((capacity - 1) >> PAGE_SHIFT) + 1;
        for (int k = 0; k < pageCount; k++) {
            n += pageBytes(pages[k]);
        }
        return n;
    }

    /** What one page's arrays hold (fixed when the page is made). */
    private static long pageBytes(Page p) {
        int c = p.cap;
        long n = 64; // the page object
        if (p.f != null) {
            n += 16 + 4L * p.f.length;
        }
        if (p.q != null) {
            n += 16 + p.q.length + 16 + 4L * c;
        }
        if (p.b != null) {
            n += 16 + 8L * p.b.length;
        }
        n += 16 + 4L * c;                         // l2
        n += 16 + 4L * p.links0.length;           // layer-0 rows
        n += 16 + 4L * c + 16 + c + 16 + 8L * c;  // upper refs, level, id
        n += 2 * (16 + 4L * c);                   // name and attr refs
        return n;
    }

    /** Bytes of the vectors alone (what quantisation shrinks). */
    public long vectorBytes(int liveCount) {
        return (long) liveCount * Quant.bytes(quant, dim) + (quant == Quant.Q8 ? 4L * liveCount : 0);
    }
}
