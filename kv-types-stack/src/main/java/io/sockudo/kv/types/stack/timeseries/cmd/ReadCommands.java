package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.timeseries.query.Kw;
import io.sockudo.kv.types.stack.timeseries.query.RangeArgs;
import io.sockudo.kv.types.stack.timeseries.query.RangeQuery;
import io.sockudo.kv.types.stack.timeseries.query.Samples;
import io.sockudo.kv.types.stack.timeseries.rules.Compaction;
import io.sockudo.kv.types.stack.timeseries.store.Chunk;
import io.sockudo.kv.types.stack.timeseries.store.ChunkList;
import io.sockudo.kv.types.stack.timeseries.store.Rule;
import io.sockudo.kv.types.stack.timeseries.store.Series;

/** The single-series reads: TS.GET, TS.RANGE, TS.REVRANGE, TS.INFO. */
public final class ReadCommands {
    private ReadCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(Specs.read("ts.get", -2, true, ReadCommands::get).keys(1, 1, 1, "RO", "ACCESS")
                .summary("Get the sample with the highest timestamp from a given time series").complexity("O(1)")
                .args(Specs.key(), ArgSpec.pureToken("latest", "LATEST").optional().since("1.8.0")).build());
        for (String name : new String[] {"ts.range", "ts.revrange"}) {
            r.command(Specs.read(name, -4, false, name.equals("ts.range") ? ReadCommands::range : ReadCommands::revrange)
                    .keys(1, 1, 1, "RO", "ACCESS")
                    .summary(name.equals("ts.range") ? "Query a range in forward direction"
                            : "Query a range in reverse direction").since(name.equals("ts.range") ? "1.0.0" : "1.4.0")
                    .complexity("O(n/m+k) where n = Number of data points, m = Chunk size (data points per chunk),"
                            + " k = Number of data points that are in the requested range")
                    .args(Specs.key(), ArgSpec.string("fromTimestamp"), ArgSpec.string("toTimestamp"),
                            ArgSpec.pureToken("latest", "LATEST").optional(),
                            ArgSpec.integer("Timestamp").token("FILTER_BY_TS").optional().multiple(),
                            ArgSpec.block("fbv", ArgSpec.doubleArg("min"), ArgSpec.doubleArg("max"))
                                    .token("FILTER_BY_VALUE").optional(),
                            ArgSpec.integer("count").token("COUNT").optional(),
                            ArgSpec.block("aggregation", ArgSpec.integer("value").token("ALIGN").optional(),
                                    ArgSpec.string("aggregator").token("AGGREGATION"),
                                    ArgSpec.integer("bucketDuration"),
                                    ArgSpec.string("bt").token("BUCKETTIMESTAMP").optional(),
                                    ArgSpec.pureToken("empty", "EMPTY").optional()).optional())
                    .build());
        }
        r.command(Specs.read("ts.info", -2, true, ReadCommands::info).keys(1, 1, 1, "RO")
                .summary("Returns information and statistics for a time series").complexity("O(1)")
                .args(Specs.key(), ArgSpec.pureToken("debug", "DEBUG").optional()).build());
    }

    /** The series under {@code key} for a read (counts a keyspace hit or miss). */
    private static Series lookup(CommandContext ctx, byte[] key) {
        KvValue v = ctx.db().read(key);
        if (v == null) {
            throw new KvException(WriteCommands.NOT_FOUND);
        }
        if (!(v instanceof Series s)) {
            throw new KvException(WriteCommands.WRONGTYPE);
        }
        return s;
    }

    /** The latest partial bucket when LATEST applies (the series is a compaction with a running bucket). */
    static RangeQuery.Latest latest(CommandContext ctx, byte[] key, Series s, boolean wanted) {
        if (!wanted || s.srcRule == null) {
            return null;
        }
        Links.settle(ctx, key, Links.SOURCE);
        RangeQuery.Latest l = new RangeQuery.Latest();
        return Compaction.latest(s.srcRule, l) ? l : null;
    }

    // ---------------------------------------------------------------------------------------
    // TS.GET
    // ---------------------------------------------------------------------------------------

    static void get(CommandContext ctx) {
        if (ctx.argc() > 3) {
            throw new KvException(Kw.wrongArity(ctx));
        }
        byte[] key = ctx.arg(1);
        Series s = lookup(ctx, key);
        boolean wantLatest = false;
        if (ctx.argc() == 3) {
            if (!Args.is(ctx.arg(2), "LATEST")) {
                throw new KvException("ERR TSDB: wrong 3rd argument");
            }
            wantLatest = true;
        }
        RangeQuery.Latest l = latest(ctx, key, s, wantLatest);
        lastSample(ctx.reply(), s, l);
    }

    /** The newest sample (or the latest bucket), or an empty array. */
    static void lastSample(ReplyWriter w, Series s, RangeQuery.Latest l) {
        if (l != null) {
            Out.sample(w, l.ts, l.value);
        } else if (s.totalSamples() == 0) {
            w.array(0);
        } else {
            Out.sample(w, s.lastTimestamp(), s.lastValue());
        }
    }

    // ---------------------------------------------------------------------------------------
    // TS.RANGE / TS.REVRANGE
    // ---------------------------------------------------------------------------------------

    static void range(CommandContext ctx) {
        range(ctx, false);
    }

    static void revrange(CommandContext ctx) {
        range(ctx, true);
    }

    private static void range(CommandContext ctx, boolean reverse) {
        byte[] key = ctx.arg(1);
        Series s = lookup(ctx, key);
        RangeArgs a = RangeArgs.parse(ctx, 2);
        RangeQuery.Latest l = latest(ctx, key, s, a.latest);
        Samples out = new Samples();
        RangeQuery.run(s, a, reverse, l, Links.Targets.of(ctx).scratch(), out);
        Out.samples(ctx.reply(), out);
    }

    // ---------------------------------------------------------------------------------------
    // TS.INFO
    // ---------------------------------------------------------------------------------------

    static void info(CommandContext ctx) {
        if (ctx.argc() > 3) {
            throw new KvException(Kw.wrongArity(ctx));
        }
        byte[] key = ctx.arg(1);
        lookup(ctx, key);
        Series s = (Series) Links.settle(ctx, key, Links.BOTH);
        boolean debug = Kw.find(ctx, "DEBUG") >= 1;
        ReplyWriter w = ctx.reply();
        boolean map = Out.resp3(w);
        int fields = debug ? 16 : 14;
        if (map) {
            w.map(fields);
        } else {
            w.array(fields * 2);
        }
        Chunk.Scratch scratch = Links.Targets.of(ctx).scratch();
        ChunkList samples = s.samples;
        w.simple("totalSamples");
        w.integer(samples.totalSamples() - samples.hiddenSamples(s.retention, scratch));
        w.simple("memoryUsage");
        w.integer(s.memoryUsage());
        w.simple("firstTimestamp");
        w.integer(samples.firstVisibleTimestamp(s.retention, scratch));
        w.simple("lastTimestamp");
        w.integer(samples.lastTimestamp());
        w.simple("retentionTime");
        w.integer(s.retention);
        w.simple("chunkCount");
        w.integer(samples.chunkCount());
        w.simple("chunkSize");
        w.integer(s.chunkSize);
        w.simple("chunkType");
        w.simple(samples.compressed() ? "compressed" : "uncompressed");
        w.simple("duplicatePolicy");
        if (s.policy == io.sockudo.kv.types.stack.timeseries.store.DuplicatePolicy.NONE) {
            w.nullBulk();
        } else {
            w.simple(s.policy.text());
        }
        w.simple("labels");
        Out.labels(w, s.labels);
        w.simple("sourceKey");
        if (s.srcRule == null) {
            w.nullBulk();
        } else {
            w.bulk(s.srcRule.srcKey);
        }
        w.simple("rules");
        int rules = s.rules == null ? 0 : s.rules.size();
        if (map) {
            w.map(rules);
        } else {
            w.array(rules);
        }
        if (s.rules != null) {
            for (Rule r : s.rules) {
                if (!map) {
                    w.array(4);
                }
                w.bulk(r.destKey);
                if (map) {
                    w.array(3);
                }
                w.integer(r.bucketDuration);
                w.simple(r.type.upper());
                w.integer(r.alignment);
            }
        }
        w.simple("ignoreMaxTimeDiff");
        w.integer(s.ignoreMaxTimeDiff);
        w.simple("ignoreMaxValDiff");
        Out.dbl(w, s.ignoreMaxValDiff);
        if (debug) {
            w.simple("keySelfName");
            w.bulk(s.keyName);
            w.simple("Chunks");
            w.array(samples.chunkCount());
            for (int i = 0; i < samples.chunkCount(); i++) {
                Chunk c = samples.chunk(i);
                if (map) {
                    w.map(5);
                } else {
                    w.array(10);
                }
                w.simple("startTimestamp");
                w.integer(c.count() == 0 ? -1 : c.firstTimestamp());
                w.simple("endTimestamp");
                w.integer(c.count() == 0 ? -1 : c.lastTimestamp());
                w.simple("samples");
                w.integer(c.count());
                w.simple("size");
                w.integer(c.dataSize());
                w.simple("bytesPerSample");
                // computed in single precision, as RedisTimeSeries does
                Out.dbl(w, c.count() == 0 ? 0 : (double) ((float) c.dataSize() / c.count()));
            }
        }
    }
}
