package io.sockudo.kv.search.vector;

import io.sockudo.kv.search.schema.VectorParams;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * HNSW (Malkov and Yashunin's hierarchical navigable small world graph): approximate nearest
 * neighbours in about logarithmic time. Parameters as RediSearch names them: M neighbours per node
 * (2M on the ground layer), EF_CONSTRUCTION candidates while inserting, EF_RUNTIME while searching,
 * EPSILON for range queries.
 *
 * <p>Deleting a document marks its node deleted: it keeps routing searches but is never returned;
 * when more than half of the nodes are deleted the graph is rebuilt from the live vectors.
 * Hybrid queries (a filter) with a small filter set compare the filtered vectors directly; with a
 * large one they search the graph and keep only filtered nodes, widening the search when too few
 * qualify.
 */
final class HnswIndex implements VectorIndex {
    private final Metric metric;
    private final int m;
    private final int mMax0;
    private final int efConstruction;
    private final int efRuntime;
    private final double levelMult;
    private final SplittableRandom random = new SplittableRandom(42);

    /** The vectors, node {@code n} in slot {@code n}. */
    private VectorStore vecs;
    private int[] docOf = new int[16];
    private int[] levelOf = new int[16];
    /** links[node][level] = neighbour nodes; the first element of each array is its length. */
    private int[][][] links = new int[16][][];
    /** linkDist[node][level][i] = distance to links[node][level][i] (kept to prune full lists). */
    private double[][][] linkDist = new double[16][][];
    private boolean[] deleted = new boolean[16];
    private int nodes;
    private int deletedCount;
    private int entry = -1;
    private int maxLevel = -1;
    private final IntIntMap nodeOf = new IntIntMap();
    private final RoaringBitmap ids = new RoaringBitmap();
    private long bytes;

    HnswIndex(VectorParams p, Metric metric) {
        this.metric = metric;
        this.m = Math.max(2, p.m());
        this.mMax0 = 2 * this.m;
        this.efConstruction = Math.max(this.m, p.efConstruction());
        this.efRuntime = p.efRuntime();
        this.levelMult = 1 / Math.log(this.m);
        this.f32 = !"FLOAT64".equals(p.type());
        this.dim = p.dim();
        this.vecs = new VectorStore(f32, dim);
    }

    private final boolean f32;
    private final int dim;

    @Override
    public int size() {
        return nodeOf.size();
    }

    @Override
    public void clear() {
        vecs = new VectorStore(f32, dim);
        docOf = new int[16];
        levelOf = new int[16];
        links = new int[16][][];
        linkDist = new double[16][][];
        deleted = new boolean[16];
        nodes = 0;
        deletedCount = 0;
        entry = -1;
        maxLevel = -1;
        nodeOf.clear();
        ids.clear();
        bytes = 0;
    }

    @Override
    public Object vector(int doc) {
        int n = nodeOf.get(doc);
        return n < 0 ? null : vecs.get(n);
    }

    @Override
    public long memory() {
        return bytes;
    }

    // ------------------------------------------------------------------ updates

    @Override
    public void remove(int doc) {
        int n = nodeOf.remove(doc);
        if (n < 0) {
            return;
        }
        ids.remove(doc);
        deleted[n] = true;
        deletedCount++;
        if (deletedCount > 64 && deletedCount * 2 > nodes) {
            rebuild();
        }
    }

    private void rebuild() {
        int[] liveDocs = new int[nodeOf.size()];
        Object[] liveVecs = new Object[liveDocs.length];
        int i = 0;
        for (int n = 0; n < nodes; n++) {
            if (!deleted[n]) {
                liveDocs[i] = docOf[n];
                liveVecs[i] = vecs.get(n);
                i++;
            }
        }
        clear();
        for (int k = 0; k < i; k++) {
            insertPrepared(liveDocs[k], liveVecs[k]);
        }
    }

    @Override
    public void add(int doc, Object vector) {
        remove(doc);
        insertPrepared(doc, metric.prepare(vector));
    }

    private void insertPrepared(int doc, Object v) {
        int node = nodes++;
        grow(nodes);
        int level = (int) Math.floor(-Math.log(1.0 - random.nextDouble()) * levelMult);
        level = Math.min(level, 16);
        vecs.set(node, v);
        docOf[node] = doc;
        levelOf[node] = level;
        deleted[node] = false;
        links[node] = new int[level + 1][];
        linkDist[node] = new double[level + 1][];
        for (int l = 0; l <= level; l++) {
            links[node][l] = new int[1 + (l == 0 ? mMax0 : m)];
            linkDist[node][l] = new double[1 + (l == 0 ? mMax0 : m)];
        }
        nodeOf.put(doc, node);
        ids.add(doc);
        bytes += vecs.bytesPerVector() + 12L * (mMax0 + m * level) + 64;
        if (entry < 0) {
            entry = node;
            maxLevel = level;
            return;
        }
        int cur = entry;
        double curDist = vecs.distance(metric, v, cur);
        for (int l = maxLevel; l > level; l--) {
            boolean changed = true;
            while (changed) {
                changed = false;
                int[] nb = links[cur][l];
                for (int i = 1; i <= nb[0]; i++) {
                    int c = nb[i];
                    double d = vecs.distance(metric, v, c);
                    if (d < curDist) {
                        curDist = d;
                        cur = c;
                        changed = true;
                    }
                }
            }
        }
        for (int l = Math.min(level, maxLevel); l >= 0; l--) {
            Heap found = searchLayer(v, cur, curDist, efConstruction, l, null);
            int n = found.size;
            int[] fn = new int[n];
            double[] fd = new double[n];
            for (int i = n - 1; i >= 0; i--) { // the max-heap pops farthest first
                fd[i] = found.topDist();
                fn[i] = found.pop();
            }
            int cap = l == 0 ? mMax0 : m;
            int chosen = selectNeighbours(fn, fd, n, cap);
            for (int i = 0; i < chosen; i++) {
                connect(node, fn[i], fd[i], l);
                connect(fn[i], node, fd[i], l);
            }
            if (n > 0) {
                cur = fn[0];
                curDist = fd[0];
            }
        }
        if (level > maxLevel) {
            maxLevel = level;
            entry = node;
        }
    }

    private void grow(int n) {
        if (n <= docOf.length) {
            return;
        }
        int cap = Math.max(n, docOf.length * 2);
        vecs.ensure(cap);
        docOf = Arrays.copyOf(docOf, cap);
        levelOf = Arrays.copyOf(levelOf, cap);
        links = Arrays.copyOf(links, cap);
        linkDist = Arrays.copyOf(linkDist, cap);
        deleted = Arrays.copyOf(deleted, cap);
    }

    /**
     * Adds {@code to} (at distance {@code dist}) to {@code from}'s neighbours at {@code level};
     * when the list is full the farthest of the current neighbours and the new one is dropped.
     */
    private void connect(int from, int to, double dist, int level) {
        int[] nb = links[from][level];
        double[] nd = linkDist[from][level];
        int count = nb[0];
        for (int i = 1; i <= count; i++) {
            if (nb[i] == to) {
                return;
            }
        }
        if (count < nb.length - 1) {
            nb[++nb[0]] = to;
            nd[nb[0]] = dist;
            return;
        }
        int worst = -1;
        double worstDist = dist;
        for (int i = 1; i <= count; i++) {
            if (nd[i] > worstDist) {
                worstDist = nd[i];
                worst = i;
            }
        }
        if (worst > 0) {
            nb[worst] = to;
            nd[worst] = dist;
        }
    }

    /**
     * The heuristic of the HNSW paper over candidates sorted nearest first: prefer candidates closer
     * to the new node than to an already kept neighbour, then fill up with the skipped ones. The
     * chosen ones are moved to the front of the arrays; returns how many.
     */
    private int selectNeighbours(int[] fn, double[] fd, int n, int count) {
        if (n <= count) {
            return n;
        }
        int[] keptN = new int[count];
        double[] keptD = new double[count];
        int[] skipN = new int[n];
        double[] skipD = new double[n];
        int kept = 0;
        int skipped = 0;
        for (int i = 0; i < n && kept < count; i++) {
            int cv = fn[i];
            boolean good = true;
            for (int j = 0; j < kept; j++) {
                if (vecs.distance(metric, cv, keptN[j]) < fd[i]) {
                    good = false;
                    break;
                }
            }
            if (good) {
                keptN[kept] = fn[i];
                keptD[kept++] = fd[i];
            } else {
                skipN[skipped] = fn[i];
                skipD[skipped++] = fd[i];
            }
        }
        for (int i = 0; i < skipped && kept < count; i++) {
            keptN[kept] = skipN[i];
            keptD[kept++] = skipD[i];
        }
        System.arraycopy(keptN, 0, fn, 0, kept);
        System.arraycopy(keptD, 0, fd, 0, kept);
        return kept;
    }

    // ------------------------------------------------------------------ search

    /** A binary heap of (node, distance); a min-heap or a max-heap. */
    private static final class Heap {
        private final boolean max;
        int[] node;
        double[] dist;
        int size;

        Heap(boolean max, int capacity) {
            this.max = max;
            this.node = new int[Math.max(4, capacity)];
            this.dist = new double[Math.max(4, capacity)];
        }

        private boolean above(double a, double b) {
            return max ? a > b : a < b;
        }

        void push(int n, double d) {
            if (size == node.length) {
                node = Arrays.copyOf(node, size * 2);
                dist = Arrays.copyOf(dist, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (!above(d, dist[p])) {
                    break;
                }
                node[i] = node[p];
                dist[i] = dist[p];
                i = p;
            }
            node[i] = n;
            dist[i] = d;
        }

        double topDist() {
            return dist[0];
        }

        /** Removes the top and returns its node. */
        int pop() {
            int top = node[0];
            int n = node[--size];
            double d = dist[size];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= size) {
                    break;
                }
                int r = l + 1;
                int c = r < size && above(dist[r], dist[l]) ? r : l;
                if (!above(dist[c], d)) {
                    break;
                }
                node[i] = node[c];
                dist[i] = dist[c];
                i = c;
            }
            node[i] = n;
            dist[i] = d;
            return top;
        }
    }

    /** Per-thread visit marks (queries run concurrently under the index's read lock). */
    private static final class Visits {
        int[] marks = new int[0];
        int mark;

        int next(int n) {
            if (marks.length < n) {
                marks = new int[Math.max(n, marks.length * 2)];
                mark = 0;
            }
            if (++mark == Integer.MAX_VALUE) {
                Arrays.fill(marks, 0);
                mark = 1;
            }
            return mark;
        }
    }

    private static final ThreadLocal<Visits> VISITS = ThreadLocal.withInitial(Visits::new);

    /**
     * The ef closest nodes to {@code q} reachable from {@code start} (at distance {@code d0}) at
     * {@code level}, as a max-heap (farthest on top). When {@code accept} is not null, only
     * accepted nodes are collected (the walk still passes through the others).
     */
    private Heap searchLayer(Object q, int start, double d0, int ef, int level, NodeFilter accept) {
        Visits visits = VISITS.get();
        int mark = visits.next(nodes);
        int[] marks = visits.marks;
        Heap candidates = new Heap(false, ef * 2);
        Heap results = new Heap(true, ef + 1);
        candidates.push(start, d0);
        marks[start] = mark;
        if (accept == null || accept.accept(start)) {
            results.push(start, d0);
        }
        double bound = results.size == 0 ? Double.POSITIVE_INFINITY : d0;
        while (candidates.size > 0) {
            double cd = candidates.topDist();
            if (cd > bound && results.size >= ef) {
                break;
            }
            int c = candidates.pop();
            int[] nb = links[c][level];
            for (int i = 1, cnt = nb[0]; i <= cnt; i++) {
                int e = nb[i];
                if (marks[e] == mark) {
                    continue;
                }
                marks[e] = mark;
                double d = vecs.distance(metric, q, e);
                if (results.size < ef || d < bound) {
                    candidates.push(e, d);
                    if (accept == null || accept.accept(e)) {
                        results.push(e, d);
                        if (results.size > ef) {
                            results.pop();
                        }
                        bound = results.topDist();
                    }
                }
            }
        }
        return results;
    }

    private interface NodeFilter {
        boolean accept(int node);
    }

    private int descend(Object q) {
        int cur = entry;
        double curDist = vecs.distance(metric, q, cur);
        for (int l = maxLevel; l > 0; l--) {
            boolean changed = true;
            while (changed) {
                changed = false;
                int[] nb = links[cur][l];
                for (int i = 1; i <= nb[0]; i++) {
                    double d = vecs.distance(metric, q, nb[i]);
                    if (d < curDist) {
                        curDist = d;
                        cur = nb[i];
                        changed = true;
                    }
                }
            }
        }
        return cur;
    }

    @Override
    public Hits knn(Object query, int k, RoaringBitmap filter, int ef) {
        Object q = metric.prepare(query);
        if (k <= 0 || nodeOf.size() == 0) {
            return new Hits(new int[0], new double[0]);
        }
        int live = nodeOf.size();
        if (filter != null) {
            RoaringBitmap scope = RoaringBitmap.and(ids, filter);
            int n = scope.getCardinality();
            // small filtered sets: compare them all (RediSearch's ad-hoc brute force)
            if (n <= Math.max(1000, k * 10) || n * 20 < live) {
                return bruteForce(q, k, scope);
            }
            int e = Math.max(Math.max(k, ef > 0 ? ef : efRuntime), (int) Math.min(4096L, (long) k * live / n));
            Hits h = graphSearch(q, k, e, node -> filter.contains(docOf[node]));
            return h.size() >= Math.min(k, n) ? h : bruteForce(q, k, scope);
        }
        int e = Math.max(k, ef > 0 ? ef : efRuntime);
        Hits h = graphSearch(q, k, e, null);
        if (h.size() < Math.min(k, live)) {
            return bruteForce(q, k, ids);
        }
        return h;
    }

    private Hits graphSearch(Object q, int k, int ef, NodeFilter extra) {
        int start = descend(q);
        NodeFilter accept = extra == null ? node -> !deleted[node] : node -> !deleted[node] && extra.accept(node);
        Heap res = searchLayer(q, start, vecs.distance(metric, q, start), ef, 0, accept);
        Hits.TopK top = new Hits.TopK(k);
        for (int i = 0; i < res.size; i++) {
            top.offer(docOf[res.node[i]], res.dist[i]);
        }
        return top.sorted();
    }

    private Hits bruteForce(Object q, int k, RoaringBitmap scope) {
        Hits.TopK top = new Hits.TopK(k);
        IntIterator it = scope.getIntIterator();
        while (it.hasNext()) {
            int d = it.next();
            int n = nodeOf.get(d);
            if (n >= 0) {
                top.offer(d, vecs.distance(metric, q, n));
            }
        }
        return top.sorted();
    }

    @Override
    public Hits range(Object query, double radius, RoaringBitmap filter, double epsilon) {
        // exact: range queries visit every candidate (the graph gives no completeness guarantee)
        Object q = metric.prepare(query);
        RoaringBitmap scope = filter == null ? ids : RoaringBitmap.and(ids, filter);
        Hits.TopK all = new Hits.TopK(scope.getCardinality());
        IntIterator it = scope.getIntIterator();
        while (it.hasNext()) {
            int d = it.next();
            int n = nodeOf.get(d);
            if (n >= 0) {
                double dist = vecs.distance(metric, q, n);
                if (dist <= radius) {
                    all.offer(d, dist);
                }
            }
        }
        return all.sorted();
    }
}
