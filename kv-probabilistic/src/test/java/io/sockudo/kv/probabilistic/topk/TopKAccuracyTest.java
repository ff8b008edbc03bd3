package io.sockudo.kv.probabilistic.topk;

import io.sockudo.kv.probabilistic.common.RecordingIO;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Top-K acceptance on Zipf streams (fixed seeds, so deterministic): with TOPK.RESERVE's documented
 * dimensions the sketch must recall at least 90 % of the true k heaviest items (HeavyKeeper's
 * published precision on skewed streams is above 95 %), for three skews and seeds. Replays of the
 * same stream give identical sketches (the decay generator lives in the value).
 */
class TopKAccuracyTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static double recall(double skew, int seed) {
        int k = 20;
        HeavyKeeper t = new HeavyKeeper(k, 2000, 7, 0.925);
        int distinct = 20_000;
        ZipfDistribution zipf = new ZipfDistribution(new Well19937c(seed), distinct, skew);
        long[] truth = new long[distinct + 1];
        for (int i = 0; i < 200_000; i++) {
            int item = zipf.sample();
            truth[item]++;
            t.add(b("item:" + item), 1);
        }
        Integer[] ids = new Integer[distinct];
        for (int i = 0; i < distinct; i++) {
            ids[i] = i + 1;
        }
        Arrays.sort(ids, (x, y) -> Long.compare(truth[y], truth[x]));
        Set<String> reported = new HashSet<>();
        for (byte[] item : t.heapItem) {
            if (item != null) {
                reported.add(new String(item, StandardCharsets.US_ASCII));
            }
        }
        int hits = 0;
        for (int i = 0; i < k; i++) {
            if (reported.contains("item:" + ids[i])) {
                hits++;
            }
        }
        return hits / (double) k;
    }

    @Test
    void recallsTheTrueHeavyHitters() {
        double[][] cases = {{1.0, 1}, {1.2, 2}, {1.5, 3}};
        for (double[] c : cases) {
            double r = recall(c[0], (int) c[1]);
            assertTrue(r >= 0.9, "skew " + c[0] + ": recall " + r);
        }
    }

    @Test
    void deterministicReplay() {
        HeavyKeeper a = new HeavyKeeper(5, 50, 4, 0.9);
        HeavyKeeper b = new HeavyKeeper(5, 50, 4, 0.9);
        for (int i = 0; i < 5000; i++) {
            byte[] item = b("i" + (i * 7919 % 97));
            assertArrayEquals(a.add(item, 1 + i % 3), b.add(item, 1 + i % 3));
        }
        assertArrayEquals(a.buckets, b.buckets);
        assertArrayEquals(a.heapCount, b.heapCount);
    }

    @Test
    void expelsTheLightestItem() {
        HeavyKeeper t = new HeavyKeeper(1, 8, 7, 0.9);
        assertNull(t.add(b("a"), 1));
        assertArrayEquals(b("a"), t.add(b("b"), 5));
        assertTrue(t.query(b("b")));
        assertEquals(5, t.count(b("b")));
    }

    @Test
    void codecRoundTripKeepsTheGenerator() throws IOException {
        HeavyKeeper t = new HeavyKeeper(3, 20, 3, 0.9);
        for (int i = 0; i < 500; i++) {
            t.add(b("x" + (i % 11)), 1);
        }
        RecordingIO io = new RecordingIO();
        TopKType.INSTANCE.save(t, io.out);
        assertEquals("UUUDBB" + "B".repeat(3), io.kinds());
        HeavyKeeper back = (HeavyKeeper) TopKType.INSTANCE.load(io.in(), 0);
        assertArrayEquals(t.buckets, back.buckets);
        assertArrayEquals(t.heapCount, back.heapCount);
        assertEquals(t.rng, back.rng);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(t.heapItem[i], back.heapItem[i]);
        }
        for (int i = 0; i < 200; i++) {
            assertArrayEquals(t.add(b("y" + i % 13), 2), back.add(b("y" + i % 13), 2));
        }
    }
}
