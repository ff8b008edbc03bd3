package io.sockudo.kv.types.stack.timeseries.agg;

import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;

/**
 * The running state of one aggregator over one bucket, used by range queries and by compaction
 * rules (whose state is saved in RDB records with RedisTimeSeries's item sequence per aggregator).
 * NaN samples are not added by callers: every aggregator skips them.
 */
public abstract class Aggregator {
    /** Number of (non-NaN) samples added since the last reset. */
    protected long added;

    public abstract AggType type();

    /** Adds a sample. */
    public void add(double value, long timestamp) {
        added++;
        accept(value, timestamp);
    }

    protected abstract void accept(double value, long timestamp);

    /** Whether {@link #add} was called since the last reset. */
    public boolean hasSamples() {
        return added > 0;
    }

    /** The aggregate of the samples added. */
    public abstract double result();

    /**
     * The value reported for a bucket without samples (EMPTY): 0 for sum and count, the previous
     * bucket's last value for last, NaN otherwise (twa interpolates; see {@link Twa}).
     */
    public double emptyValue() {
        return Double.NaN;
    }

    /** Forgets the samples (the next bucket starts). */
    public void reset() {
        added = 0;
        clear();
    }

    protected abstract void clear();

    /** A copy with the same state (LATEST finalises a copy of a rule's running bucket). */
    public abstract Aggregator copy();

    /** Writes the state as RedisTimeSeries's {@code writeContext} does for this aggregator. */
    public abstract void save(ModuleTypeOutput out) throws IOException;

    /** Reads the state {@link #save} wrote (record encoding version {@code encver}). */
    public abstract void load(ModuleTypeInput in, int encver) throws IOException;

    // TWA's bucket hooks; the other aggregators ignore them.

    /** The bucket being filled spans {@code [start, end)}. */
    public void bucketBounds(long start, long end) {
    }

    /** The last sample of the previous bucket, to interpolate from at the bucket's start. */
    public void previousSample(double value, long timestamp) {
    }

    /** The first sample after the bucket, to interpolate to at the bucket's end. */
    public void nextSample(double value, long timestamp) {
    }

    /** Creates an empty aggregator of {@code type}. */
    public static Aggregator create(AggType type) {
        return switch (type) {
            case MIN, MAX, RANGE -> new MinMax(type);
            case SUM -> new Sum();
            case COUNT -> new Count();
            case AVG -> new Avg();
            case FIRST -> new First();
            case LAST -> new Last();
            case STD_P, STD_S, VAR_P, VAR_S -> new Variance(type);
            case TWA -> new Twa();
        };
    }

    // ---------------------------------------------------------------------------------------
    // min, max, range: saved as max then min
    // ---------------------------------------------------------------------------------------

    static final class MinMax extends Aggregator {
        private final AggType type;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;

        MinMax(AggType type) {
            this.type = type;
        }

        public AggType type() {
            return type;
        }

        protected void accept(double v, long ts) {
            if (v > max) {
                max = v;
            }
            if (v < min) {
                min = v;
            }
        }

        public double result() {
            return switch (type) {
                case MIN -> min;
                case MAX -> max;
                default -> max - min;
            };
        }

        protected void clear() {
            min = Double.MAX_VALUE;
            max = -Double.MAX_VALUE;
        }

        public Aggregator copy() {
            MinMax c = new MinMax(type);
            c.min = min;
            c.max = max;
            c.added = added;
            return c;
        }

        public void save(ModuleTypeOutput out) throws IOException {
            out.saveDouble(max);
            out.saveDouble(min);
        }

        public void load(ModuleTypeInput in, int encver) throws IOException {
            max = in.loadDouble();
            min = in.loadDouble();
            if (encver < 6) {
                in.loadString(); // the old is-reset flag
            }
            added = min <= max ? 1 : 0;
        }
    }

    // ---------------------------------------------------------------------------------------
    // sum, count, last: one double
    // ---------------------------------------------------------------------------------------

    abstract static class Single extends Aggregator {
        double value;

        public double result() {
            return value;
        }

        protected void clear() {
            value = 0;
        }

        public void save(ModuleTypeOutput out) throws IOException {
            out.saveDouble(value);
        }

        public void load(ModuleTypeInput in, int encver) throws IOException {
            value = in.loadDouble();
            if (encver >= 3 && encver < 7) {
                in.loadUnsigned(); // the old is-reset flag
            }
            added = 1;
        }

        <T extends Single> T copyInto(T c) {
            c.value = value;
            c.added = added;
            return c;
        }
    }

    static final class Sum extends Single {
        public AggType type() {
            return AggType.SUM;
        }

        protected void accept(double v, long ts) {
            value += v;
        }

        @Override
        public double emptyValue() {
            return 0;
        }

        public Aggregator copy() {
            return copyInto(new Sum());
        }
    }

    static final class Count extends Single {
        public AggType type() {
            return AggType.COUNT;
        }

        protected void accept(double v, long ts) {
            value++;
        }

        @Override
        public double emptyValue() {
            return 0;
        }

        public Aggregator copy() {
            return copyInto(new Count());
        }
    }

    static final class Last extends Single {
        public AggType type() {
            return AggType.LAST;
        }

        protected void accept(double v, long ts) {
            value = v;
        }

        /** An empty bucket repeats the value before it; NaN when no sample came before. */
        @Override
        public double emptyValue() {
            return seen ? value : Double.NaN;
        }

        private boolean seen;

        @Override
        public void add(double value, long timestamp) {
            super.add(value, timestamp);
            seen = true;
        }

        @Override
        protected void clear() {
            // keep the value: an EMPTY bucket after this one reports it
        }

        public Aggregator copy() {
            Last c = copyInto(new Last());
            c.seen = seen;
            return c;
        }

        @Override
        public void load(ModuleTypeInput in, int encver) throws IOException {
            super.load(in, encver);
            seen = true;
        }
    }

    // ---------------------------------------------------------------------------------------
    // first: value and is-reset flag
    // ---------------------------------------------------------------------------------------

    static final class First extends Aggregator {
        double value;
        boolean reset = true;

        public AggType type() {
            return AggType.FIRST;
        }

        protected void accept(double v, long ts) {
            if (reset) {
                reset = false;
                value = v;
            }
        }

        public double result() {
            return value;
        }

        protected void clear() {
            value = 0;
            reset = true;
        }

        public Aggregator copy() {
            First c = new First();
            c.value = value;
            c.reset = reset;
            c.added = added;
            return c;
        }

        public void save(ModuleTypeOutput out) throws IOException {
            out.saveDouble(value);
            out.saveUnsigned(reset ? 1 : 0);
        }

        public void load(ModuleTypeInput in, int encver) throws IOException {
            value = in.loadDouble();
            if (encver >= 3) {
                reset = in.loadUnsigned() != 0;
            }
            added = reset ? 0 : 1;
        }
    }

    // ---------------------------------------------------------------------------------------
    // avg: running sum and count; past DBL_MAX it keeps a running mean instead (isOverflow)
    // ---------------------------------------------------------------------------------------

    static final class Avg extends Aggregator {
        double val;
        double cnt;
        boolean overflow;

        public AggType type() {
            return AggType.AVG;
        }

        protected void accept(double v, long ts) {
            cnt++;
            if (overflow || ((val < 0.0) == (v < 0.0) && Math.abs(val) > Double.MAX_VALUE - Math.abs(v))) {
                // avg(t+1) = avg(t) * t / (t+1) + v / (t+1), once the sum would pass DBL_MAX
                double mean = overflow ? val * ((cnt - 1) / cnt) : val / cnt;
                val = mean + v / cnt;
                overflow = true;
            } else {
                val += v;
            }
        }

        public double result() {
            return overflow ? val : val / cnt;
        }

        @Override
        public boolean hasSamples() {
            return cnt > 0;
        }

        protected void clear() {
            val = 0;
            cnt = 0;
            overflow = false;
        }

        public Aggregator copy() {
            Avg c = new Avg();
            c.val = val;
            c.cnt = cnt;
            c.overflow = overflow;
            c.added = added;
            return c;
        }

        public void save(ModuleTypeOutput out) throws IOException {
            out.saveDouble(val);
            out.saveDouble(cnt);
            out.saveUnsigned(overflow ? 1 : 0);
        }

        public void load(ModuleTypeInput in, int encver) throws IOException {
            val = in.loadDouble();
            cnt = in.loadDouble();
            overflow = encver >= 4 && in.loadUnsigned() != 0;
            added = (long) cnt;
        }
    }

    // ---------------------------------------------------------------------------------------
    // std.p, std.s, var.p, var.s: sum, sum of squares, count
    // ---------------------------------------------------------------------------------------

    static final class Variance extends Aggregator {
        private final AggType type;
        double sum;
        double sum2;
        long cnt;

        Variance(AggType type) {
            this.type = type;
        }

        public AggType type() {
            return type;
        }

        protected void accept(double v, long ts) {
            cnt++;
            sum += v;
            sum2 += v * v;
        }

        public double result() {
            if (cnt == 0) {
                return 0;
            }
            double n = cnt;
            // RedisTimeSeries's formula: (sum2 - 2*sum*sum/n + (sum/n)^2 * n) / n
            double var = (sum2 - 2 * sum * sum / n + Math.pow(sum / n, 2) * n) / n;
            if (type == AggType.STD_S || type == AggType.VAR_S) {
                var = cnt == 1 ? 0 : var * n / (n - 1);
            }
            return type == AggType.STD_P || type == AggType.STD_S ? Math.sqrt(var) : var;
        }

        @Override
        public boolean hasSamples() {
            return cnt > 0;
        }

        protected void clear() {
            sum = 0;
            sum2 = 0;
            cnt = 0;
        }

        public Aggregator copy() {
            Variance c = new Variance(type);
            c.sum = sum;
            c.sum2 = sum2;
            c.cnt = cnt;
            c.added = added;
            return c;
        }

        public void save(ModuleTypeOutput out) throws IOException {
            out.saveDouble(sum);
            out.saveDouble(sum2);
            out.saveUnsigned(cnt);
        }

        public void load(ModuleTypeInput in, int encver) throws IOException {
            sum = in.loadDouble();
            sum2 = in.loadDouble();
            cnt = in.loadUnsigned();
            added = cnt;
        }
    }

    // ---------------------------------------------------------------------------------------
    // twa: time-weighted average (trapezoids), interpolating to the bucket's bounds from the
    // sample before it and the sample after it when there are such samples
    // ---------------------------------------------------------------------------------------

    public static final class Twa extends Aggregator {
        double res;
        long prevTs;
        double prevValue;
        long bucketStart;
        long bucketEnd;
        long firstTs;
        long lastTs;
        boolean firstBucket = true;
        long iteration;

        public AggType type() {
            return AggType.TWA;
        }

        @Override
        public void bucketBounds(long start, long end) {
            bucketStart = start;
            bucketEnd = end;
        }

        @Override
        public void previousSample(double value, long timestamp) {
            prevValue = value;
            prevTs = timestamp;
            firstBucket = false;
        }

        protected void accept(double v2, long t2) {
            long t1 = prevTs;
            double v1 = prevValue;
            if (iteration == 0) {
                if (!firstBucket) {
                    long ta = bucketStart;
                    firstTs = ta;
                    double vab = v1 + ((double) (ta - t1) * (v2 - v1)) / (double) (t2 - t1);
                    res += ((vab + v2) * (double) (t2 - ta)) / 2.0;
                } else {
                    firstTs = t2;
                }
            } else {
                res += ((v1 + v2) * (double) (t2 - t1)) / 2.0;
            }
            lastTs = prevTs = t2;
            prevValue = v2;
            iteration++;
        }

        @Override
        public void nextSample(double v2, long t2) {
            long t1 = prevTs;
            double v1 = prevValue;
            long tb = bucketEnd;
            double vab = v1 + ((double) (tb - t1) * (v2 - v1)) / (double) (t2 - t1);
            res += ((vab + v1) * (double) (tb - t1)) / 2.0;
            lastTs = tb;
        }

        public double result() {
            if (lastTs == firstTs) {
                return prevValue;
            }
            return res / Math.abs((double) (lastTs - firstTs));
        }

        /** The last sample added (carried into the next bucket as its previous sample). */
        public long lastSampleTime() {
            return prevTs;
        }

        public double lastSampleValue() {
            return prevValue;
        }

        protected void clear() {
            res = 0;
            prevTs = 0;
            prevValue = 0;
            bucketStart = 0;
            bucketEnd = 0;
            firstTs = 0;
            lastTs = 0;
            firstBucket = true;
            iteration = 0;
        }

        public Aggregator copy() {
            Twa c = new Twa();
            c.res = res;
            c.prevTs = prevTs;
            c.prevValue = prevValue;
            c.bucketStart = bucketStart;
            c.bucketEnd = bucketEnd;
            c.firstTs = firstTs;
            c.lastTs = lastTs;
            c.firstBucket = firstBucket;
            c.iteration = iteration;
            c.added = added;
            return c;
        }

        public void save(ModuleTypeOutput out) throws IOException {
            out.saveDouble(res);
            out.saveUnsigned(prevTs);
            out.saveDouble(prevValue);
            out.saveUnsigned(bucketStart);
            out.saveUnsigned(bucketEnd);
            out.saveUnsigned(firstTs);
            out.saveUnsigned(lastTs);
            out.saveUnsigned(firstBucket ? 1 : 0);
            out.saveUnsigned(iteration);
            out.saveUnsigned(0); // the reverse flag: rules always run forward
        }

        public void load(ModuleTypeInput in, int encver) throws IOException {
            res = in.loadDouble();
            prevTs = in.loadUnsigned();
            prevValue = in.loadDouble();
            bucketStart = in.loadUnsigned();
            bucketEnd = in.loadUnsigned();
            firstTs = in.loadUnsigned();
            lastTs = in.loadUnsigned();
            firstBucket = in.loadUnsigned() != 0;
            iteration = in.loadUnsigned();
            in.loadUnsigned();
            added = iteration;
        }
    }
}
