package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import io.sockudo.kv.types.stack.timeseries.agg.Aggregator;
import io.sockudo.kv.types.stack.timeseries.index.Filter;
import io.sockudo.kv.types.stack.timeseries.index.Indexes;
import io.sockudo.kv.types.stack.timeseries.query.Kw;
import io.sockudo.kv.types.stack.timeseries.query.RangeArgs;
import io.sockudo.kv.types.stack.timeseries.query.RangeQuery;
import io.sockudo.kv.types.stack.timeseries.query.Samples;
import io.sockudo.kv.types.stack.timeseries.store.Chunk;
import io.sockudo.kv.types.stack.timeseries.store.Labels;
import io.sockudo.kv.types.stack.timeseries.store.Series;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The commands that select series by label: TS.MGET, TS.MRANGE, TS.MREVRANGE, TS.QUERYINDEX.
 * They are keyless and readonly, so the kernel runs them holding every shard lock; the series
 * come from the label index, never from a scan of the keyspace.
 */
public final class MultiCommands {
    /** Words that end a SELECTED_LABELS list. */
    private static final String[] QUERY_TOKENS = {
        "WITHLABELS", "AGGREGATION", "LIMIT", "GROUPBY", "REDUCE", "FILTER", "FILTER_BY_VALUE", "FILTER_BY_TS", "COUNT"
    };
    private static final int MAX_SELECTED = 50;

    private final Indexes indexes;

    private MultiCommands(Indexes indexes) {
        this.indexes = indexes;
    }

    static void register(ModuleRegistry r, Indexes indexes) {
        MultiCommands m = new MultiCommands(indexes);
        ArgSpec filter = ArgSpec.string("filterExpr").token("FILTER").multiple();
        ArgSpec labels = ArgSpec.oneOf("labels", ArgSpec.pureToken("WITHLABELS", "WITHLABELS"),
                ArgSpec.block("SELECTED_LABELS_BLOCK", ArgSpec.pureToken("SELECTED_LABELS", "SELECTED_LABELS"),
                        ArgSpec.string("label1").multiple())).optional();
        r.command(Specs.read("ts.mget", -3, false, m::mget)
                .summary("Get the sample with the highest timestamp from each time series matching a specific filter")
                .complexity("O(n) where n is the number of time-series that match the filters")
                .args(ArgSpec.pureToken("latest", "LATEST").optional(), labels, filter).build());
        for (String name : new String[] {"ts.mrange", "ts.mrevrange"}) {
            boolean rev = name.equals("ts.mrevrange");
            r.command(Specs.read(name, -4, false, rev ? m::mrevrange : m::mrange)
                    .summary(rev ? "Query a range across multiple time series by filters in reverse direction"
                            : "Query a range across multiple time series by filters in forward direction")
                    .since(rev ? "1.4.0" : "1.0.0")
                    .complexity("O(n/m+k) where n = Number of data points, m = Chunk size (data points per chunk),"
                            + " k = Number of data points that are in the requested ranges")
                    .args(ArgSpec.string("fromTimestamp"), ArgSpec.string("toTimestamp"),
                            ArgSpec.pureToken("latest", "LATEST").optional(), labels, filter,
                            ArgSpec.block("groupby", ArgSpec.string("label").token("GROUPBY"),
                                    ArgSpec.string("reducer").token("REDUCE")).optional()).build());
        }
        r.command(Specs.read("ts.queryindex", -2, false, m::queryindex)
                .summary("Get all time series keys matching a filter list")
                .complexity("O(n) where n is the number of time-series that match the filters")
                .args(ArgSpec.string("filterExpr").multiple()).build());
    }

    // ---------------------------------------------------------------------------------------
    // Parsing shared by MGET and MRANGE
    // ---------------------------------------------------------------------------------------

    /** WITHLABELS / SELECTED_LABELS. */
    private static final class LabelQuery {
        boolean withLabels;
        byte[][] selected;
    }

    private static LabelQuery labelQuery(CommandContext ctx) {
        LabelQuery q = new LabelQuery();
        q.withLabels = Kw.find(ctx, "WITHLABELS") > 0;
        int at = Kw.find(ctx, "SELECTED_LABELS");
        if (at > 0 && q.withLabels) {
            throw new KvException("ERR TSDB: cannot accept WITHLABELS and SELECT_LABELS together");
        }
        if (at > 0) {
            List<byte[]> names = new ArrayList<>();
            outer:
            for (int i = at + 1; i < ctx.argc(); i++) {
                for (String t : QUERY_TOKENS) {
                    if (io.sockudo.kv.spi.Args.is(ctx.arg(i), t)) {
                        break outer;
                    }
                }
                if (names.size() >= MAX_SELECTED) {
                    throw new KvException("ERR TSDB: reached max size for SELECT_LABELS");
                }
                names.add(ctx.arg(i));
            }
            if (names.isEmpty()) {
                throw new KvException("ERR TSDB: SELECT_LABELS should have at least 1 parameter");
            }
            q.selected = names.toArray(new byte[0][]);
        }
        return q;
    }

    /** The filter expressions in {@code [from, to)}. */
    static List<Filter> filters(CommandContext ctx, int from, int to) {
        List<Filter> filters = new ArrayList<>(to - from);
        boolean positive = false;
        for (int i = from; i < to; i++) {
            Filter f = Filter.parse(ctx.arg(i));
            if (f == null) {
                throw new KvException("ERR TSDB: failed parsing labels");
            }
            positive |= f.positive();
            filters.add(f);
        }
        if (!positive) {
            throw new KvException("ERR TSDB: please provide at least one matcher");
        }
        return filters;
    }

    private static void labels(ReplyWriter w, Labels l, LabelQuery q) {
        if (q.withLabels) {
            Out.labels(w, l);
        } else if (q.selected != null) {
            Out.selected(w, l, q.selected);
        } else {
            Out.noLabels(w);
        }
    }

    // ---------------------------------------------------------------------------------------
    // TS.QUERYINDEX
    // ---------------------------------------------------------------------------------------

    void queryindex(CommandContext ctx) {
        List<Filter> filters = filters(ctx, 1, ctx.argc());
        List<byte[]> keys = indexes.forDb(ctx.db().index()).query(filters);
        ReplyWriter w = ctx.reply();
        w.set(keys.size());
        for (byte[] k : keys) {
            w.bulk(k);
        }
    }

    // ---------------------------------------------------------------------------------------
    // TS.MGET
    // ---------------------------------------------------------------------------------------

    void mget(CommandContext ctx) {
        int at = Kw.find(ctx, "FILTER");
        if (at < 0) {
            throw new KvException(Kw.wrongArity(ctx));
        }
        LabelQuery q = labelQuery(ctx);
        List<Filter> filters = filters(ctx, at + 1, ctx.argc());
        boolean latest = Kw.find(ctx, "LATEST") > 0;
        List<Series> found = series(ctx, filters);
        ReplyWriter w = ctx.reply();
        boolean map = Out.resp3(w);
        if (map) {
            w.map(found.size());
        } else {
            w.array(found.size());
        }
        for (Series s : found) {
            if (!map) {
                w.array(3);
            }
            w.bulk(s.keyName);
            if (map) {
                w.array(2);
            }
            labels(w, s.labels, q);
            ReadCommands.lastSample(w, s, ReadCommands.latest(ctx, s.keyName, s, latest));
        }
    }

    /** The series the filters select, in key order. */
    private List<Series> series(CommandContext ctx, List<Filter> filters) {
        List<byte[]> keys = indexes.forDb(ctx.db().index()).query(filters);
        List<Series> out = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            if (ctx.db().peek(k) instanceof Series s) {
                out.add(s);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // TS.MRANGE / TS.MREVRANGE
    // ---------------------------------------------------------------------------------------

    void mrange(CommandContext ctx) {
        mrange(ctx, false);
    }

    void mrevrange(CommandContext ctx) {
        mrange(ctx, true);
    }

    private void mrange(CommandContext ctx, boolean reverse) {
        RangeArgs a = RangeArgs.parse(ctx, 1);
        int filter = Kw.find(ctx, "FILTER");
        if (filter < 0) {
            throw new KvException("ERR TSDB: missing FILTER argument");
        }
        LabelQuery q = labelQuery(ctx);
        int groupby = Kw.find(ctx, "GROUPBY");
        if (groupby > 0 && groupby < filter) {
            throw new KvException("ERR TSDB: GROUPBY should always come after filter");
        }
        int lastFilter = groupby > 0 ? groupby - 1 : ctx.argc() - 1;
        if (lastFilter - filter == 0) {
            throw new KvException("ERR TSDB: missing labels for filter argument");
        }
        List<Filter> filters = filters(ctx, filter + 1, lastFilter + 1);
        byte[] groupLabel = null;
        AggType reducer = null;
        if (groupby > 0) {
            if (groupby + 1 >= ctx.argc()) {
                throw new KvException(Kw.wrongArity(ctx));
            }
            groupLabel = ctx.arg(groupby + 1);
            int reduce = Kw.find(ctx, "REDUCE");
            if (reduce < 0 || ctx.argc() - groupby != 4) {
                throw new KvException(Kw.wrongArity(ctx));
            }
            reducer = AggType.parse(ctx.arg(reduce + 1));
            if (reducer == null || !reducer.reducer()) {
                throw new KvException("ERR TSDB: Invalid reducer type");
            }
        }
        List<Series> found = series(ctx, filters);
        Chunk.Scratch scratch = Links.Targets.of(ctx).scratch();
        if (groupLabel == null) {
            ungrouped(ctx, a, q, found, reverse, scratch);
        } else {
            grouped(ctx, a, q, found, reverse, groupLabel, reducer, scratch);
        }
    }

    private static void ungrouped(CommandContext ctx, RangeArgs a, LabelQuery q, List<Series> found, boolean reverse,
                                  Chunk.Scratch scratch) {
        ReplyWriter w = ctx.reply();
        boolean map = Out.resp3(w);
        if (map) {
            w.map(found.size());
        } else {
            w.array(found.size());
        }
        Samples out = new Samples();
        for (Series s : found) {
            out.clear();
            RangeQuery.run(s, a, reverse, ReadCommands.latest(ctx, s.keyName, s, a.latest), scratch, out);
            if (!map) {
                w.array(3);
            }
            w.bulk(s.keyName);
            if (map) {
                w.array(3);
            }
            labels(w, s.labels, q);
            if (map) {
                w.map(1);
                w.bulk("aggregators");
                if (a.agg == null) {
                    w.array(0);
                } else {
                    w.array(1);
                    w.bulk(a.agg.lower());
                }
            }
            Out.samples(w, out);
        }
    }

    /**
     * GROUPBY label REDUCE reducer: the series are grouped by the value of {@code label} (series
     * without it are left out; groups in value order), each series is queried as without
     * GROUPBY, then the group's samples are reduced per timestamp over the non-NaN values. COUNT
     * also limits the reduced result.
     */
    private static void grouped(CommandContext ctx, RangeArgs a, LabelQuery q, List<Series> found, boolean reverse,
                                byte[] label, AggType reducer, Chunk.Scratch scratch) {
        TreeMap<byte[], List<Series>> groups = new TreeMap<>(Arrays::compareUnsigned);
        for (Series s : found) {
            byte[] v = s.labels.get(label);
            if (v != null) {
                groups.computeIfAbsent(v, k -> new ArrayList<>()).add(s);
            }
        }
        ReplyWriter w = ctx.reply();
        boolean map = Out.resp3(w);
        if (map) {
            w.map(groups.size());
        } else {
            w.array(groups.size());
        }
        for (var e : groups.entrySet()) {
            List<Series> members = e.getValue();
            Samples reduced = reduce(ctx, a, members, reverse, reducer, scratch);
            byte[] name = concat(label, (byte) '=', e.getKey());
            byte[] sources = joinKeys(members);
            Labels groupLabels = new Labels(
                    new byte[][] {label, "__reducer__".getBytes(StandardCharsets.US_ASCII),
                        "__source__".getBytes(StandardCharsets.US_ASCII)},
                    new byte[][] {e.getKey(), reducer.lower().getBytes(StandardCharsets.US_ASCII), sources});
            if (!map) {
                w.array(3);
            }
            w.bulk(name);
            if (map) {
                w.array(4);
                if (q.withLabels) {
                    Out.labels(w, new Labels(new byte[][] {label}, new byte[][] {e.getKey()}));
                } else {
                    labels(w, groupLabels, q);
                }
                w.map(1);
                w.bulk("reducers");
                w.array(1);
                w.bulk(reducer.lower());
                w.map(1);
                w.bulk("sources");
                w.array(members.size());
                for (Series s : members) {
                    w.bulk(s.keyName);
                }
            } else {
                labels(w, groupLabels, q);
            }
            Out.samples(w, reduced);
        }
    }

    /** The group's samples reduced per timestamp, in the query's direction, limited by COUNT. */
    static Samples reduce(CommandContext ctx, RangeArgs a, List<Series> members, boolean reverse, AggType reducer,
                          Chunk.Scratch scratch) {
        TreeMap<Long, Aggregator> byTs = new TreeMap<>();
        Samples one = new Samples();
        for (Series s : members) {
            one.clear();
            RangeQuery.run(s, a, reverse, ReadCommands.latest(ctx, s.keyName, s, a.latest), scratch, one);
            for (int i = 0; i < one.size; i++) {
                Aggregator agg = byTs.computeIfAbsent(one.ts[i], t -> Aggregator.create(reducer));
                double v = one.vals[i];
                if (!Double.isNaN(v)) {
                    agg.add(v, one.ts[i]);
                }
            }
        }
        Samples out = new Samples(Math.max(16, byTs.size()));
        for (var e : byTs.entrySet()) {
            Aggregator agg = e.getValue();
            out.add(e.getKey(), agg.hasSamples() ? agg.result() : agg.emptyValue());
        }
        if (reverse) {
            out.reverse();
        }
        out.truncate(a.limit());
        return out;
    }

    private static byte[] concat(byte[] a, byte sep, byte[] b) {
        byte[] out = new byte[a.length + 1 + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        out[a.length] = sep;
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }

    private static byte[] joinKeys(List<Series> members) {
        int n = members.size() - 1;
        for (Series s : members) {
            n += s.keyName.length;
        }
        byte[] out = new byte[Math.max(0, n)];
        int at = 0;
        boolean first = true;
        for (Series s : members) {
            if (!first) {
                out[at++] = ',';
            }
            first = false;
            System.arraycopy(s.keyName, 0, out, at, s.keyName.length);
            at += s.keyName.length;
        }
        return out;
    }
}
