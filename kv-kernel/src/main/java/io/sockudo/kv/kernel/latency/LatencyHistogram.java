package io.sockudo.kv.kernel.latency;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A command's latency distribution (Redis's per-command hdr_histogram for {@code latency-tracking}):
 * nanoseconds from 1 ns to 1 s with two significant digits — exact below 256, then 128 linear
 * sub-buckets per power of two, the layout of an HDR histogram with 256 sub-buckets — so the
 * percentiles INFO latencystats prints and the buckets LATENCY HISTOGRAM lists match Redis's
 * within the same precision. Recording is one atomic increment (several event loops may run the
 * same command).
 */
public final class LatencyHistogram {
    /** Redis's LATENCY_HISTOGRAM_MAX_VALUE: 1 s in ns; longer durations are recorded as 1 s. */
    static final long MAX = 1_000_000_000L;
    private static final int SUB = 128;
    private static final int MAX_INDEX = index(MAX);

    private final AtomicLongArray counts = new AtomicLongArray(MAX_INDEX + 1);

    /** The bucket of value {@code v} (ns, at least 1). */
    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v) - 7; // v >> e is in [128, 256)
        return (e + 1) * SUB + (int) ((v >> e) - SUB);
    }

    /** The lowest value of bucket {@code i}. */
    static long lowest(int i) {
        if (i < 2 * SUB) {
            return i;
        }
        int e = i / SUB - 1;
        long sub = i % SUB + SUB;
        return sub << e;
    }

    /** The highest value of bucket {@code i} (hdr's highest_equivalent_value). */
    static long highest(int i) {
        if (i < 2 * SUB) {
            return i;
        }
        int e = i / SUB - 1;
        return lowest(i) + (1L << e) - 1;
    }

    public void record(long nanos) {
        long v = Math.max(1, Math.min(MAX, nanos));
        counts.incrementAndGet(index(v));
    }

    public long total() {
        long t = 0;
        for (int i = 0; i <= MAX_INDEX; i++) {
            t += counts.get(i);
        }
        return t;
    }

    /** hdr_value_at_percentile, in ns: the highest value of the bucket holding that rank. */
    public long valueAtPercentile(double percentile) {
        long[] c = snapshot();
        long total = 0;
        for (long x : c) {
            total += x;
        }
        double p = Math.min(percentile, 100.0);
        long rank = Math.max(1, (long) ((p / 100) * total + 0.5));
        long seen = 0;
        for (int i = 0; i < c.length; i++) {
            seen += c[i];
            if (seen >= rank) {
                return highest(i);
            }
        }
        return 0;
    }

    /**
     * LATENCY HISTOGRAM's buckets: for 1024 ns, 2048 ns... (hdr's logarithmic iteration with base
     * 2 from 1024), the bucket's bound in µs and the cumulative count up to it, where it grew.
     *
     * @return pairs {micros, cumulative}
     */
    public java.util.List<long[]> logBuckets() {
        long[] c = snapshot();
        java.util.List<long[]> out = new java.util.ArrayList<>();
        long total = 0;
        for (long x : c) {
            total += x;
        }
        long cumulative = 0;
        long previous = 0;
        int i = 0;
        for (long level = 1024; ; level <<= 1) {
            long bound = highest(index(Math.min(level, MAX)));
            while (i < c.length && lowest(i) <= bound) {
                cumulative += c[i++];
            }
            if (cumulative > previous) {
                out.add(new long[]{bound / 1000, cumulative});
            }
            previous = cumulative;
            if (cumulative >= total || level >= MAX) {
                break;
            }
        }
        return out;
    }

    private long[] snapshot() {
        long[] c = new long[MAX_INDEX + 1];
        for (int i = 0; i <= MAX_INDEX; i++) {
            c[i] = counts.get(i);
        }
        return c;
    }
}
