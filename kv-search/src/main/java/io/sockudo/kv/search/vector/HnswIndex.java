package io.sockudo.kv.search.vector;

import io.sockudo.kv.search.schema.VectorParams;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.PriorityQueue;
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

    private Object[] vecs = new Object[16];
    private int[] docOf = new int[16];
    private int[] levelOf = new int[16];
    /** links[node][level] = neighbour nodes; the first element of each array is its length. */
    private int[][][] links = new int[16][][];
    private boolean[] deleted = new boolean[16];
    private int nodes;
    private int deletedCount;
    private int entry = -1;
    private int maxLevel = -1;
    private final HashMap<Integer, Integer> nodeOf = new HashMap<>();
    private final RoaringBitmap ids = new RoaringBitmap();
    private int[] visited = new int[16];
    private int visitMark;
    private long bytes;

    HnswIndex(VectorParams p, Metric metric) {
        this.metric = metric;
        this.m = Math.max(2, p.m());
        this.mMax0 = 2 * this.m;
        this.efConstruction = Math.max(this.m, p.efConstruction());
        this.efRuntime = p.efRuntime();
        this.levelMult = 1 / Math.log(this.m);
    }

    @Override
    public int size() {
        return nodeOf.size();
    }

    @Override
    public void clear() {
        vecs = new Object[16];
        docOf = new int[16];
        levelOf = new int[16];
        links = new int[16][][];
        deleted = new boolean[16];
        nodes = 0;
        deletedCount = 0;
        entry = -1;
        maxLevel = -1;
        nodeOf.clear();
        ids.clear();
        visited = new int[16];
        bytes = 0;
    }

    @Override
    public Object vector(int doc) {
        Integer n = nodeOf.get(doc);
        return n == null ? null : vecs[n];
    }

    @Override
    public long memory() {
        return bytes;
    }

    // ------------------------------------------------------------------ updates

    @Override
    public void remove(int doc) {
        Integer n = nodeOf.remove(doc);
        if (n == null) {
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
                liveVecs[i] = vecs[n];
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
        vecs[node] = v;
        docOf[node] = doc;
        levelOf[node] = level;
        deleted[node] = false;
        links[node] = new int[level + 1][];
        for (int l = 0; l <= level; l++) {
            links[node][l] = new int[1 + (l == 0 ? mMax0 : m) + 1];
        }
        nodeOf.put(doc, node);
        ids.add(doc);
        bytes += (v instanceof float[] f ? 4L * f.length : 8L * ((double[]) v).length) + 8L * (mMax0 + m * level) + 64;
        if (entry < 0) {
            entry = node;
            maxLevel = level;
            return;
        }
        int cur = entry;
        double curDist = metric.distance(v, vecs[cur]);
        for (int l = maxLevel; l > level; l--) {
            boolean changed = true;
            while (changed) {
                changed = false;
                int[] nb = links[cur][l];
                for (int i = 1; i <= nb[0]; i++) {
                    int c = nb[i];
                    double d = metric.distance(v, vecs[c]);
                    if (d < curDist) {
                        curDist = d;
                        cur = c;
                        changed = true;
                    }
                }
            }
        }
        for (int l = Math.min(level, maxLevel); l >= 0; l--) {
            PriorityQueue<Cand> found = searchLayer(v, cur, efConstruction, l, null);
            int[] chosen = selectNeighbours(v, found, l == 0 ? mMax0 : m);
            for (int c : chosen) {
                connect(node, c, l);
                connect(c, node, l);
            }
            if (!found.isEmpty()) {
                Cand best = null;
                for (Cand c : found) {
                    if (best == null || c.dist < best.dist) {
                        best = c;
                    }
                }
                cur = best.node;
            }
        }
        if (level > maxLevel) {
            maxLevel = level;
            entry = node;
        }
    }

    private void grow(int n) {
        if (n <= vecs.length) {
            return;
        }
        int cap = Math.max(n, vecs.length * 2);
        vecs = Arrays.copyOf(vecs, cap);
        docOf = Arrays.copyOf(docOf, cap);
        levelOf = Arrays.copyOf(levelOf, cap);
        links = Arrays.copyOf(links, cap);
        deleted = Arrays.copyOf(deleted, cap);
        visited = Arrays.copyOf(visited, cap);
    }

    /** Adds {@code to} to {@code from}'s neighbours at {@code level}, pruning to the closest when full. */
    private void connect(int from, int to, int level) {
        int[] nb = links[from][level];
        int cap = level == 0 ? mMax0 : m;
        for (int i = 1; i <= nb[0]; i++) {
            if (nb[i] == to) {
                return;
            }
        }
        if (nb[0] < cap) {
            nb[++nb[0]] = to;
            return;
        }
        // full: keep the cap closest of the current neighbours and the new one
        Object base = vecs[from];
        int worst = -1;
        double worstDist = metric.distance(base, vecs[to]);
        for (int i = 1; i <= nb[0]; i++) {
            double d = metric.distance(base, vecs[nb[i]]);
            if (d > worstDist) {
                worstDist = d;
                worst = i;
            }
        }
        if (worst > 0) {
            nb[worst] = to;
        }
    }

    /** The heuristic of the HNSW paper: prefer candidates closer to the node than to a kept neighbour. */
    private int[] selectNeighbours(Object v, PriorityQueue<Cand> found, int count) {
        Cand[] cs = found.toArray(new Cand[0]);
        Arrays.sort(cs, (a, b) -> Double.compare(a.dist, b.dist));
        int[] out = new int[Math.min(count, cs.length)];
        int n = 0;
        boolean[] skipped = new boolean[cs.length];
        for (int i = 0; i < cs.length && n < out.length; i++) {
            boolean good = true;
            for (int j = 0; j < n; j++) {
                if (metric.distance(vecs[cs[i].node], vecs[out[j]]) < cs[i].dist) {
                    good = false;
                    break;
                }
            }
            if (good) {
                out[n++] = cs[i].node;
            } else {
                skipped[i] = true;
            }
        }
        for (int i = 0; i < cs.length && n < out.length; i++) {
            if (skipped[i]) {
                out[n++] = cs[i].node;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    // ------------------------------------------------------------------ search

    private record Cand(int node, double dist) {
    }

    /**
     * The ef closest nodes to {@code q} reachable from {@code start} at {@code level}, as a max-heap
     * (farthest first). When {@code accept} is not null, only accepted nodes are collected (the
     * walk still passes through the others).
     */
    private PriorityQueue<Cand> searchLayer(Object q, int start, int ef, int level, NodeFilter accept) {
        if (++visitMark == Integer.MAX_VALUE) {
            Arrays.fill(visited, 0);
            visitMark = 1;
        }
        PriorityQueue<Cand> candidates = new PriorityQueue<>((a, b) -> Double.compare(a.dist, b.dist));
        PriorityQueue<Cand> results = new PriorityQueue<>((a, b) -> Double.compare(b.dist, a.dist));
        double d0 = metric.distance(q, vecs[start]);
        Cand s = new Cand(start, d0);
        candidates.add(s);
        visited[start] = visitMark;
        if (accept == null || accept.accept(start)) {
            results.add(s);
        }
        double bound = results.isEmpty() ? Double.POSITIVE_INFINITY : d0;
        while (!candidates.isEmpty()) {
            Cand c = candidates.poll();
            if (c.dist > bound && results.size() >= ef) {
                break;
            }
            int[] nb = links[c.node][level];
            for (int i = 1; i <= nb[0]; i++) {
                int e = nb[i];
                if (visited[e] == visitMark) {
                    continue;
                }
                visited[e] = visitMark;
                double d = metric.distance(q, vecs[e]);
                if (results.size() < ef || d < bound) {
                    candidates.add(new Cand(e, d));
                    if (accept == null || accept.accept(e)) {
                        results.add(new Cand(e, d));
                        if (results.size() > ef) {
                            results.poll();
                        }
                        bound = results.peek().dist;
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
        double curDist = metric.distance(q, vecs[cur]);
        for (int l = maxLevel; l > 0; l--) {
            boolean changed = true;
            while (changed) {
                changed = false;
                int[] nb = links[cur][l];
                for (int i = 1; i <= nb[0]; i++) {
                    double d = metric.distance(q, vecs[nb[i]]);
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
        if (k <= 0 || nodeOf.isEmpty()) {
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
        PriorityQueue<Cand> res = searchLayer(q, start, ef, 0, accept);
        Hits.TopK top = new Hits.TopK(k);
        for (Cand c : res) {
            top.offer(docOf[c.node], c.dist);
        }
        return top.sorted();
    }

    private Hits bruteForce(Object q, int k, RoaringBitmap scope) {
        Hits.TopK top = new Hits.TopK(k);
        IntIterator it = scope.getIntIterator();
        while (it.hasNext()) {
            int d = it.next();
            Integer n = nodeOf.get(d);
            if (n != null) {
                top.offer(d, metric.distance(q, vecs[n]));
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
            Integer n = nodeOf.get(d);
            if (n != null) {
                double dist = metric.distance(q, vecs[n]);
                if (dist <= radius) {
                    all.offer(d, dist);
                }
            }
        }
        return all.sorted();
    }
}
