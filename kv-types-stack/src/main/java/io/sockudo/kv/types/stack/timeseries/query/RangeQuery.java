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
        Neighbours around = a.agg == AggType.TWA ? new Neighbours(s, a) : null;
        Buckets b = new Buckets(a, limit, out, around);
        SampleScan scan = new SampleScan(s.samples, from, to, false, scratch);
        while (!b.full() && scan.next()) {
            if (a.passes(scan.ts, scan.value)) {
                b.accept(scan.ts, scan.value);
            }
        }
        if (latest != null && !b.full()) {
            b.accept(latest.ts, latest.value);
        }
        b.finish();
    }

    /**
     * For twa: the nearest samples outside a bucket, inside the query range or not (those passing
     * the filters, not NaN), which the bucket's bounds are interpolated from.
     */
    static final class Neighbours {
        private final Series s;
        private final RangeArgs a;
        private final Chunk.Scratch scratch = new Chunk.Scratch();
        boolean found;
        long ts;
        double value;

        Neighbours(Series s, RangeArgs a) {
            this.s = s;
            this.a = a;
        }

        /** The last sample before {@code t}. */
        boolean before(long t) {
            found = false;
            long floor = s.samples.retentionFloor(s.retention);
            if (t <= floor) {
                return false;
            }
            SampleScan back = new SampleScan(s.samples, floor, t - 1, true, scratch);
            while (back.next()) {
                if (!Double.isNaN(back.value) && a.passes(back.ts, back.value)) {
                    found = true;
                    ts = back.ts;
                    value = back.value;
                    return true;
                }
            }
            return false;
        }

        /** The first sample at or after {@code t}. */
        boolean after(long t) {
            found = false;
            SampleScan ahead = new SampleScan(s.samples, t, Long.MAX_VALUE, false, scratch);
            while (ahead.next()) {
                if (!Double.isNaN(ahead.value) && a.passes(ahead.ts, ahead.value)) {
                    found = true;
                    ts = ahead.ts;
                    value = ahead.value;
                    return true;
                }
            }
            return false;
        }
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
        private final Neighbours around;
        private long emitted;
        private boolean open;
        private long start;
        private boolean havePrev;
        private long prevTs;
        private double prevValue;

        public Buckets(RangeArgs a, long limit, Samples out, Neighbours around) {
            this.around = around;
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

        public void accept(long ts, double v) {
            if (Double.isNaN(v)) {
                return; // NaN takes part in no aggregate; a bucket of NaNs is an empty bucket
            }
            long bs = Rule.bucketStart(ts, duration, align);
            if (!open) {
                openBucket(bs);
            } else if (bs != start) {
                if (twa) {
                    agg.nextSample(v, ts); // the bucket's end is interpolated towards this sample
                }
                emit(start, agg.result());
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
            agg.add(v, ts);
            havePrev = true;
            prevTs = ts;
            prevValue = v;
        }

        private void openBucket(long bs) {
            if (!open && twa && around != null && around.before(bs)) {
                havePrev = true;
                prevTs = around.ts;
                prevValue = around.value;
            }
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
            double slope = (nextValue - prevValue) / (double) (nextTs - prevTs);
            double atStart = prevValue + slope * (double) (bucket - prevTs);
            double atEnd = prevValue + slope * (double) (bucket + duration - prevTs);
            return (atStart + atEnd) / 2;
        }

        /** Closes the last bucket (twa interpolates its end to the sample after it, if any). */
        public void finish() {
            if (!open || full()) {
                return;
            }
            if (twa && around != null && around.after(start + duration)) {
                agg.nextSample(around.value, around.ts);
            }
            emit(start, agg.result());
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
