package io.sockudo.kv.probabilistic.topk;

import io.sockudo.kv.probabilistic.common.Num;
import io.sockudo.kv.probabilistic.common.Sketches;
import io.sockudo.kv.probabilistic.common.Specs;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

/**
 * Top-K commands (RedisBloom's rm_topk.c): RESERVE ADD INCRBY QUERY COUNT LIST INFO. The decay is
 * drawn from a generator kept in the value (see {@link HeavyKeeper}), so writes replicate verbatim.
 */
public final class TopKCommands {
    static final String NO_KEY = "TopK: key does not exist";
    /** RedisBloom's text, with the run of spaces its C line continuation left inside the string. */
    static final String BAD_INCREMENT = "TopK: increment must be an integer greater or equal to 0"
            + " ".repeat(28) + "and smaller or equal to 100,000";
    static final String CAT = "topk";

    private TopKCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(TopKType.INSTANCE);
        r.command(Specs.write("topk.reserve", -3, CAT, TopKCommands::reserve).keys(1, 1, 1, "RW", "INSERT")
                .summary("Initializes a TopK with specified parameters").since("2.0.0").complexity("O(1)")
                .args(Specs.key(), ArgSpec.integer("topk"), ArgSpec.block("params", ArgSpec.integer("width"),
                        ArgSpec.integer("depth"), ArgSpec.doubleArg("decay")).optional()).build());
        r.command(Specs.write("topk.add", -3, CAT, TopKCommands::add).keys(1, 1, 1, "RW", "UPDATE")
                .summary("Increases the count of one or more items by increment").since("2.0.0")
                .complexity("O(n * k) where n is the number of items and k is the depth")
                .args(Specs.key(), ArgSpec.string("items").multiple()).build());
        r.command(Specs.write("topk.incrby", -4, CAT, TopKCommands::incrby).keys(1, 1, 1, "RW", "UPDATE")
                .summary("Increases the count of one or more items by increment").since("2.0.0")
                .complexity("O(n * k * incr) where n is the number of items, k is the depth and incr is the increment")
                .args(Specs.key(), ArgSpec.block("items", ArgSpec.string("item"), ArgSpec.integer("increment")).multiple()).build());
        r.command(Specs.read("topk.query", -3, CAT, TopKCommands::query).keys(1, 1, 1, "RO")
                .summary("Checks whether one or more items are in a sketch").since("2.0.0")
                .complexity("O(n) where n is the number of items")
                .args(Specs.key(), ArgSpec.string("item").multiple()).build());
        r.command(Specs.read("topk.count", -3, CAT, TopKCommands::query).keys(1, 1, 1, "RO")
                .summary("Return the count for one or more items are in a sketch").since("2.0.0")
                .complexity("O(n) where n is the number of items").docFlags("deprecated").deprecatedSince("2.4.0")
                .args(Specs.key(), ArgSpec.string("item").multiple()).build());
        r.command(Specs.read("topk.list", -2, CAT, TopKCommands::list).keys(1, 1, 1, "RO")
                .summary("Return full list of items in Top K list").since("2.0.0").complexity("O(k*log(k)) where k is the value of top-k")
                .args(Specs.key(), ArgSpec.pureToken("withcount", "WITHCOUNT").optional()).build());
        r.command(Specs.read("topk.info", 2, CAT, TopKCommands::info).keys(1, 1, 1, "RO")
                .summary("Returns information about a sketch").since("2.0.0").complexity("O(1)")
                .args(Specs.key()).build());
    }

    private static HeavyKeeper existing(CommandContext ctx, byte[] key, boolean read) {
        HeavyKeeper t = Sketches.lookup(ctx, key, HeavyKeeper.class, read);
        if (t == null) {
            throw new KvException(NO_KEY);
        }
        return t;
    }

    static void reserve(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc != 3 && argc != 6) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        byte[] key = ctx.arg(1);
        if (ctx.db().get(key) != null) {
            throw new KvException("TopK: key already exists");
        }
        byte[] kArg = ctx.arg(2);
        if (!Num.isLong(kArg) || Num.toLong(kArg) < 1 || Num.toLong(kArg) > 0xffffffffL) {
            throw new KvException("TopK: invalid k");
        }
        long k = Num.toLong(kArg);
        long width = 8;
        long depth = 7;
        double decay = 0.9;
        if (argc == 6) {
            byte[] w = ctx.arg(3);
            if (!Num.isLong(w) || Num.toLong(w) < 1 || Num.toLong(w) > 0xffffffffL) {
                throw new KvException("TopK: invalid width");
            }
            byte[] d = ctx.arg(4);
            if (!Num.isLong(d) || Num.toLong(d) < 1 || Num.toLong(d) > 0xffffffffL) {
                throw new KvException("TopK: invalid depth");
            }
            decay = Num.toDouble(ctx.arg(5));
            if (Double.isNaN(decay) || decay <= 0 || decay > 1) {
                throw new KvException("TopK: invalid decay value. must be '<= 1' & '> 0'");
            }
            width = Num.toLong(w);
            depth = Num.toLong(d);
        }
        // RedisBloom's allocation failure; here the sizes a Java array can hold
        if (k > 1 << 24 || width * depth > (Integer.MAX_VALUE - 16) / 2) {
            throw new KvException("ERR Insufficient memory to create topk data structure");
        }
        ctx.db().put(key, new HeavyKeeper((int) k, (int) width, (int) depth, decay));
        ctx.notify(EventClass.MODULE, "topk.reserve", key);
        ctx.reply().ok();
    }

    private static void replyExpelled(CommandContext ctx, byte[] expelled) {
        if (expelled == null) {
            ctx.reply().nullBulk();
        } else {
            Sketches.simpleItem(ctx, expelled);
        }
    }

    static void add(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        HeavyKeeper t = existing(ctx, key, false);
        int argc = ctx.argc();
        ctx.reply().array(argc - 2);
        for (int i = 2; i < argc; i++) {
            replyExpelled(ctx, t.add(ctx.arg(i), 1));
        }
        ctx.db().modified(key);
        ctx.notify(EventClass.MODULE, "topk.add", key);
    }

    static void incrby(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc % 2 == 1) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        byte[] key = ctx.arg(1);
        HeavyKeeper t = existing(ctx, key, false);
        // validated up front: RedisBloom applies the pairs before a bad increment and then sends an
        // array shorter than announced; here a bad increment fails the command before any change
        for (int i = 3; i < argc; i += 2) {
            byte[] v = ctx.arg(i);
            if (!Num.isLong(v) || Num.toLong(v) < 0 || Num.toLong(v) > 100000) {
                throw new KvException(BAD_INCREMENT);
            }
        }
        ctx.reply().array((argc - 2) / 2);
        for (int i = 2; i < argc; i += 2) {
            replyExpelled(ctx, t.add(ctx.arg(i), Num.toLong(ctx.arg(i + 1))));
        }
        ctx.db().modified(key);
        ctx.notify(EventClass.MODULE, "topk.incrby", key);
    }

    static void query(CommandContext ctx) {
        HeavyKeeper t = existing(ctx, ctx.arg(1), true);
        boolean count = Sketches.is(ctx.arg(0), "topk.count");
        int argc = ctx.argc();
        ReplyWriter w = ctx.reply();
        w.array(argc - 2);
        for (int i = 2; i < argc; i++) {
            w.integer(count ? t.count(ctx.arg(i)) : (t.query(ctx.arg(i)) ? 1 : 0));
        }
    }

    /** strncasecmp(arg, "WITHCOUNT", len(arg)) == 0: any prefix of the keyword, in any case. */
    private static boolean withCount(byte[] a) {
        String kw = "WITHCOUNT";
        if (a.length > kw.length()) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if ((a[i] | 0x20) != (kw.charAt(i) | 0x20)) {
                return false;
            }
        }
        return true;
    }

    static void list(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc > 3) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        boolean withCount = false;
        if (argc == 3) {
            if (!withCount(ctx.arg(2))) {
                throw new KvException("WITHCOUNT keyword expected");
            }
            withCount = true;
        }
        HeavyKeeper t = existing(ctx, ctx.arg(1), true);
        Integer[] order = t.listOrder();
        int n = 0;
        while (n < order.length && t.heapCount[order[n]] != 0) {
            n++;
        }
        ReplyWriter w = ctx.reply();
        w.array(withCount ? 2 * n : n);
        for (int i = 0; i < n; i++) {
            int slot = order[i];
            Sketches.simpleItem(ctx, t.heapItem[slot]);
            if (withCount) {
                w.integer(t.heapCount[slot]);
            }
        }
    }

    static void info(CommandContext ctx) {
        HeavyKeeper t = existing(ctx, ctx.arg(1), true);
        ReplyWriter w = ctx.reply();
        w.map(4);
        w.simple("k");
        w.integer(t.k);
        w.simple("width");
        w.integer(t.width);
        w.simple("depth");
        w.integer(t.depth);
        w.simple("decay");
        w.doubleValue(t.decay);
    }
}
