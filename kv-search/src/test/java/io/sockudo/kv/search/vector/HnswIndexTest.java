package io.sockudo.kv.search.vector;

import io.sockudo.kv.search.schema.VectorParams;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HNSW against exact (FLAT) search: recall, deletes, filters and concurrent readers. */
class HnswIndexTest {
    private static final int DIM = 16;

    private static VectorIndex index(String algo, String metric) {
        return VectorIndex.create(new VectorParams(algo, "FLOAT32", DIM, metric, 0, 0, 16, 100, 10, 0.01));
    }

    private static float[] random(Random r) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static double recall(VectorIndex hnsw, VectorIndex flat, List<float[]> queries, int k, int ef,
                                 RoaringBitmap filter) {
        int hit = 0;
        int total = 0;
        for (float[] q : queries) {
            Hits exact = flat.knn(q, k, filter, 0);
            Hits approx = hnsw.knn(q, k, filter, ef);
            assertEquals(exact.size(), approx.size());
            Set<Integer> want = new HashSet<>();
            for (int d : exact.docs) {
                want.add(d);
            }
            for (int i = 0; i < approx.size(); i++) {
                if (want.contains(approx.docs[i])) {
                    hit++;
                }
                if (i > 0) {
                    assertTrue(approx.distances[i - 1] <= approx.distances[i], "sorted nearest first");
                }
            }
            total += exact.size();
        }
        return hit / (double) total;
    }

    @Test
    void recallAgainstExactSearch() {
        for (String metric : new String[]{"L2", "COSINE", "IP"}) {
            Random r = new Random(7);
            VectorIndex hnsw = index("HNSW", metric);
            VectorIndex flat = index("FLAT", metric);
            for (int d = 0; d < 1500; d++) {
                float[] v = random(r);
                hnsw.add(d, v);
                flat.add(d, v);
            }
            List<float[]> queries = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                queries.add(random(r));
            }
            double recall = recall(hnsw, flat, queries, 10, 100, null);
            assertTrue(recall >= 0.95, metric + " recall@10 with EF_RUNTIME 100: " + recall);

            // delete two thirds (forces a rebuild), then replace some vectors
            for (int d = 0; d < 1500; d++) {
                if (d % 3 != 0) {
                    hnsw.remove(d);
                    flat.remove(d);
                }
            }
            for (int d = 0; d < 1500; d += 9) {
                float[] v = random(r);
                hnsw.add(d, v);
                flat.add(d, v);
            }
            assertEquals(flat.size(), hnsw.size());
            recall = recall(hnsw, flat, queries, 10, 100, null);
            assertTrue(recall >= 0.95, metric + " recall after deletes: " + recall);

            // filters: a small set goes brute force (exact); a large one searches the graph
            RoaringBitmap small = new RoaringBitmap();
            RoaringBitmap large = new RoaringBitmap();
            for (int d = 0; d < 1500; d += 3) {
                large.add(d);
                if (d % 27 == 0) {
                    small.add(d);
                }
            }
            assertEquals(1.0, recall(hnsw, flat, queries, 10, 0, small));
            assertTrue(recall(hnsw, flat, queries, 10, 100, large) >= 0.95);
        }
    }

    @Test
    void concurrentQueriesAgree() throws Exception {
        Random r = new Random(3);
        VectorIndex hnsw = index("HNSW", "L2");
        for (int d = 0; d < 1500; d++) {
            hnsw.add(d, random(r));
        }
        List<float[]> queries = new ArrayList<>();
        List<Hits> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            float[] q = random(r);
            queries.add(q);
            expected.add(hnsw.knn(q, 10, null, 50));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> {
                    for (int round = 0; round < 10; round++) {
                        for (int i = 0; i < queries.size(); i++) {
                            Hits h = hnsw.knn(queries.get(i), 10, null, 50);
                            assertArrayEquals(expected.get(i).docs, h.docs);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
