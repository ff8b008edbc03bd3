package io.sockudo.kv.types.stack.timeseries.query;

import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import io.sockudo.kv.types.stack.timeseries.store.Chunk;
import io.sockudo.kv.types.stack.timeseries.store.DuplicatePolicy;
import io.sockudo.kv.types.stack.timeseries.store.Labels;
import io.sockudo.kv.types.stack.timeseries.store.Series;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every aggregator against a naive computation over random series: random timestamps (with gaps
 * and NaN samples, which no aggregate takes and which leave their bucket empty), bucket durations, alignments, ranges, FILTER_BY_TS / FILTER_BY_VALUE, EMPTY,
 * BUCKETTIMESTAMP, COUNT, both directions. The naive side groups the filtered samples by bucket and
 * computes each aggregate from its definition (twa by integrating the piecewise-linear series).
 */
class AggregationPropertyTest {

    record S(long ts, double v) {
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void everyAggregationEqualsANaiveComputation(int seed) {
        Random r = new Random(seed);
        for (int round = 0; round < 40; round++) {
            List<S> data = new ArrayList<>();
            Series s = new Series("k".getBytes(), r.nextBoolean(), 64 + 8 * r.nextInt(20), 0, DuplicatePolicy.LAST, 0, 0,
                    Labels.NONE);
            long t = r.nextInt(50);
            int n = 1 + r.nextInt(300);
            for (int i = 0; i < n; i++) {
                double v = r.nextInt(20) == 0 ? Double.NaN : Math.round(r.nextGaussian() * 1000) / 10.0;
                s.samples.append(t, v, 0, s.chunkSize);
                data.add(new S(t, v));
                t += 1 + (r.nextInt(10) == 0 ? r.nextInt(500) : r.nextInt(30));
            }
            for (AggType type : AggType.values()) {
                RangeArgs a = new RangeArgs();
                a.agg = type;
                a.bucket = 1 + r.nextInt(100);
                a.from = r.nextBoolean() ? 0 : r.nextInt((int) t + 1);
                a.to = r.nextBoolean() ? Long.MAX_VALUE : a.from + r.nextInt((int) t + 1);
                if (r.nextInt(3) == 0) {
                    a.align = RangeArgs.Align.TIMESTAMP;
                    a.alignTs = r.nextInt(1000);
                }
                a.empty = r.nextBoolean();
                a.bucketTs = RangeArgs.BucketTs.values()[r.nextInt(3)];
                if (r.nextInt(4) == 0) {
                    a.count = r.nextInt(10);
                }
                if (r.nextInt(4) == 0) {
                    a.filterByValue = true;
                    a.minValue = -50;
                    a.maxValue = 80;
                }
                if (r.nextInt(6) == 0) {
                    TreeMap<Long, Boolean> picks = new TreeMap<>();
                    for (int i = 0; i < 30; i++) {
                        picks.put(data.get(r.nextInt(data.size())).ts, true);
                    }
                    a.filterTs = picks.keySet().stream().mapToLong(Long::longValue).toArray();
                }
                boolean reverse = r.nextBoolean();
                Samples got = new Samples();
                RangeQuery.run(s, a, reverse, null, new Chunk.Scratch(), got);
                List<S> expected = naive(data, a, reverse);
                String what = "seed " + seed + " round " + round + " " + type + " bucket " + a.bucket + " align "
                        + a.alignment() + " empty " + a.empty + " reverse " + reverse;
                assertEquals(expected.size(), got.size, what);
                for (int i = 0; i < got.size; i++) {
                    assertEquals(expected.get(i).ts, got.ts[i], what + " #" + i);
                    double e = expected.get(i).v;
                    double g = got.vals[i];
                    if (Double.isNaN(e) || Double.isNaN(g)) {
                        assertTrue(Double.isNaN(e) && Double.isNaN(g), what + " #" + i + ": " + e + " vs " + g);
                    } else {
                        assertEquals(e, g, 1e-9 * Math.max(1, Math.abs(e)), what + " #" + i);
                    }
                }
            }
        }
    }

    private static List<S> naive(List<S> data, RangeArgs a, boolean reverse) {
        List<S> in = new ArrayList<>();
        List<S> valid = new ArrayList<>();
        for (S x : data) {
            if (a.passes(x.ts, x.v)) {
                if (!Double.isNaN(x.v)) {
                    valid.add(x);
                }
                if (x.ts >= a.from && x.ts <= a.to && !Double.isNaN(x.v)) {
                    in.add(x);
                }
            }
        }
        TreeMap<Long, List<S>> buckets = new TreeMap<>();
        for (S x : in) {
            long bs = x.ts - Math.floorMod(x.ts - a.alignment(), a.bucket);
            buckets.computeIfAbsent(bs, k -> new ArrayList<>()).add(x);
        }
        List<S> out = new ArrayList<>();
        Double lastValue = null;
        Long prevBucket = null;
        for (var e : buckets.entrySet()) {
            long bs = e.getKey();
            if (a.empty && prevBucket != null) {
                for (long b = prevBucket + a.bucket; b < bs; b += a.bucket) {
                    out.add(new S(report(a, b), emptyValue(a, b, lastValue, valid)));
                }
            }
            List<S> vals = e.getValue();
            out.add(new S(report(a, bs), compute(a, bs, vals, valid)));
            lastValue = vals.get(vals.size() - 1).v;
            prevBucket = bs;
        }
        if (reverse) {
            java.util.Collections.reverse(out);
        }
        long limit = a.limit();
        return out.size() > limit ? out.subList(0, (int) limit) : out;
    }

    private static long report(RangeArgs a, long bs) {
        long t = switch (a.bucketTs) {
            case END -> bs + a.bucket;
            case MID -> bs + a.bucket / 2;
            default -> bs;
        };
        return Math.max(0, t);
    }

    private static double emptyValue(RangeArgs a, long bs, Double last, List<S> valid) {
        return switch (a.agg) {
            case SUM, COUNT -> 0;
            case LAST -> last == null ? Double.NaN : last;
            case TWA -> {
                S before = null;
                S after = null;
                for (S x : valid) {
                    if (x.ts < bs) {
                        before = x;
                    } else if (x.ts >= bs + a.bucket && after == null) {
                        after = x;
                    }
                }
                if (before == null || after == null) {
                    yield Double.NaN;
                }
                yield (line(before, after, bs) + line(before, after, bs + a.bucket)) / 2;
            }
            default -> Double.NaN;
        };
    }

    private static double line(S p, S q, double t) {
        return p.v + (q.v - p.v) * (t - p.ts) / (q.ts - p.ts);
    }

    private static double compute(RangeArgs a, long bs, List<S> vals, List<S> valid) {
        int n = vals.size();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (S x : vals) {
            sum += x.v;
            min = Math.min(min, x.v);
            max = Math.max(max, x.v);
        }
        double mean = sum / n;
        double ss = 0;
        for (S x : vals) {
            ss += (x.v - mean) * (x.v - mean);
        }
        return switch (a.agg) {
            case MIN -> min;
            case MAX -> max;
            case RANGE -> max - min;
            case SUM -> sum;
            case COUNT -> n;
            case AVG -> mean;
            case FIRST -> vals.get(0).v;
            case LAST -> vals.get(n - 1).v;
            case VAR_P -> ss / n;
            case VAR_S -> n == 1 ? 0 : ss / (n - 1);
            case STD_P -> Math.sqrt(ss / n);
            case STD_S -> n == 1 ? 0 : Math.sqrt(ss / (n - 1));
            case TWA -> twa(a, bs, vals, valid);
        };
    }

    /** The average of the piecewise-linear series over the bucket (clipped where no neighbour exists). */
    private static double twa(RangeArgs a, long bs, List<S> vals, List<S> valid) {
        S before = null;
        S after = null;
        for (S x : valid) {
            if (x.ts < bs) {
                before = x;
            } else if (x.ts >= bs + a.bucket && after == null) {
                after = x;
            }
        }
        List<S> pts = new ArrayList<>();
        if (before != null) {
            pts.add(before);
        }
        pts.addAll(vals);
        if (after != null) {
            pts.add(after);
        }
        double lo = before != null ? bs : vals.get(0).ts;
        double hi = after != null ? bs + a.bucket : vals.get(vals.size() - 1).ts;
        if (hi == lo) {
            return vals.get(vals.size() - 1).v;
        }
        double area = 0;
        for (int i = 0; i + 1 < pts.size(); i++) {
            S p = pts.get(i);
            S q = pts.get(i + 1);
            double x0 = Math.max(lo, p.ts);
            double x1 = Math.min(hi, q.ts);
            if (x1 > x0) {
                area += (line(p, q, x0) + line(p, q, x1)) / 2 * (x1 - x0);
            }
        }
        return area / (hi - lo);
    }
}
