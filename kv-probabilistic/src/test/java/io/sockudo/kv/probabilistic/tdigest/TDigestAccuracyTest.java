package io.sockudo.kv.probabilistic.tdigest;

import io.sockudo.kv.probabilistic.common.RecordingIO;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * t-digest acceptance at the tails: for 100 000 samples (fixed seeds) of a uniform, a normal and an
 * exponential distribution, the digest's quantile estimates at q = 0.001, 0.01, 0.99 and 0.999
 * (default compression 100) must have a rank error below {@code max(2/N, 0.5·q(1-q))}, i.e. the
 * relative-at-the-tails accuracy the merging digest is built for, against the exact quantiles of
 * the sorted samples.
 */
class TDigestAccuracyTest {
    static final double[] TAILS = {0.001, 0.01, 0.99, 0.999};

    private static void checkTails(RealDistribution dist) {
        int n = 100_000;
        TDigest t = new TDigest(100);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = dist.sample();
            assertEquals(TDigest.OK, t.add(xs[i], 1));
        }
        Arrays.sort(xs);
        for (double q : TAILS) {
            double est = t.quantile(q);
            // rank of the estimate among the samples
            int lo = lowerBound(xs, est);
            double rankError = Math.abs(lo / (double) n - q);
            double bound = Math.max(2.0 / n, 0.5 * q * (1 - q));
            assertTrue(rankError <= bound, dist.getClass().getSimpleName() + " q=" + q + ": rank error " + rankError + " > " + bound);
        }
        assertEquals(xs[0], t.quantile(0));
        assertEquals(xs[n - 1], t.quantile(1));
    }

    private static int lowerBound(double[] xs, double v) {
        int lo = 0;
        int hi = xs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Test
    void tailQuantilesAreAccurate() {
        checkTails(new UniformRealDistribution(new Well19937c(1), 0, 1000));
        checkTails(new NormalDistribution(new Well19937c(2), 50, 10, 1e-9));
        checkTails(new ExponentialDistribution(new Well19937c(3), 3));
    }

    @Test
    void mergeKeepsTheDistribution() {
        TDigest a = new TDigest(100);
        TDigest b = new TDigest(100);
        for (int i = 1; i <= 5000; i++) {
            a.add(i, 1);
            b.add(i + 5000, 1);
        }
        TDigest m = new TDigest(100);
        m.merge(a);
        m.merge(b);
        assertEquals(10_000, m.size());
        assertEquals(5000, m.quantile(0.5), 50);
        assertEquals(0.5, m.cdf(5000), 0.01);
        assertEquals(1, m.min);
        assertEquals(10_000, m.max);
    }

    @Test
    void codecRoundTrip() throws IOException {
        TDigest t = new TDigest(50);
        for (int i = 0; i < 2000; i++) {
            t.add(i % 97, 1);
        }
        RecordingIO io = new RecordingIO();
        TDigestType.INSTANCE.save(t, io.out);
        int nodes = t.mergedNodes;
        assertEquals("DDD" + "SSSS" + "DD" + "D".repeat(2 * nodes), io.kinds());
        TDigest back = (TDigest) TDigestType.INSTANCE.load(io.in(), 0);
        assertEquals(t.size(), back.size());
        assertEquals(t.quantile(0.3), back.quantile(0.3));
        assertEquals(t.totalCompressions, back.totalCompressions);
    }
}
