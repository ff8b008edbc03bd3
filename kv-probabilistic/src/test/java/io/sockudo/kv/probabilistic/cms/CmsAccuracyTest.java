package io.sockudo.kv.probabilistic.cms;

import io.sockudo.kv.probabilistic.common.RecordingIO;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statistical acceptance of the Count-Min sketch made by CMS.INITBYPROB ε δ: an estimate never
 * undercounts, and it exceeds the true count by more than ε·N with probability at most δ. Over the
 * distinct items of a Zipf stream (fixed seed), the number of items beyond ε·N must stay below the
 * 1 - 1e-6 quantile of Binomial(items, δ).
 */
class CmsAccuracyTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void overestimateWithinEpsilonNWithProbabilityOneMinusDelta() {
        double epsilon = 0.001;
        double delta = 0.01;
        long[] dim = CountMinSketch.dimFromProb(epsilon, delta);
        assertEquals(2000, dim[0]);
        assertEquals(7, dim[1]);
        CountMinSketch c = new CountMinSketch((int) dim[0], (int) dim[1]);
        int distinct = 50_000;
        ZipfDistribution zipf = new ZipfDistribution(new Well19937c(17), distinct, 1.1);
        long[] truth = new long[distinct + 1];
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            int item = zipf.sample();
            truth[item]++;
            c.incrBy(b("item:" + item), 1);
        }
        assertEquals(n, c.counter);
        int beyond = 0;
        for (int item = 1; item <= distinct; item++) {
            long est = c.query(b("item:" + item));
            assertTrue(est >= truth[item], "never undercounts");
            if (est - truth[item] > epsilon * n) {
                beyond++;
            }
        }
        int bound = new BinomialDistribution(distinct, delta).inverseCumulativeProbability(1 - 1e-6);
        assertTrue(beyond <= bound, beyond + " items beyond ε·N > " + bound);
    }

    @Test
    void mergeWithWeightsAndOverflow() {
        CountMinSketch a = new CountMinSketch(10, 3);
        CountMinSketch b = new CountMinSketch(10, 3);
        a.incrBy(b("x"), 2);
        b.incrBy(b("x"), 5);
        CountMinSketch dest = new CountMinSketch(10, 3);
        assertTrue(dest.merge(new CountMinSketch[] {a, b}, new long[] {3, 1}));
        assertEquals(11, dest.query(b("x")));
        assertEquals(11, dest.counter);
        CountMinSketch big = new CountMinSketch(10, 3);
        big.incrBy(b("y"), 0xffffffffL);
        assertEquals(-1, big.incrBy(b("y"), 1), "a counter beyond 2^32-1 is refused");
        assertEquals(0xffffffffL, big.query(b("y")));
        assertTrue(!dest.merge(new CountMinSketch[] {big}, new long[] {2}));
        assertEquals(11, dest.query(b("x")), "a failed merge changes nothing");
    }

    @Test
    void codecRoundTrip() throws IOException {
        CountMinSketch c = new CountMinSketch(50, 4);
        c.incrBy(b("a"), 7);
        RecordingIO io = new RecordingIO();
        CmsType.INSTANCE.save(c, io.out);
        assertEquals("UUUB", io.kinds());
        CountMinSketch back = (CountMinSketch) CmsType.INSTANCE.load(io.in(), 0);
        assertArrayEquals(c.array, back.array);
        assertEquals(7, back.query(b("a")));
        assertEquals(7, back.counter);
    }
}
