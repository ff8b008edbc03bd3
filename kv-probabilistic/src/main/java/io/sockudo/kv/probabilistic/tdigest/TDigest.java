package io.sockudo.kv.probabilistic.tdigest;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

/**
 * A merging t-digest (RedisBloom's t-digest-c, type {@code TDIS-TYPE}): up to
 * {@code cap = 6 * compression + 10} centroids, the merged ones sorted at the front, new samples
 * buffered behind them; a compression sorts everything and merges neighbours while the merged
 * centroid's weight stays within {@code q(1-q)} times the normalizer
 * {@code compression / (2π·N·ln N)} on both sides (the k1-style size bound t-digest-c uses).
 * Quantile, CDF and trimmed-mean follow t-digest-c's interpolation, with its special cases for
 * singleton centroids and the samples known to sit at min and max.
 */
public final class TDigest implements KvValue {
    static final int OK = 0;
    static final int OVERFLOW = 1;

    final double compression;
    final int cap;
    double min;
    double max;
    int mergedNodes;
    int unmergedNodes;
    long totalCompressions;
    long mergedWeight;
    long unmergedWeight;
    final double[] means;
    final long[] weights;

    TDigest(double compression) {
        this.compression = compression;
        this.cap = capacity(compression);
        this.means = new double[cap];
        this.weights = new long[cap];
        reset();
    }

    static int capacity(double compression) {
        return (int) (6 * (long) compression + 10);
    }

    void reset() {
        min = Double.MAX_VALUE;
        max = -Double.MAX_VALUE;
        mergedNodes = 0;
        mergedWeight = 0;
        unmergedNodes = 0;
        unmergedWeight = 0;
        totalCompressions = 0;
    }

    long size() {
        return mergedWeight + unmergedWeight;
    }

    private static boolean overflows(double unmerged, double total) {
        return unmerged == Double.POSITIVE_INFINITY || total == Double.POSITIVE_INFINITY
                || 2 * Math.PI * total * Math.log(total) == Double.POSITIVE_INFINITY;
    }

    /** td_add: buffers a centroid, compressing first when the buffer is full. */
    int add(double mean, long weight) {
        if (!Double.isFinite(mean)) {
            return OVERFLOW;
        }
        if (mergedNodes + unmergedNodes >= cap - 1 && compress() != OK) {
            return OVERFLOW;
        }
        int pos = mergedNodes + unmergedNodes;
        if (pos >= cap) {
            return OVERFLOW;
        }
        long newUnmerged;
        long newTotal;
        try {
            newUnmerged = Math.addExact(unmergedWeight, weight);
            newTotal = Math.addExact(newUnmerged, mergedWeight);
        } catch (ArithmeticException e) {
            return OVERFLOW;
        }
        if (overflows(newUnmerged, newTotal)) {
            return OVERFLOW;
        }
        if (mean < min) {
            min = mean;
        }
        if (mean > max) {
            max = mean;
        }
        means[pos] = mean;
        weights[pos] = weight;
        unmergedNodes++;
        unmergedWeight = newUnmerged;
        return OK;
    }

    /** td_merge: adds every centroid of {@code from} (both compressed first). */
    int merge(TDigest from) {
        if (compress() != OK || from.compress() != OK) {
            return OVERFLOW;
        }
        int n = from.mergedNodes + from.unmergedNodes;
        for (int i = 0; i < n; i++) {
            if (add(from.means[i], from.weights[i]) != OK) {
                return OVERFLOW;
            }
        }
        return OK;
    }

    /** td_compress: sorts all centroids by mean and merges neighbours within the size bound. */
    int compress() {
        if (unmergedNodes == 0) {
            return OK;
        }
        int n = mergedNodes + unmergedNodes;
        sort(0, n - 1);
        double total = (double) mergedWeight + (double) unmergedWeight;
        if (overflows(unmergedWeight, total)) {
            return OVERFLOW;
        }
        if (total <= 1) {
            mergedNodes = n;
            mergedWeight = (long) total;
            unmergedNodes = 0;
            unmergedWeight = 0;
            totalCompressions++;
            return OK;
        }
        double denom = 2 * Math.PI * total * Math.log(total);
        double normalizer = compression / denom;
        if (denom == Double.POSITIVE_INFINITY || normalizer == Double.POSITIVE_INFINITY) {
            return OVERFLOW;
        }
        int cur = 0;
        double weightSoFar = 0;
        for (int i = 1; i < n; i++) {
            double proposed = (double) weights[cur] + (double) weights[i];
            double z = proposed * normalizer;
            double q0 = weightSoFar / total;
            double q2 = (weightSoFar + proposed) / total;
            if (z <= q0 * (1 - q0) && z <= q2 * (1 - q2)) {
                weights[cur] += weights[i];
                double delta = means[i] - means[cur];
                means[cur] += (delta * weights[i]) / weights[cur];
            } else {
                weightSoFar += weights[cur];
                cur++;
                weights[cur] = weights[i];
                means[cur] = means[i];
            }
            if (cur != i) {
                weights[i] = 0;
                means[i] = 0.0;
            }
        }
        mergedNodes = cur + 1;
        mergedWeight = (long) total;
        unmergedNodes = 0;
        unmergedWeight = 0;
        totalCompressions++;
        return OK;
    }

    /** Sorts centroids [lo, hi] by mean (quicksort with median of three, insertion sort for short runs). */
    private void sort(int lo, int hi) {
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            if (means[mid] < means[lo]) {
                swap(lo, mid);
            }
            if (means[hi] < means[lo]) {
                swap(lo, hi);
            }
            if (means[hi] < means[mid]) {
                swap(mid, hi);
            }
            double pivot = means[mid];
            int lt = lo;
            int i = lo;
            int gt = hi;
            while (i <= gt) {
                double v = means[i];
                if (v < pivot) {
                    swap(i++, lt++);
                } else if (v > pivot) {
                    swap(i, gt--);
                } else {
                    i++;
                }
            }
            if (lt - lo < hi - gt) {
                sort(lo, lt - 1);
                lo = gt + 1;
            } else {
                sort(gt + 1, hi);
                hi = lt - 1;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            double m = means[i];
            long w = weights[i];
            int j = i - 1;
            while (j >= lo && m < means[j]) {
                means[j + 1] = means[j];
                weights[j + 1] = weights[j];
                j--;
            }
            means[j + 1] = m;
            weights[j + 1] = w;
        }
    }

    private void swap(int a, int b) {
        double m = means[a];
        means[a] = means[b];
        means[b] = m;
        long w = weights[a];
        weights[a] = weights[b];
        weights[b] = w;
    }

    // ---------------------------------------------------------------- queries

    /** td_cdf: the fraction of the samples at or below {@code val} (half of those equal to it). */
    double cdf(double val) {
        compress();
        if (mergedNodes == 0) {
            return Double.NaN;
        }
        if (val < min) {
            return 0;
        }
        if (val > max) {
            return 1;
        }
        if (mergedNodes == 1) {
            double width = max - min;
            if (val - min <= width) {
                return 0.5;
            }
            return (val - min) / width;
        }
        int n = mergedNodes;
        double mw = (double) mergedWeight;
        double leftMean = means[0];
        double leftWeight = (double) weights[0];
        if (val < leftMean) {
            double width = leftMean - min;
            if (width > 0) {
                if (val == min) {
                    return 0.5 / mw;
                }
                return (1 + (val - min) / width * (leftWeight / 2 - 1)) / mw;
            }
            return 0;
        }
        double rightMean = means[n - 1];
        double rightWeight = (double) weights[n - 1];
        if (val > rightMean) {
            double width = max - rightMean;
            if (width > 0) {
                if (val == max) {
                    return 1 - 0.5 / mw;
                }
                double dq = (1 + (max - val) / width * (rightWeight / 2 - 1)) / mw;
                return 1 - dq;
            }
            return 1;
        }
        double weightSoFar = 0;
        for (int it = 0; it < n - 1; it++) {
            if (means[it] == val) {
                double dw = 0;
                while (it < n && means[it] == val) {
                    dw += (double) weights[it];
                    it++;
                }
                return (weightSoFar + dw / 2) / mw;
            } else if (means[it] <= val && val < means[it + 1]) {
                double w0 = (double) weights[it];
                double w1 = (double) weights[it + 1];
                double m0 = means[it];
                double m1 = means[it + 1];
                if (m1 - m0 > 0) {
                    double leftExcluded = 0;
                    double rightExcluded = 0;
                    if (w0 == 1) {
                        if (w1 == 1) {
                            return (weightSoFar + 1) / mw;
                        }
                        leftExcluded = 0.5;
                    } else if (w1 == 1) {
                        rightExcluded = 0.5;
                    }
                    double dw = (w0 + w1) / 2;
                    double dwNoSingleton = dw - leftExcluded - rightExcluded;
                    double base = weightSoFar + w0 / 2 + leftExcluded;
                    return (base + dwNoSingleton * (val - m0) / (m1 - m0)) / mw;
                }
                double dw = (w0 + w1) / 2;
                return (weightSoFar + dw) / mw;
            } else {
                weightSoFar += (double) weights[it];
            }
        }
        return 1 - 0.5 / mw;
    }

    private static double weightedAverageSorted(double x1, double w1, double x2, double w2) {
        double x = (x1 * w1 + x2 * w2) / (w1 + w2);
        return Math.max(x1, Math.min(x, x2));
    }

    private static double weightedAverage(double x1, double w1, double x2, double w2) {
        return x1 <= x2 ? weightedAverageSorted(x1, w1, x2, w2) : weightedAverageSorted(x2, w2, x1, w1);
    }

    /** The walk state of {@link #quantiles}: weight so far and centroid position. */
    private double walkWeight;
    private int walkPos;

    private double valueAtIndex(double index, double leftWeight) {
        int total = mergedNodes;
        if (leftWeight > 1 && index < leftWeight / 2) {
            return min + (index - 1) / (leftWeight / 2 - 1) * (means[0] - min);
        }
        if (index > mergedWeight - 1) {
            return max;
        }
        double rightWeight = (double) weights[total - 1];
        double rightMean = means[total - 1];
        if (rightWeight > 1 && (double) mergedWeight - index <= rightWeight / 2) {
            return max - ((double) mergedWeight - index - 1) / (rightWeight / 2 - 1) * (max - rightMean);
        }
        for (; walkPos < total - 1; walkPos++) {
            int i = walkPos;
            double w0 = (double) weights[i];
            double w1 = (double) weights[i + 1];
            double m0 = means[i];
            double m1 = means[i + 1];
            double dw = (w0 + w1) / 2;
            if (walkWeight + dw > index) {
                double leftUnit = 0;
                if (w0 == 1) {
                    if (index - walkWeight < 0.5) {
                        return m0;
                    }
                    leftUnit = 0.5;
                }
                double rightUnit = 0;
                if (w1 == 1) {
                    if (walkWeight + dw - index <= 0.5) {
                        return m1;
                    }
                    rightUnit = 0.5;
                }
                double z1 = index - walkWeight - leftUnit;
                double z2 = walkWeight + dw - index - rightUnit;
                return weightedAverage(m0, z2, m1, z1);
            }
            walkWeight += dw;
        }
        double z1 = index - mergedWeight - rightWeight / 2.0;
        double z2 = rightWeight / 2 - z1;
        return weightedAverage(rightMean, z1, max, z2);
    }

    /** td_quantile. */
    double quantile(double q) {
        compress();
        if (q < 0 || q > 1 || mergedNodes == 0) {
            return Double.NaN;
        }
        if (mergedNodes == 1) {
            return means[0];
        }
        double index = q * (double) mergedWeight;
        if (index < 1) {
            return min;
        }
        double leftWeight = (double) weights[0];
        walkWeight = leftWeight / 2;
        walkPos = 0;
        return valueAtIndex(index, leftWeight);
    }

    /** td_quantiles over an ascending run {@code qs[from..to]}: one walk through the centroids. */
    void quantiles(double[] qs, double[] out, int from, int to) {
        compress();
        if (mergedNodes == 0) {
            for (int i = from; i <= to; i++) {
                out[i] = Double.NaN;
            }
            return;
        }
        if (mergedNodes == 1) {
            for (int i = from; i <= to; i++) {
                out[i] = qs[i] < 0 || qs[i] > 1 ? Double.NaN : means[0];
            }
            return;
        }
        double leftWeight = (double) weights[0];
        walkWeight = leftWeight / 2;
        walkPos = 0;
        for (int i = from; i <= to; i++) {
            out[i] = valueAtIndex(qs[i] * (double) mergedWeight, leftWeight);
        }
    }

    /** td_trimmed_mean. */
    double trimmedMean(double low, double high) {
        compress();
        if (mergedNodes == 0 || low < 0 || low > 1 || high < 0 || high > 1) {
            return Double.NaN;
        }
        if (mergedNodes == 1) {
            return means[0];
        }
        double leftmost = Math.floor((double) mergedWeight * low);
        double rightmost = Math.ceil((double) mergedWeight * high);
        double done = 0;
        double sum = 0;
        double count = 0;
        for (int i = 0; i < mergedNodes; i++) {
            double w = (double) weights[i];
            double add = w;
            add -= Math.min(Math.max(0, leftmost - done), add);
            add = Math.min(Math.max(0, rightmost - done), add);
            done += w;
            sum += means[i] * add;
            count += add;
            if (done >= rightmost) {
                break;
            }
        }
        return sum / count;
    }

    // ---------------------------------------------------------------- value

    /** TDIGEST.INFO's Memory usage: RedisBloom's sizeof(pointer) + two arrays of cap. */
    long reportedMemory() {
        return 8 + 2L * cap * 8;
    }

    @Override
    public ValueType type() {
        return TDigestType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "raw";
    }

    @Override
    public long memoryUsage() {
        return 96 + 16 + 8L * cap + 16 + 8L * cap;
    }

    @Override
    public KvValue copy() {
        TDigest c = new TDigest(compression);
        c.min = min;
        c.max = max;
        c.mergedNodes = mergedNodes;
        c.unmergedNodes = unmergedNodes;
        c.totalCompressions = totalCompressions;
        c.mergedWeight = mergedWeight;
        c.unmergedWeight = unmergedWeight;
        System.arraycopy(means, 0, c.means, 0, cap);
        System.arraycopy(weights, 0, c.weights, 0, cap);
        return c;
    }
}
