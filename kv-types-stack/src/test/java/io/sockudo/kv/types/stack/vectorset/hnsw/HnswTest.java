package io.sockudo.kv.types.stack.vectorset.hnsw;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph: its invariants after inserts and deletions (links reciprocal, unique, within
 * capacity, everything reachable from the entry point), search quality on a bounded set against
 * the exact scan, deterministic construction (a replica replaying the same inserts builds the
 * same graph; a prepared plan commits to exactly what an insert would), and the quantisers.
 */
class HnswTest {
    static byte[] name(int i) {
        return ("e" + i).getBytes(StandardCharsets.US_ASCII);
    }

    static float[][] clustered(int n, int dim, long seed) {
        Random r = new Random(seed);
        int k = Math.max(1, n / 100);
        float[][] centers = new float[k][dim];
        for (float[] c : centers) {
            for (int j = 0; j < dim; j++) {
                c[j] = r.nextFloat() * 2 - 1;
            }
        }
        float[][] v = new float[n][dim];
        for (int i = 0; i < n; i++) {
            float[] c = centers[r.nextInt(k)];
            for (int j = 0; j < dim; j++) {
                v[i][j] = c[j] + (float) r.nextGaussian() * 0.05f;
            }
        }
        return v;
    }

    static Hnsw build(float[][] data, int quant) {
        Hnsw g = new Hnsw(data[0].length, quant, Hnsw.DEFAULT_M);
        for (int i = 0; i < data.length; i++) {
            byte[] nm = name(i);
            g.insert(Query.of(quant, g.dim, data[i]), Levels.of(nm), Hnsw.EF_CONSTRUCTION, nm, null);
        }
        return g;
    }

    /** Every link has its reverse, no duplicates or self links, rows within capacity, all reachable. */
    static void checkInvariants(Hnsw g) {
        NodeStore s = g.store;
        Set<Integer> live = new HashSet<>();
        for (int i = 0; i < g.size(); i++) {
            live.add(g.liveSlot(i));
        }
        assertEquals(g.size(), live.size());
        for (int x : live) {
            for (int l = 0; l <= s.level(x); l++) {
                int n = s.linkCount(x, l);
                assertTrue(n <= s.linkCap(l), "row over capacity");
                Set<Integer> seen = new HashSet<>();
                for (int j = 0; j < n; j++) {
                    int t = s.link(x, l, j);
                    assertTrue(live.contains(t), "link to a deleted node");
                    assertTrue(t != x, "self link");
                    assertTrue(seen.add(t), "duplicate link");
                    assertTrue(s.level(t) >= l, "link to a node without that layer");
                    assertTrue(s.hasLink(t, l, x), "link without its reverse");
                }
            }
        }
        if (g.size() == 0) {
            assertEquals(-1, g.entry());
            return;
        }
        assertEquals(s.level(g.entry()), g.maxLevel());
        for (int x : live) {
            assertTrue(s.level(x) <= g.maxLevel());
        }
        // reachability at layer 0 from the entry point
        Set<Integer> reached = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(g.entry()));
        reached.add(g.entry());
        while (!todo.isEmpty()) {
            int x = todo.poll();
            for (int j = 0; j < s.linkCount(x, 0); j++) {
                int t = s.link(x, 0, j);
                if (reached.add(t)) {
                    todo.add(t);
                }
            }
        }
        assertTrue(reached.size() >= live.size() * 0.999, "reachable " + reached.size() + " of " + live.size());
    }

    static double recall(Hnsw g, float[][] queries, int ef) {
        int[] a = new int[Math.max(ef, 10)];
        float[] ad = new float[a.length];
        int[] b = new int[10];
        float[] bd = new float[10];
        double sum = 0;
        for (float[] q : queries) {
            Query qq = Query.of(g.quant, g.dim, q);
            int found = g.search(qq, ef, null, 0, a, ad);
            int truth = g.exact(qq, 10, null, b, bd);
            Set<Integer> t = new HashSet<>();
            for (int i = 0; i < truth; i++) {
                t.add(b[i]);
            }
            int hit = 0;
            for (int i = 0; i < Math.min(10, found); i++) {
                if (t.contains(a[i])) {
                    hit++;
                }
            }
            sum += hit / (double) truth;
        }
        return sum / queries.length;
    }

    // ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {Quant.NONE, Quant.Q8, Quant.BIN})
    void invariantsThroughInsertsAndDeletes(int quant) {
        float[][] data = clustered(3000, 24, 1);
        Hnsw g = build(data, quant);
        checkInvariants(g);
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            slots.add(g.liveSlot(i));
        }
        Collections.shuffle(slots, new Random(3));
        for (int i = 0; i < 1500; i++) {
            g.delete(slots.get(i));
            if (i % 500 == 0) {
                checkInvariants(g);
            }
        }
        checkInvariants(g);
        // re-adding reuses the freed slots
        for (int i = 0; i < 1000; i++) {
            byte[] nm = ("r" + i).getBytes(StandardCharsets.US_ASCII);
            g.insert(Query.of(quant, g.dim, data[i]), Levels.of(nm), 200, nm, null);
        }
        checkInvariants(g);
        assertEquals(2500, g.size());
        assertTrue(g.store.slotLimit() <= 3000, "freed slots are reused");
        for (int i = 0; i < 2500; i++) {
            g.delete(g.liveSlot(0));
        }
        checkInvariants(g);
    }

    /** Many identical vectors stay connected to the rest of the graph (and to each other). */
    @ParameterizedTest
    @ValueSource(ints = {Quant.NONE, Quant.Q8, Quant.BIN})
    void duplicates(int quant) {
        Random r = new Random(12);
        float[] same = new float[32];
        for (int j = 0; j < 32; j++) {
            same[j] = r.nextFloat() - 0.5f;
        }
        Hnsw g = new Hnsw(32, quant, 16);
        for (int i = 0; i < 3000; i++) {
            float[] v = same;
            if (i % 3 == 0) {
                v = new float[32];
                for (int j = 0; j < 32; j++) {
                    v[j] = r.nextFloat() - 0.5f;
                }
            } else if (i % 3 == 1) {
                v = new float[32]; // zero vectors: at distance 1 from everything
            }
            byte[] nm = name(i);
            g.insert(Query.of(quant, 32, v), Levels.of(nm), 200, nm, null);
        }
        checkInvariants(g);
    }

    /** MEMORY USAGE is constant time: the bytes outside the pages are counted as nodes change. */
    @Test
    void memoryAccountingFollowsChanges() {
        float[][] data = clustered(600, 8, 13);
        Hnsw g = build(data, Quant.Q8);
        Random r = new Random(14);
        for (int i = 0; i < 400; i++) {
            int s = g.liveSlot(r.nextInt(g.size()));
            if (i % 3 == 0) {
                g.setAttr(s, i % 2 == 0 ? null : new byte[r.nextInt(40)]);
            } else {
                g.delete(s);
            }
        }
        long expected = 0;
        for (int i = 0; i < g.size(); i++) {
            int s = g.liveSlot(i);
            expected += 16 + g.store.name(s).length;
            if (g.store.attr(s) != null) {
                expected += 16 + g.store.attr(s).length;
            }
            if (g.store.level(s) > 0) {
                expected += 16 + 4L * g.store.level(s) * (g.m + 1);
            }
        }
        assertEquals(expected, g.store.outsideBytes());
        assertEquals(g.store.recomputeMemory(), g.store.memory(), "running page total");
    }

    /** The page total is kept as pages are added and the first one grows (past one full page). */
    @Test
    void pageAccountingFollowsGrowth() {
        Hnsw g = new Hnsw(4, Quant.NONE, 4);
        Random r = new Random(15);
        for (int i = 0; i < 2500; i++) {
            float[] v = {r.nextFloat(), r.nextFloat(), r.nextFloat(), r.nextFloat()};
            byte[] nm = name(i);
            g.insert(Query.of(Quant.NONE, 4, v), Levels.of(nm), 16, nm, null);
            if (i % 97 == 0 || i == 1023 || i == 1024 || i == 1025) {
                assertEquals(g.store.recomputeMemory(), g.store.memory(), "after " + (i + 1) + " nodes");
            }
        }
        assertEquals(g.store.recomputeMemory(), g.store.memory());
    }

    @Test
    void entryPointDeletion() {
        float[][] data = clustered(500, 8, 2);
        Hnsw g = build(data, Quant.NONE);
        for (int i = 0; i < 450; i++) {
            g.delete(g.entry());
            checkInvariants(g);
        }
    }

    /** Recall@10 on a bounded clustered set, before and after deleting 20% of it. */
    @ParameterizedTest
    @ValueSource(ints = {Quant.NONE, Quant.Q8})
    void recallOnClusteredData(int quant) {
        float[][] data = clustered(5000, 64, 4);
        Hnsw g = build(data, quant);
        float[][] queries = clustered(200, 64, 4);
        double before = recall(g, queries, 100);
        assertTrue(before >= 0.95, "recall " + before);
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            slots.add(g.liveSlot(i));
        }
        Collections.shuffle(slots, new Random(8));
        for (int i = 0; i < 1000; i++) {
            g.delete(slots.get(i));
        }
        double after = recall(g, queries, 100);
        assertTrue(after >= 0.95, "recall after deletions " + after);
    }

    @Test
    void exactScanIsExact() {
        float[][] data = clustered(1000, 16, 5);
        Hnsw g = build(data, Quant.NONE);
        Random r = new Random(6);
        float[] q = new float[16];
        for (int j = 0; j < 16; j++) {
            q[j] = r.nextFloat() - 0.5f;
        }
        Query qq = Query.of(Quant.NONE, 16, q);
        int[] s = new int[20];
        float[] d = new float[20];
        assertEquals(20, g.exact(qq, 20, null, s, d));
        float[] all = new float[g.size()];
        for (int i = 0; i < g.size(); i++) {
            all[i] = g.distance(qq, g.liveSlot(i));
        }
        java.util.Arrays.sort(all);
        for (int i = 0; i < 20; i++) {
            assertEquals(all[i], d[i]);
        }
    }

    /** Filtered search only returns nodes that pass, within its effort bound. */
    @Test
    void filteredSearch() {
        float[][] data = clustered(2000, 16, 7);
        Hnsw g = new Hnsw(16, Quant.Q8, 16);
        for (int i = 0; i < data.length; i++) {
            byte[] nm = name(i);
            byte[] attr = ("{\"i\": " + i + "}").getBytes(StandardCharsets.US_ASCII);
            g.insert(Query.of(Quant.Q8, 16, data[i]), Levels.of(nm), 200, nm, i % 3 == 0 ? attr : null);
        }
        AttrFilter even = json -> json[json.length - 2] % 2 == 0;
        int[] s = new int[100];
        float[] d = new float[100];
        Query q = Query.of(Quant.Q8, 16, data[5]);
        int n = g.search(q, 100, even, 0, s, d);
        assertTrue(n > 50, "found " + n);
        for (int i = 0; i < n; i++) {
            byte[] a = g.store.attr(s[i]);
            assertTrue(a != null && even.accepts(a));
        }
        int bounded = g.search(q, 100, json -> false, 50, s, d);
        assertEquals(0, bounded);
    }

    /**
     * The filter is applied during the walk, not to its results: with matches rare (1 in 250) and
     * scattered over 50 clusters, the ten nearest unfiltered nodes hold almost none of them, yet
     * the filtered search (Redis's walk: non-matching nodes stay candidates, at most COUNT * 100
     * of them expanded) returns most of the ten asked for, mostly the exact filtered ones. And
     * FILTER-EF really bounds the walk: three expanded candidates find far fewer matches.
     */
    @Test
    void filterDuringTheWalkAndItsBound() {
        int n = 5000;
        float[][] data = clustered(n, 16, 21);
        Hnsw g = new Hnsw(16, Quant.NONE, 16);
        byte[] match = "{\"rare\": 1}".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            byte[] nm = name(i);
            g.insert(Query.of(Quant.NONE, 16, data[i]), Levels.of(nm), 200, nm, i % 250 == 7 ? match : null);
        }
        AttrFilter rare = json -> json.length > 0;
        int[] s = new int[10];
        float[] d = new float[10];
        int[] ts = new int[10];
        float[] td = new float[10];
        Random r = new Random(5);
        int postFiltered = 0;
        int found = 0;
        int agreed = 0;
        int bounded = 0;
        int queries = 20;
        for (int k = 0; k < queries; k++) {
            Query q = Query.of(Quant.NONE, 16, data[r.nextInt(n)]);
            // what filtering the plain search's results would give
            int plain = g.search(q, 10, null, 0, s, d);
            for (int i = 0; i < plain; i++) {
                if (g.store.attr(s[i]) != null) {
                    postFiltered++;
                }
            }
            int f = g.search(q, 10, rare, 10 * 100, s, d);
            int t = g.exact(q, 10, rare, ts, td);
            assertEquals(10, t);
            found += f;
            Set<Integer> truth = new HashSet<>();
            for (int i = 0; i < t; i++) {
                truth.add(ts[i]);
            }
            for (int i = 0; i < f; i++) {
                assertTrue(g.store.attr(s[i]) != null, "only matches are returned");
                if (truth.contains(s[i])) {
                    agreed++;
                }
            }
            bounded += g.search(q, 10, rare, 3, s, d);
        }
        String figures = "post-filtered " + postFiltered + ", found " + found + ", agreeing with the exact scan "
                + agreed + ", with FILTER-EF 3 " + bounded;
        assertTrue(postFiltered <= queries, "the unfiltered top ten hold few matches: " + figures);
        assertTrue(found >= 6 * queries && found > 5 * postFiltered, "the filtered walk finds matches: " + figures);
        assertTrue(agreed * 10 >= found * 8, "mostly the exact filtered ones: " + figures);
        assertTrue(bounded < found / 2, "three expanded candidates find fewer: " + bounded);
    }

    /**
     * Two graphs fed the same inserts and deletes are identical (levels come from the names, not
     * a random generator): what a replica replaying VADD/VREM builds.
     */
    @Test
    void deterministicConstruction() {
        float[][] data = clustered(1500, 12, 9);
        Hnsw a = build(data, Quant.Q8);
        Hnsw b = build(data, Quant.Q8);
        for (int i = 0; i < 300; i++) {
            a.delete(a.liveSlot(i * 3 % a.size()));
            b.delete(b.liveSlot(i * 3 % b.size()));
        }
        assertEquals(a.size(), b.size());
        assertEquals(a.entry(), b.entry());
        for (int i = 0; i < a.size(); i++) {
            int s = a.liveSlot(i);
            assertEquals(s, b.liveSlot(i));
            assertArrayEquals(a.params(s), b.params(s));
        }
    }

    /** Committing a plan made on an unchanged graph gives exactly the graph an insert gives. */
    @Test
    void planCommitEqualsInsert() {
        float[][] data = clustered(800, 12, 10);
        Hnsw a = build(data, Quant.NONE);
        Hnsw b = build(data, Quant.NONE);
        float[] v = data[17].clone();
        v[0] += 0.01f;
        byte[] nm = "new".getBytes(StandardCharsets.US_ASCII);
        Hnsw.Plan plan = a.prepare(Query.of(Quant.NONE, 12, v), Levels.of(nm), 200);
        assertTrue(a.planCurrent(plan));
        int sa = a.commit(plan, nm, null);
        int sb = b.insert(Query.of(Quant.NONE, 12, v), Levels.of(nm), 200, nm, null);
        assertEquals(sa, sb);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.params(a.liveSlot(i)), b.params(b.liveSlot(i)));
        }
        // a deletion invalidates a plan; an insert alone does not
        Hnsw.Plan p2 = a.prepare(Query.of(Quant.NONE, 12, data[3]), 0, 200);
        byte[] other = "other".getBytes(StandardCharsets.US_ASCII);
        a.insert(Query.of(Quant.NONE, 12, data[4]), 0, 200, other, null);
        assertTrue(a.planValid(p2));
        assertFalse(a.planCurrent(p2));
        a.delete(a.liveSlot(0));
        assertFalse(a.planValid(p2));
    }

    @Test
    void levelsAreGeometric() {
        int[] hist = new int[Hnsw.MAX_LEVEL + 1];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            hist[Levels.of(name(i))]++;
        }
        // P(level >= k) = 4^-k
        assertEquals(0.75, hist[0] / (double) n, 0.01);
        assertEquals(0.1875, hist[1] / (double) n, 0.01);
        assertEquals(0.046875, hist[2] / (double) n, 0.005);
    }

    @Test
    void quantisers() {
        float[] v = {3f, -4f, 0f, 0.5f};
        float l2 = VectorMath.normalize(v, 0, 4);
        assertEquals((float) Math.sqrt(25.25), l2);
        byte[] q = new byte[4];
        float range = VectorMath.quantizeQ8(v, 0, q, 0, 4);
        assertEquals(v[1] < 0 ? -v[1] : v[1], range);
        assertEquals(-127, q[1]);
        assertEquals(0, q[2]);
        long[] bits = new long[1];
        VectorMath.quantizeBin(v, 0, bits, 0, 4);
        assertEquals(0b1001L, bits[0]);
        assertEquals(-1, VectorMath.roundHalfAway(-0.5f));
        assertEquals(1, VectorMath.roundHalfAway(0.5f));
        assertEquals(0, VectorMath.roundHalfAway(0.49999997f));
        float[] zero = new float[3];
        assertEquals(1f, VectorMath.normalize(zero, 0, 3), "a zero vector keeps l2 = 1");
        assertEquals(1f, Dist.q8(new byte[3], 0, new byte[3], 0, 3, 0f, 0f), "zero vectors are at distance 1");
    }
}
