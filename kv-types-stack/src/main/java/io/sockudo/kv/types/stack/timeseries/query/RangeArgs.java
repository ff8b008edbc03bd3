package io.sockudo.kv.types.stack.timeseries.query;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.types.stack.timeseries.agg.AggType;

import java.util.Arrays;

/**
 * The options of TS.RANGE, TS.REVRANGE, TS.MRANGE, TS.MREVRANGE (and TS.DEL's two timestamps),
 * parsed in RedisTimeSeries's order so the first error is the one it reports: timestamps,
 * LATEST, COUNT, AGGREGATION (with BUCKETTIMESTAMP and EMPTY), ALIGN, FILTER_BY_VALUE,
 * FILTER_BY_TS.
 */
public final class RangeArgs {
    /** At most this many FILTER_BY_TS timestamps are read. */
    static final int MAX_TS_FILTER = 128;

    public enum BucketTs { START, END, MID }

    enum Align { DEFAULT, START, END, TIMESTAMP }

    public long from;
    public long to;
    public boolean latest;
    /** -1: no COUNT. */
    public long count = -1;
    public AggType agg;
    public long bucket;
    public BucketTs bucketTs = BucketTs.START;
    public boolean empty;
    Align align = Align.DEFAULT;
    long alignTs;
    /** Sorted distinct FILTER_BY_TS timestamps, or null. */
    public long[] filterTs;
    public boolean filterByValue;
    public double minValue;
    public double maxValue;

    /** The bucket alignment: 0, the start or end of the range, or the given timestamp. */
    public long alignment() {
        return switch (align) {
            case START -> from;
            case END -> to;
            case TIMESTAMP -> alignTs;
            default -> 0;
        };
    }

    /** The number of results to report: COUNT, or no limit. */
    public long limit() {
        return count == -1 ? Long.MAX_VALUE : Math.max(0, count);
    }

    /** Whether a sample passes FILTER_BY_TS and FILTER_BY_VALUE. */
    public boolean passes(long ts, double v) {
        if (filterTs != null && Arrays.binarySearch(filterTs, ts) < 0) {
            return false;
        }
        return !filterByValue || (v >= minValue && v <= maxValue);
    }

    private static long timestamp(byte[] arg) {
        if (!Args.isLong(arg)) {
            return -1;
        }
        return Args.parseLongUnchecked(arg, 0, arg.length);
    }

    /** Parses {@code fromTimestamp toTimestamp} at {@code start} and the options that may follow. */
    public static RangeArgs parse(CommandContext ctx, int start) {
        RangeArgs a = new RangeArgs();
        boolean fromMin = false;
        boolean toMax = false;
        byte[] f = ctx.arg(start);
        if (f.length == 1 && f[0] == '-') {
            a.from = 0;
            fromMin = true;
        } else if ((a.from = timestamp(f)) < 0) {
            throw new KvException("ERR TSDB: wrong fromTimestamp");
        }
        byte[] t = ctx.arg(start + 1);
        if (t.length == 1 && t[0] == '+') {
            a.to = Long.MAX_VALUE;
            toMax = true;
        } else if ((a.to = timestamp(t)) < 0) {
            throw new KvException("ERR TSDB: wrong toTimestamp");
        }
        a.latest = Kw.find(ctx, "LATEST") > 0;
        parseCount(ctx, a);
        parseAggregation(ctx, a);
        parseAlign(ctx, a);
        if (a.align != Align.DEFAULT) {
            if (a.agg == null) {
                throw new KvException("ERR TSDB: ALIGN parameter can only be used with AGGREGATION");
            }
            if (a.align == Align.START && fromMin) {
                throw new KvException("ERR TSDB: start alignment can only be used with explicit start timestamp");
            }
            if (a.align == Align.END && toMax) {
                throw new KvException("ERR TSDB: end alignment can only be used with explicit end timestamp");
            }
        }
        parseFilterByValue(ctx, a);
        parseFilterByTs(ctx, a);
        return a;
    }

    /** Only the two timestamps (TS.DEL). */
    public static RangeArgs parseBounds(CommandContext ctx, int start) {
        RangeArgs a = new RangeArgs();
        byte[] f = ctx.arg(start);
        if (f.length == 1 && f[0] == '-') {
            a.from = 0;
        } else if ((a.from = timestamp(f)) < 0) {
            throw new KvException("ERR TSDB: wrong fromTimestamp");
        }
        byte[] t = ctx.arg(start + 1);
        if (t.length == 1 && t[0] == '+') {
            a.to = Long.MAX_VALUE;
        } else if ((a.to = timestamp(t)) < 0) {
            throw new KvException("ERR TSDB: wrong toTimestamp");
        }
        return a;
    }

    private static void parseCount(CommandContext ctx, RangeArgs a) {
        int at = Kw.find(ctx, "COUNT");
        if (at < 0) {
            return;
        }
        // "AGGREGATION count ..." and "REDUCE count" name the aggregator, not the option
        int agg = Kw.find(ctx, "AGGREGATION");
        if (agg > 0 && at == agg + 1) {
            at = Kw.find(ctx, "COUNT", agg + 2);
            if (at < 0) {
                return;
            }
        }
        int reduce = Kw.find(ctx, "REDUCE");
        if (reduce > 0 && at == reduce + 1) {
            at = Kw.find(ctx, "COUNT", reduce + 2);
            if (at < 0) {
                return;
            }
        }
        if (at + 1 == ctx.argc()) {
            throw new KvException("ERR TSDB: COUNT argument is missing");
        }
        byte[] n = ctx.arg(at + 1);
        if (!Args.isLong(n)) {
            throw new KvException("ERR TSDB: Couldn't parse COUNT");
        }
        a.count = Args.parseLongUnchecked(n, 0, n.length);
    }

    /**
     * AGGREGATION aggregator bucketDuration, with BUCKETTIMESTAMP (3rd or 4th word after the
     * keyword) and EMPTY (3rd or 5th). Shared with TS.CREATERULE, which passes {@code rule}.
     */
    static void parseAggregation(CommandContext ctx, RangeArgs a) {
        int at = Kw.find(ctx, "AGGREGATION");
        if (at < 0) {
            return;
        }
        aggregatorAndBucket(ctx, at, a);
        int empty = Kw.find(ctx, "EMPTY");
        if (empty > 0) {
            if (empty != at + 3 && empty != at + 5) {
                throw new KvException("ERR TSDB: EMPTY flag should be the 3rd or 5th flag after AGGREGATION flag");
            }
            a.empty = true;
        }
        int bt = Kw.find(ctx, "BUCKETTIMESTAMP");
        if (bt > 0) {
            if (bt != at + 3 && bt != at + 4) {
                throw new KvException(
                        "ERR TSDB: BUCKETTIMESTAMP flag should be the 3rd or 4th flag after AGGREGATION flag");
            }
            if (bt + 1 >= ctx.argc()) {
                throw new KvException(Kw.wrongArity(ctx));
            }
            byte[] v = ctx.arg(bt + 1);
            if (Args.is(v, "start") || Args.is(v, "-")) {
                a.bucketTs = BucketTs.START;
            } else if (Args.is(v, "end") || Args.is(v, "+")) {
                a.bucketTs = BucketTs.END;
            } else if (Args.is(v, "mid") || Args.is(v, "~")) {
                a.bucketTs = BucketTs.MID;
            } else {
                throw new KvException("ERR TSDB: unknown BUCKETTIMESTAMP parameter");
            }
        }
    }

    /** The aggregator and bucket duration after the AGGREGATION keyword at {@code at}. */
    public static void aggregatorAndBucket(CommandContext ctx, int at, RangeArgs a) {
        if (at + 2 >= ctx.argc() || !Args.isLong(ctx.arg(at + 2))) {
            throw new KvException("ERR TSDB: Couldn't parse AGGREGATION");
        }
        AggType type = AggType.parse(ctx.arg(at + 1));
        if (type == null) {
            throw new KvException("ERR TSDB: Unknown aggregation type");
        }
        byte[] d = ctx.arg(at + 2);
        long duration = Args.parseLongUnchecked(d, 0, d.length);
        if (duration <= 0) {
            throw new KvException("ERR TSDB: bucketDuration must be greater than zero");
        }
        a.agg = type;
        a.bucket = duration;
    }

    private static void parseAlign(CommandContext ctx, RangeArgs a) {
        int at = Kw.find(ctx, "ALIGN");
        if (at < 0) {
            return;
        }
        if (at + 1 >= ctx.argc()) {
            throw new KvException(Kw.wrongArity(ctx));
        }
        byte[] v = ctx.arg(at + 1);
        if (Args.is(v, "start") || Args.is(v, "-")) {
            a.align = Align.START;
        } else if (Args.is(v, "end") || Args.is(v, "+")) {
            a.align = Align.END;
        } else if ((a.alignTs = timestamp(v)) >= 0) {
            a.align = Align.TIMESTAMP;
        } else {
            throw new KvException("ERR TSDB: unknown ALIGN parameter");
        }
    }

    private static void parseFilterByValue(CommandContext ctx, RangeArgs a) {
        int at = Kw.find(ctx, "FILTER_BY_VALUE");
        if (at < 0) {
            return;
        }
        if (at + 2 >= ctx.argc()) {
            throw new KvException("ERR TSDB: FILTER_BY_VALUE one or more arguments are missing");
        }
        double min = Num.toDouble(ctx.arg(at + 1));
        if (Num.bad(min)) {
            throw new KvException("ERR TSDB: Couldn't parse MIN");
        }
        double max = Num.toDouble(ctx.arg(at + 2));
        if (Num.bad(max)) {
            throw new KvException("ERR TSDB: Couldn't parse MAX");
        }
        a.filterByValue = true;
        a.minValue = min;
        a.maxValue = max;
    }

    private static void parseFilterByTs(CommandContext ctx, RangeArgs a) {
        int at = Kw.find(ctx, "FILTER_BY_TS");
        if (at < 0) {
            return;
        }
        if (at + 1 == ctx.argc()) {
            throw new KvException("ERR TSDB: FILTER_BY_TS one or more arguments are missing");
        }
        long[] values = new long[MAX_TS_FILTER];
        int n = 0;
        for (int i = at + 1; i < ctx.argc() && n < MAX_TS_FILTER; i++) {
            long v = timestamp(ctx.arg(i));
            if (v < 0) {
                break;
            }
            values[n++] = v;
        }
        if (n == 0) {
            throw new KvException("ERR TSDB: FILTER_BY_TS one or more arguments are missing");
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || sorted[i] != sorted[distinct - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        a.filterTs = Arrays.copyOf(sorted, distinct);
    }
}
