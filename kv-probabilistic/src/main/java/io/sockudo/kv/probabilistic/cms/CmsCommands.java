package io.sockudo.kv.probabilistic.cms;

import io.sockudo.kv.probabilistic.common.Num;
import io.sockudo.kv.probabilistic.common.Sketches;
import io.sockudo.kv.probabilistic.common.Specs;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.List;

/**
 * Count-Min sketch commands (RedisBloom's rm_cms.c): INITBYDIM INITBYPROB INCRBY QUERY MERGE INFO.
 * Deterministic (fixed seeds 0..depth-1), replicated as received.
 */
public final class CmsCommands {
    static final String NO_KEY = "CMS: key does not exist";
    static final String CAT = "cms";

    private CmsCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(CmsType.INSTANCE);
        r.command(Specs.write("cms.initbydim", 4, CAT, CmsCommands::create).keys(1, 1, 1, "RW", "INSERT")
                .summary("Initializes a Count-Min Sketch to dimensions specified by user").since("2.0.0").complexity("O(1)")
                .args(Specs.key(), ArgSpec.integer("width"), ArgSpec.integer("depth")).build());
        r.command(Specs.write("cms.initbyprob", 4, CAT, CmsCommands::create).keys(1, 1, 1, "RW", "INSERT")
                .summary("Initializes a Count-Min Sketch to accommodate requested tolerances.").since("2.0.0").complexity("O(1)")
                .args(Specs.key(), ArgSpec.doubleArg("error"), ArgSpec.doubleArg("probability")).build());
        r.command(Specs.write("cms.incrby", -4, CAT, CmsCommands::incrby).keys(1, 1, 1, "RW", "UPDATE")
                .summary("Increases the count of one or more items by increment").since("2.0.0")
                .complexity("O(n) where n is the number of items")
                .args(Specs.key(), ArgSpec.block("items", ArgSpec.string("item"), ArgSpec.integer("increment")).multiple()).build());
        r.command(Specs.read("cms.query", -3, CAT, CmsCommands::query).keys(1, 1, 1, "RO")
                .summary("Returns the count for one or more items in a sketch").since("2.0.0")
                .complexity("O(n) where n is the number of items")
                .args(Specs.key(), ArgSpec.string("item").multiple()).build());
        r.command(Specs.write("cms.merge", -4, CAT, CmsCommands::merge).keys(1, 1, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RW", "INSERT"))
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 2, null, 0, 0, 1, 0, 0, 1))
                .keyFinder(Sketches.DEST_NUMKEYS_AT_2)
                .summary("Merges several sketches into one sketch").since("2.0.0")
                .complexity("O(n) where n is the number of sketches")
                .args(ArgSpec.key("destination", 0), ArgSpec.integer("numKeys"), ArgSpec.key("source", 1).multiple(),
                        ArgSpec.integer("weight").token("WEIGHTS").optional().multiple()).build());
        r.command(Specs.read("cms.info", 2, CAT, CmsCommands::info).keys(1, 1, 1, "RO")
                .summary("Returns information about a sketch").since("2.0.0").complexity("O(1)")
                .args(Specs.key()).build());
    }

    /** GetCMSKey: the sketch at {@code key}, or the "does not exist" / WRONGTYPE error. */
    private static CountMinSketch existing(CommandContext ctx, byte[] key, boolean read) {
        CountMinSketch c = Sketches.lookup(ctx, key, CountMinSketch.class, read);
        if (c == null) {
            throw new KvException(NO_KEY);
        }
        return c;
    }

    static void create(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        if (ctx.db().get(key) != null) {
            throw new KvException("CMS: key already exists");
        }
        long width;
        long depth;
        boolean byDim = Sketches.is(ctx.arg(0), "cms.initbydim");
        if (byDim) {
            byte[] w = ctx.arg(2);
            if (!Num.isLong(w) || Num.toLong(w) < 1) {
                throw new KvException("CMS: invalid width");
            }
            byte[] d = ctx.arg(3);
            if (!Num.isLong(d) || Num.toLong(d) < 1) {
                throw new KvException("CMS: invalid depth");
            }
            width = Num.toLong(w);
            depth = Num.toLong(d);
        } else {
            double overEst = Num.toDouble(ctx.arg(2));
            if (Double.isNaN(overEst) || overEst <= 0 || overEst >= 1) {
                throw new KvException("CMS: invalid overestimation value");
            }
            double prob = Num.toDouble(ctx.arg(3));
            if (Double.isNaN(prob) || prob <= 0 || prob >= 1) {
                throw new KvException("CMS: invalid prob value");
            }
            long[] dim = CountMinSketch.dimFromProb(overEst, prob);
            width = dim[0];
            depth = dim[1];
        }
        // RedisBloom refuses width*depth beyond a signed 64-bit; a Java array holds at most 2^31 counters
        if (width < 1 || depth < 1 || width > Long.MAX_VALUE / depth || width * depth > Integer.MAX_VALUE - 16) {
            throw new KvException("CMS: invalid init arguments");
        }
        ctx.db().put(key, new CountMinSketch((int) width, (int) depth));
        ctx.notify(EventClass.MODULE, byDim ? "cms.initbydim" : "cms.initbyprob", key);
        ctx.reply().ok();
    }

    static void incrby(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc % 2 == 1) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        byte[] key = ctx.arg(1);
        CountMinSketch c = existing(ctx, key, false);
        for (int i = 3; i < argc; i += 2) {
            byte[] v = ctx.arg(i);
            if (!Num.isLong(v)) {
                throw new KvException("CMS: Cannot parse number");
            }
            if (Num.toLong(v) < 0) {
                throw new KvException("CMS: Number cannot be negative");
            }
        }
        ReplyWriter w = ctx.reply();
        w.array((argc - 2) / 2);
        boolean changed = false;
        for (int i = 2; i < argc; i += 2) {
            long est = c.incrBy(ctx.arg(i), Num.toLong(ctx.arg(i + 1)));
            if (est < 0) {
                w.error("CMS: INCRBY overflow");
            } else {
                w.integer(est);
                changed = true;
            }
        }
        if (changed) {
            ctx.db().modified(key);
            ctx.notify(EventClass.MODULE, "cms.incrby", key);
        }
    }

    static void query(CommandContext ctx) {
        CountMinSketch c = existing(ctx, ctx.arg(1), true);
        int argc = ctx.argc();
        ReplyWriter w = ctx.reply();
        w.array(argc - 2);
        for (int i = 2; i < argc; i++) {
            w.integer(c.query(ctx.arg(i)));
        }
    }

    static void merge(CommandContext ctx) {
        byte[] destKey = ctx.arg(1);
        CountMinSketch dest = existing(ctx, destKey, false);
        byte[] nk = ctx.arg(2);
        if (!Num.isLong(nk)) {
            throw new KvException("CMS: invalid numkeys");
        }
        long numKeys = Num.toLong(nk);
        if (numKeys <= 0) {
            throw new KvException("CMS: Number of keys must be positive");
        }
        // positions relative to the first source, as RedisBloom parses argv + 3
        int rest = ctx.argc() - 3;
        int pos = -1;
        for (int i = 0; i < rest; i++) {
            if (Sketches.is(ctx.arg(3 + i), "WEIGHTS")) {
                pos = i;
                break;
            }
        }
        if (pos < 0) {
            if (numKeys != rest) {
                throw new KvException("CMS: wrong number of keys");
            }
        } else if (pos != numKeys || rest != 1 + numKeys * 2) {
            throw new KvException("CMS: wrong number of keys/weights");
        }
        int n = (int) numKeys;
        CountMinSketch[] src = new CountMinSketch[n];
        long[] weights = new long[n];
        for (int i = 0; i < n; i++) {
            if (pos == -1) {
                weights[i] = 1;
            } else {
                byte[] wv = ctx.arg(3 + n + 1 + i);
                if (!Num.isLong(wv)) {
                    throw new KvException("CMS: invalid weight value");
                }
                weights[i] = Num.toLong(wv);
            }
            KvValue v = ctx.db().read(ctx.arg(3 + i));
            if (v == null) {
                throw new KvException(NO_KEY);
            }
            if (!(v instanceof CountMinSketch s)) {
                throw new KvException(Sketches.WRONGTYPE);
            }
            if (s.width != dest.width || s.depth != dest.depth) {
                throw new KvException("CMS: width/depth is not equal");
            }
            src[i] = s;
        }
        if (!dest.merge(src, weights)) {
            throw new KvException("CMS: MERGE overflow");
        }
        ctx.db().modified(destKey);
        ctx.notify(EventClass.MODULE, "cms.merge", destKey);
        ctx.reply().ok();
    }

    static void info(CommandContext ctx) {
        CountMinSketch c = existing(ctx, ctx.arg(1), true);
        ReplyWriter w = ctx.reply();
        w.map(3);
        w.simple("width");
        w.integer(c.width);
        w.simple("depth");
        w.integer(c.depth);
        w.simple("count");
        w.integer(c.counter);
    }
}
