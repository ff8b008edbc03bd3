package io.sockudo.kv.types.stack.timeseries.query;

import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import io.sockudo.kv.types.stack.timeseries.agg.Aggregator;
import io.sockudo.kv.types.stack.timeseries.store.Chunk;
import io.sockudo.kv.types.stack.timeseries.store.Rule;
import io.sockudo.kv.types.stack.timeseries.store.Series;

/**
 * Runs a range query over one series: the samples in {@code [from, to]} (from raised to the
 * retention window), filtered by timestamp list and value range, optionally followed by the
 * compaction's latest partial bucket (LATEST), optionally aggregated into buckets, in either
 * direction, limited by COUNT.
 *
 * <p>Aggregation follows RedisTimeSeries: bucket starts are {@code align + k * bucketDuration}
 * (negative starts are reported as 0); NaN samples take part in no aggregate; with EMPTY the
 * buckets between the first and the last non-empty one are reported too (0 for sum and count,
 * the previous value for last, the interpolated average for twa, NaN otherwise); twa
 * interpolates to each bucket's bounds from the neighbouring samples, inside the range or not.
 * A reverse query reports the same buckets newest first.
 */
public final class RangeQuery {
    private RangeQuery() {
    }

    /** The latest partial bucket of a compaction (LATEST), or none. */
    public static final class Latest {
        public boolean present;
        public long ts;
        public double value;

        public void set(long ts, double value) {
            this.present = true;
            this.ts = ts;
            this.value = value;
        }
    }

    /** Appends the query's result to {@code out}. */
    public static void run(Series s, RangeArgs a, boolean reverse, Latest latest, Chunk.Scratch scratch, Samples out) {
        long from = Math.max(a.from, s.samples.retentionFloor(s.retention));
        long to = a.to;
        boolean withLatest = latest != null && latest.present && latest.ts >= from && latest.ts <= to
                && a.passes(latest.ts, latest.value);
        long limit = a.limit();
        if (limit == 0) {
            return;
        }
        if (a.agg == null) {
            raw(s, a, from, to, reverse, withLatest ? latest : null, limit, scratch, out);
            return;
        }
        int mark = out.size;
        aggregate(s, a, from, to, reverse ? Long.MAX_VALUE : limit, withLatest ? latest : null, scratch, out);
        if (reverse) {
            reverseTail(out, mark);
            long keep = mark + limit;
            if (keep < out.size) {
                out.size = (int) keep;
            }
        }
    }

    private static void reverseTail(Samples out, int from) {
        for (int i = from, j = out.size - 1; i < j; i++, j--) {
            long t = out.ts[i];
            out.ts[i] = out.ts[j];
            out.ts[j] = t;
            double v = out.vals[i];
            out.vals[i] = out.vals[j];
            out.vals[j] = v;
        }
    }

    private static void raw(Series s, RangeArgs a, long from, long to, boolean reverse, Latest latest, long limit,
                            Chunk.Scratch scratch, Samples out) {
        long added = 0;
        if (reverse && latest != null) {
            out.add(latest.ts, latest.value);
            added++;
        }
        SampleScan scan = new SampleScan(s.samples, from, to, reverse, scratch);
        while (added < limit && scan.next()) {
            if (a.passes(scan.ts, scan.value)) {
                out.add(scan.ts, scan.value);
                added++;
            }
        }
        if (!reverse && latest != null && added < limit) {
            out.add(latest.ts, latest.value);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Aggregation
    // ---------------------------------------------------------------------------------------

    private static void aggregate(Series s, RangeArgs a, long from, long to, long limit, Latest latest,
                                  Chunk.Scratch scratch, Samples out) {
        Buckets b = new Buckets(a, limit, out);
        if (a.agg == AggType.TWA && from > 0) {
            // the sample before the range, to interpolate the first bucket's start from
            long floor = s.samples.retentionFloor(s.retention);
            SampleScan back = new SampleScan(s.samples, floor, from - 1, true, new Chunk.Scratch());
            while (back.next()) {
                if (!Double.isNaN(back.value) && a.passes(back.ts, back.value)) {
                    b.seed(back.ts, back.value);
                    break;
                }
            }
        }
        SampleScan scan = new SampleScan(s.samples, from, to, false, scratch);
        while (!b.full() && scan.next()) {
            if (a.passes(scan.ts, scan.value)) {
                b.accept(scan.ts, scan.value);
            }
        }
        if (latest != null && !b.full()) {
            b.accept(latest.ts, latest.value);
        }
        if (b.full()) {
            return;
        }
        if (a.agg == AggType.TWA && to < Long.MAX_VALUE && latest == null) {
            // the sample after the range, to interpolate the last bucket's end to
            SampleScan ahead = new SampleScan(s.samples, to + 1, Long.MAX_VALUE, false, new Chunk.Scratch());
            while (ahead.next()) {
                if (!Double.isNaN(ahead.value) && a.passes(ahead.ts, ahead.value)) {
                    b.finish(true, ahead.ts, ahead.value);
                    return;
                }
            }
        }
        b.finish(false, 0, 0);
    }

    /**
     * Turns a forward stream of samples into bucket results. Also used by GROUPBY-free callers
     * that aggregate samples of their own.
     */
    public static final class Buckets {
        private final Aggregator agg;
        private final boolean twa;
        private final long duration;
        private final long align;
        private final RangeArgs.BucketTs bucketTs;
        private final boolean empty;
        private final long limit;
        private final Samples out;
        private long emitted;
        private boolean open;
        private long start;
        private boolean havePrev;
        private long prevTs;
        private double prevValue;

        public Buckets(RangeArgs a, long limit, Samples out) {
            this.agg = Aggregator.create(a.agg);
            this.twa = a.agg == AggType.TWA;
            this.duration = a.bucket;
            this.align = a.alignment();
            this.bucketTs = a.bucketTs;
            this.empty = a.empty;
            this.limit = limit;
            this.out = out;
        }

        boolean full() {
            return emitted >= limit;
        }

        /** A sample before the range: only a twa interpolation point. */
        void seed(long ts, double value) {
            havePrev = true;
            prevTs = ts;
            prevValue = value;
        }

        public void accept(long ts, double v) {
            long bs = Rule.bucketStart(ts, duration, align);
            if (!open) {
                openBucket(bs);
            } else if (bs != start) {
                boolean valid = !Double.isNaN(v);
                if (twa && valid && agg.hasSamples()) {
                    agg.nextSample(v, ts);
                }
                emit(start, agg.hasSamples() ? agg.result() : agg.emptyValue());
                if (empty) {
                    for (long e = start + duration; e < bs && !full(); e += duration) {
                        emit(e, twa ? interpolatedAverage(e, ts, v) : agg.emptyValue());
                    }
                }
                agg.reset();
                if (full()) {
                    return;
                }
                openBucket(bs);
            }
            if (!Double.isNaN(v)) {
                agg.add(v, ts);
                havePrev = true;
                prevTs = ts;
                prevValue = v;
            }
        }

        private void openBucket(long bs) {
            open = true;
            start = bs;
            if (twa) {
                agg.bucketBounds(bs, bs + duration);
                if (havePrev) {
                    agg.previousSample(prevValue, prevTs);
                }
            }
        }

        /** The average over an empty bucket of the line through the samples around it. */
        private double interpolatedAverage(long bucket, long nextTs, double nextValue) {
            if (!havePrev || Double.isNaN(nextValue)) {
                return Double.NaN;
            }
            double slope = (nextValue - prevValue) / (double) (nextTs - prevTs);
            double atStart = prevValue + slope * (double) (bucket - prevTs);
            double atEnd = prevValue + slope * (double) (bucket + duration - prevTs);
            return (atStart + atEnd) / 2;
        }

        /** Closes the last bucket; {@code hasNext}: a sample after it to interpolate twa's end to. */
        public void finish(boolean hasNext, long nextTs, double nextValue) {
            if (!open || full()) {
                return;
            }
            if (twa && hasNext && agg.hasSamples()) {
                agg.nextSample(nextValue, nextTs);
            }
            emit(start, agg.hasSamples() ? agg.result() : agg.emptyValue());
        }

        private void emit(long bucket, double value) {
            long t = switch (bucketTs) {
                case END -> bucket + duration;
                case MID -> bucket + duration / 2;
                default -> bucket;
            };
            out.add(Rule.normalize(t), value);
            emitted++;
        }
    }
}
