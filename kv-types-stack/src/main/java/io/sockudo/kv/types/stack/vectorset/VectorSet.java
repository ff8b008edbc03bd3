package io.sockudo.kv.types.stack.vectorset;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;
import io.sockudo.kv.types.stack.vectorset.hnsw.AttrFilter;
import io.sockudo.kv.types.stack.vectorset.hnsw.Hnsw;
import io.sockudo.kv.types.stack.vectorset.hnsw.Levels;
import io.sockudo.kv.types.stack.vectorset.hnsw.Query;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A vector set: an HNSW graph of elements (name, vector, optional JSON attributes), the
 * name index, and the projection matrix of {@code REDUCE}.
 *
 * <h2>Concurrency</h2>
 * Commands run on event loops holding the key's shard lock, so two commands never touch a set at
 * once. Searches that run on worker threads ({@code VSIM}, the neighbour search of
 * {@code VADD ... CAS}) hold no shard lock: they hold this set's read lock instead, and every
 * change to the set (the graph, the node store, attributes) is made holding its write lock.
 * Commands on the event loop that only read need no lock: the shard lock already keeps writers
 * out, and readers do not disturb each other (a search's working memory is per thread). Results
 * leave a search as the name and attribute arrays themselves, which are never modified in place.
 * A deleted or replaced set is simply dropped: a search still holding it finishes on it.
 */
public final class VectorSet implements KvValue {
    private static final AtomicLong NEXT_UID = new AtomicLong();

    final Hnsw graph;
    final NameIndex names;
    /** Row-major projection matrix ({@code dim x projInputDim}), or null without REDUCE. */
    final float[] projection;
    final int projInputDim;
    final long uid;
    long attributeCount;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    public VectorSet(int dim, int quant, int m, float[] projection, int projInputDim) {
        this.graph = new Hnsw(dim, quant, m);
        this.names = new NameIndex(graph.store);
        this.projection = projection;
        this.projInputDim = projInputDim;
        this.uid = NEXT_UID.getAndIncrement();
    }

    private VectorSet(VectorSet o) {
        this.graph = o.graph.copy();
        this.names = o.names.copy(graph.store);
        this.projection = o.projection;   // never modified
        this.projInputDim = o.projInputDim;
        this.attributeCount = o.attributeCount;
        this.uid = NEXT_UID.getAndIncrement();
    }

    public int dim() {
        return graph.dim;
    }

    public int quant() {
        return graph.quant;
    }

    public int m() {
        return graph.m;
    }

    public int size() {
        return graph.size();
    }

    /** Input dimension of the REDUCE projection, 0 without one. */
    public int projectionInputDim() {
        return projInputDim;
    }

    public float[] projection() {
        return projection;
    }

    public long uid() {
        return uid;
    }

    public long attributeCount() {
        return attributeCount;
    }

    public int maxLevel() {
        return graph.maxLevel();
    }

    public long lastNodeId() {
        return graph.lastId();
    }

    /** The graph, for reading by commands on the event loop (never to be changed through it). */
    public Hnsw graph() {
        return graph;
    }

    /** A query for this set from a vector of {@link #dim()} components. */
    public Query query(float[] vector) {
        return Query.of(graph.quant, graph.dim, vector);
    }

    /** The approximate vector of a slot (de-quantised, times its norm), as VEMB and VSIM ELE use it. */
    public float[] vectorOf(int slot) {
        float[] v = new float[graph.dim];
        io.sockudo.kv.types.stack.vectorset.hnsw.VectorMath.dequantize(graph.quant, graph.store, slot, v);
        return v;
    }

    /** The slot of an element, or -1. */
    public int slotOf(byte[] element) {
        return names.get(element);
    }

    // ---------------------------------------------------------------------------------------
    // Writes: the caller holds the key's shard lock; these take the set's write lock
    // ---------------------------------------------------------------------------------------

    /**
     * Adds {@code element} with a vector already projected, or replaces the vector of an
     * existing one (Redis deletes and re-inserts the node; its attributes stay unless
     * {@code attr} is given, an empty {@code attr} removing them). Returns true when added.
     */
    public boolean add(float[] vector, byte[] element, byte[] attr, int ef) {
        Query q = Query.of(graph.quant, graph.dim, vector);
        int old = names.get(element);
        if (old < 0) {
            // The neighbour search only reads, and the key's shard lock keeps every other writer
            // out: it needs no lock, so concurrent searches are held up only by the commit.
            Hnsw.Plan plan = graph.prepare(q, Levels.of(element), ef);
            lock.writeLock().lock();
            try {
                commitNew(plan, element, attr);
            } finally {
                lock.writeLock().unlock();
            }
            return true;
        }
        lock.writeLock().lock();
        try {
            byte[] keep = graph.store.attr(old);
            byte[] name = graph.store.name(old);
            names.remove(element);
            graph.delete(old);
            if (attr != null) {
                if (keep != null) {
                    attributeCount--;
                }
                keep = attr.length == 0 ? null : attr;
                if (keep != null) {
                    attributeCount++;
                }
            }
            int s = graph.insert(q, Levels.of(name), ef, name, keep);
            names.put(name, s);
            return false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Links a new element (Redis keeps even an empty SETATTR string on a new element). */
    private void commitNew(Hnsw.Plan plan, byte[] element, byte[] attr) {
        int s = graph.commit(plan, element, attr);
        names.put(element, s);
        if (attr != null) {
            attributeCount++;
        }
    }

    /**
     * Commits the insert of a CAS VADD whose neighbours were searched off the loop: with the
     * plan when it is still valid, otherwise by inserting again now. The element must be absent.
     */
    public void commit(Hnsw.Plan plan, byte[] element, byte[] attr, int ef) {
        if (!graph.planValid(plan)) {
            plan = graph.prepare(plan.query(), plan.level(), ef);
        }
        lock.writeLock().lock();
        try {
            commitNew(plan, element, attr);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The neighbour search of a CAS VADD, on a worker thread: holds the read lock. */
    public Hnsw.Plan prepareConcurrently(Query q, byte[] element, int ef) {
        lock.readLock().lock();
        try {
            return graph.prepare(q, Levels.of(element), ef);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Similarity search
    // ---------------------------------------------------------------------------------------

    /** What a VSIM found: names, distances and (when asked) attributes, nearest first. */
    public static final class Hits {
        public final byte[][] names;
        public final float[] dists;
        public final byte[][] attrs;
        public final int count;

        Hits(byte[][] names, float[] dists, byte[][] attrs, int count) {
            this.names = names;
            this.dists = dists;
            this.attrs = attrs;
            this.count = count;
        }
    }

    /**
     * Runs a VSIM search: the graph search with exploration factor {@code ef} (or, with
     * {@code truth}, a linear scan), optionally filtered (at most {@code filterEf} candidates
     * expanded), keeping the first {@code count} results within {@code epsilon} (half the
     * distance, i.e. one minus the similarity score). {@code concurrent}: called off the event
     * loop, so the read lock is taken.
     */
    public Hits search(Query q, int ef, long count, float epsilon, AttrFilter filter, int filterEf, boolean truth,
                boolean withAttrs, boolean concurrent) {
        if (concurrent) {
            lock.readLock().lock();
        }
        try {
            int size = graph.size();
            int k = Math.min(ef, size);
            int[] slots = new int[Math.max(k, 1)];
            float[] dists = new float[slots.length];
            int found = truth ? graph.exact(q, k, filter, slots, dists)
                    : graph.search(q, k, filter, filterEf, slots, dists);
            int n = (int) Math.min(found, count);
            int kept = 0;
            while (kept < n && !(dists[kept] / 2 > epsilon)) {
                kept++;
            }
            byte[][] names = new byte[kept][];
            byte[][] attrs = withAttrs ? new byte[kept][] : null;
            for (int i = 0; i < kept; i++) {
                names[i] = graph.store.name(slots[i]);
                if (withAttrs) {
                    attrs[i] = graph.store.attr(slots[i]);
                }
            }
            return new Hits(names, dists, attrs, kept);
        } finally {
            if (concurrent) {
                lock.readLock().unlock();
            }
        }
    }

    /** Removes an element; false if absent. */
    public boolean remove(byte[] element) {
        int s = names.get(element);
        if (s < 0) {
            return false;
        }
        lock.writeLock().lock();
        try {
            if (graph.store.attr(s) != null) {
                attributeCount--;
            }
            names.remove(element);
            graph.delete(s);
        } finally {
            lock.writeLock().unlock();
        }
        return true;
    }

    /** Sets (or with an empty value removes) an element's attributes; false if absent. */
    public boolean setAttr(byte[] element, byte[] json) {
        int s = names.get(element);
        if (s < 0) {
            return false;
        }
        lock.writeLock().lock();
        try {
            byte[] old = graph.store.attr(s);
            byte[] now = json.length == 0 ? null : json;
            if (old != null) {
                attributeCount--;
            }
            if (now != null) {
                attributeCount++;
            }
            graph.setAttr(s, now);
        } finally {
            lock.writeLock().unlock();
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------
    // KvValue
    // ---------------------------------------------------------------------------------------

    @Override
    public ValueType type() {
        return VectorSetType.INSTANCE;
    }

    /** Redis reports module values as {@code raw}. */
    @Override
    public String encoding() {
        return "raw";
    }

    @Override
    public long memoryUsage() {
        long n = 64 + graph.memory() + names.memory();
        if (projection != null) {
            n += 16 + 4L * projection.length;
        }
        return n;
    }

    /**
     * A deep copy for COPY (Redis refuses COPY of a vector set, "not supported for this module
     * key"; the kernel's COPY cannot fail after its checks, so sockudo-kv copies): the same
     * graph slot for slot, in arrays of its own; names and attributes are shared, as they are
     * never modified in place. Concurrent searches only read, so none is waited for.
     */
    @Override
    public KvValue copy() {
        return new VectorSet(this);
    }
}
