package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.stack.timeseries.query.Kw;
import io.sockudo.kv.types.stack.timeseries.query.RangeArgs;
import io.sockudo.kv.types.stack.timeseries.store.Rule;
import io.sockudo.kv.types.stack.timeseries.store.Series;

import java.util.Arrays;

/** TS.CREATERULE and TS.DELETERULE: both name the source and the destination as keys. */
public final class RuleCommands {
    private RuleCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(Specs.writeNoOom("ts.createrule", -6, true, RuleCommands::createrule).keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RW", "UPDATE"))
                .keySpec(KeySpec.range(2, 2, 1, "RW", "UPDATE"))
                .summary("Create a compaction rule").complexity("O(1)")
                .args(ArgSpec.key("sourceKey", 0), ArgSpec.key("destKey", 1),
                        ArgSpec.block("aggregation", ArgSpec.string("aggregator").token("AGGREGATION"),
                                ArgSpec.integer("bucketDuration")),
                        ArgSpec.integer("alignTimestamp").optional().since("1.8.0")).build());
        r.command(Specs.writeNoOom("ts.deleterule", 3, true, RuleCommands::deleterule).keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RW", "UPDATE"))
                .keySpec(KeySpec.range(2, 2, 1, "RW", "UPDATE"))
                .summary("Delete a compaction rule").complexity("O(1)")
                .args(ArgSpec.key("sourceKey", 0), ArgSpec.key("destKey", 1)).build());
    }

    private static Series series(KvValue v) {
        if (v == null) {
            throw new KvException(WriteCommands.NOT_FOUND);
        }
        if (!(v instanceof Series s)) {
            throw new KvException(WriteCommands.WRONGTYPE);
        }
        return s;
    }

    static void createrule(CommandContext ctx) {
        if (ctx.argc() > 7) {
            throw new KvException(Kw.wrongArity(ctx));
        }
        int at = Kw.find(ctx, "AGGREGATION");
        if (at < 0) {
            throw new KvException(Kw.wrongArity(ctx));
        }
        RangeArgs a = new RangeArgs();
        RangeArgs.aggregatorAndBucket(ctx, at, a);
        long alignment = 0;
        if (ctx.argc() == 7) {
            byte[] t = at + 3 < ctx.argc() ? ctx.arg(at + 3) : new byte[0];
            if (!Args.isLong(t) || (alignment = Args.parseLongUnchecked(t, 0, t.length)) < 0) {
                throw new KvException("ERR TSDB: Couldn't parse alignTimestamp");
            }
        }
        byte[] srcKey = ctx.arg(1);
        byte[] destKey = ctx.arg(2);
        if (Arrays.equals(srcKey, destKey)) {
            throw new KvException("ERR TSDB: the source key and destination key should be different");
        }
        Series src = series(Links.settle(ctx, srcKey, Links.BOTH));
        if (src.srcRule != null) {
            throw new KvException("ERR TSDB: the source key already has a source rule");
        }
        Series dest = series(Links.settle(ctx, destKey, Links.BOTH));
        if (dest.hasRules()) {
            throw new KvException("ERR TSDB: the destination key already has a dst rule");
        }
        if (dest.srcRule != null) {
            throw new KvException("ERR TSDB: the destination key already has a src rule");
        }
        Rule rule = new Rule(srcKey, destKey, a.agg, a.bucket, alignment);
        src.addRule(rule);
        dest.srcRule = rule;
        ctx.db().modified(srcKey);
        ctx.db().modified(destKey);
        ctx.reply().ok();
        ctx.notify(EventClass.MODULE, "ts.createrule:src", srcKey);
        ctx.notify(EventClass.MODULE, "ts.createrule:dest", destKey);
    }

    static void deleterule(CommandContext ctx) {
        byte[] srcKey = ctx.arg(1);
        byte[] destKey = ctx.arg(2);
        Series src = series(Links.settle(ctx, srcKey, Links.BOTH));
        Rule rule = src.ruleTo(destKey);
        if (rule == null) {
            throw new KvException("ERR TSDB: compaction rule does not exist");
        }
        Series dest = series(ctx.db().get(destKey));
        src.removeRule(rule);
        if (dest.srcRule == rule) {
            dest.srcRule = null;
        }
        ctx.db().modified(srcKey);
        ctx.db().modified(destKey);
        ctx.reply().ok();
        ctx.notify(EventClass.MODULE, "ts.deleterule:src", srcKey);
        ctx.notify(EventClass.MODULE, "ts.deleterule:dest", destKey);
    }
}
