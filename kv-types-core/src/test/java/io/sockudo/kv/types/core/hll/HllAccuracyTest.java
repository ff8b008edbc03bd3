package io.sockudo.kv.types.core.hll;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The estimator's error is what Redis documents: a standard error of 1.04/sqrt(16384) = 0.81%.
 * Over many independent random sets the relative errors must look like draws from a distribution
 * with mean ~0 (t-test) and that standard deviation (chi-squared test on the variance). The seed is
 * fixed, so the run is deterministic; the significance level only says how unusual a failure is.
 */
class HllAccuracyTest {
    private static final double STD_ERROR = 1.04 / Math.sqrt(Hll.REGISTERS);
    private static final double ALPHA = 0.001;

    private static double relativeError(SplittableRandom r, int n) {
        byte[] dense = Hll.sparseToDense(Hll.create(), Hll.HDR + 2);
        byte[] ele = new byte[16];
        for (int i = 0; i < n; i++) {
            long a = r.nextLong();
            long b = r.nextLong();
            for (int k = 0; k < 8; k++) {
                ele[k] = (byte) (a >>> (8 * k));
                ele[8 + k] = (byte) (b >>> (8 * k));
            }
            long rc = Hll.registerAndCount(ele, 0, ele.length);
            Hll.denseSet(dense, (int) rc, (int) (rc >>> 32));
        }
        return (Hll.estimate(Hll.histogram(dense, dense.length)) - n) / (double) n;
    }

    /**
     * @param twoSided true where the asymptotic error applies (n much larger than the register
     *                 count); below that the estimator does better than 1.04/sqrt(m), so only a
     *                 larger spread than documented fails
     */
    private static void check(int cardinality, int sets, long seed, boolean twoSided) {
        SplittableRandom r = new SplittableRandom(seed);
        SummaryStatistics stats = new SummaryStatistics();
        for (int s = 0; s < sets; s++) {
            stats.addValue(relativeError(r, cardinality));
        }
        // mean: not significantly different from zero
        double p = new TTest().tTest(0.0, stats);
        assertTrue(p > ALPHA, "mean relative error " + stats.getMean() + " is biased (p=" + p + ") at n=" + cardinality);
        // spread: (k-1) s^2 / sigma^2 follows chi-squared with k-1 degrees of freedom
        double statistic = (sets - 1) * stats.getVariance() / (STD_ERROR * STD_ERROR);
        ChiSquaredDistribution chi = new ChiSquaredDistribution(sets - 1);
        double cdf = chi.cumulativeProbability(statistic);
        double pSpread = twoSided ? 2 * Math.min(cdf, 1 - cdf) : 1 - cdf;
        assertTrue(pSpread > ALPHA, "standard deviation " + stats.getStandardDeviation() + " vs documented "
                + STD_ERROR + " (p=" + pSpread + ") at n=" + cardinality);
    }

    @Test
    void errorMatchesDocumentedStandardError() {
        check(20_000, 100, 42, false);
        check(200_000, 100, 43, true);
    }

    @Test
    void smallCardinalitiesAreNearlyExact() {
        SplittableRandom r = new SplittableRandom(44);
        for (int n = 1; n <= 200; n += 7) {
            double err = relativeError(r, n);
            assertTrue(Math.abs(err) * n <= Math.max(1, 0.02 * n), "n=" + n + " error " + err);
        }
    }
}
