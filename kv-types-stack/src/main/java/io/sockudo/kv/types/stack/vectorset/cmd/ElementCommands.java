package io.sockudo.kv.types.stack.vectorset.cmd;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.vectorset.VectorSet;
import io.sockudo.kv.types.stack.vectorset.hnsw.Hnsw;
import io.sockudo.kv.types.stack.vectorset.hnsw.NodeStore;
import io.sockudo.kv.types.stack.vectorset.hnsw.Quant;

/** The commands about one element: VREM, VSETATTR, VGETATTR, VISMEMBER, VEMB, VLINKS. */
final class ElementCommands {
    private ElementCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(Specs.write("vrem", 3, false, false, ElementCommands::vrem)
                .summary("Remove an element from a vector set")
                .args(Specs.key(), Specs.element()).build());
        r.command(Specs.write("vsetattr", 4, true, false, ElementCommands::vsetattr)
                .summary("Associate or remove the JSON attributes of elements")
                .args(Specs.key(), Specs.element(), ArgSpec.string("json")).build());
        r.command(Specs.read("vgetattr", 3, true, ElementCommands::vgetattr)
                .summary("Retrieve the JSON attributes of elements")
                .args(Specs.key(), Specs.element()).build());
        r.command(Specs.read("vismember", 3, false, ElementCommands::vismember)
                .summary("Check if an element exists in a vector set").since("8.2.0")
                .args(Specs.key(), Specs.element()).build());
        r.command(Specs.read("vemb", -3, true, ElementCommands::vemb)
                .summary("Return the vector associated with an element")
                .args(Specs.key(), Specs.element(), ArgSpec.pureToken("raw", "RAW").optional()).build());
        r.command(Specs.read("vlinks", -3, true, ElementCommands::vlinks)
                .summary("Return the neighbors of an element at each layer in the HNSW graph")
                .args(Specs.key(), Specs.element(), ArgSpec.pureToken("withscores", "WITHSCORES").optional())
                .build());
    }

    /** The vector set at the key, null when absent; WRONGTYPE (thrown) for another type. */
    private static VectorSet lookup(KvValue v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof VectorSet)) {
            throw new KvException("WRONGTYPE Operation against a key holding the wrong kind of value");
        }
        return (VectorSet) v;
    }

    static void vrem(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        VectorSet set = lookup(ctx.db().get(key));
        if (set == null || !set.remove(ctx.arg(2))) {
            ctx.reply().bool(false);
            return;
        }
        if (set.size() == 0) {
            ctx.db().delete(key);
        } else {
            ctx.db().modified(key);
        }
        ctx.reply().bool(true);
    }

    static void vsetattr(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        VectorSet set = lookup(ctx.db().get(key));
        if (set == null || !set.setAttr(ctx.arg(2), ctx.arg(3))) {
            ctx.reply().bool(false);
            return;
        }
        ctx.db().modified(key);
        ctx.reply().bool(true);
    }

    static void vgetattr(CommandContext ctx) {
        VectorSet set = lookup(ctx.db().read(ctx.arg(1)));
        int slot = set == null ? -1 : set.slotOf(ctx.arg(2));
        byte[] attr = slot < 0 ? null : set.graph().store.attr(slot);
        if (attr == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(attr);
        }
    }

    static void vismember(CommandContext ctx) {
        VectorSet set = lookup(ctx.db().read(ctx.arg(1)));
        ctx.reply().bool(set != null && set.slotOf(ctx.arg(2)) >= 0);
    }

    /**
     * The approximate vector (de-quantised, times its norm), or with RAW: the encoding name, the
     * stored bytes, the norm and, for int8, the range.
     */
    static void vemb(CommandContext ctx) {
        boolean raw = false;
        for (int j = 3; j < ctx.argc(); j++) {
            if (!Args.is(ctx.arg(j), "raw")) {
                throw new KvException("ERR invalid option");
            }
            raw = true;
        }
        VectorSet set = lookup(ctx.db().read(ctx.arg(1)));
        int slot = set == null ? -1 : set.slotOf(ctx.arg(2));
        ReplyWriter r = ctx.reply();
        if (slot < 0) {
            r.nullBulk();
            return;
        }
        NodeStore store = set.graph().store;
        if (raw) {
            boolean q8 = set.quant() == Quant.Q8;
            r.array(q8 ? 4 : 3);
            r.simple(Quant.name(set.quant()));
            r.bulk(store.rawVector(slot));
            Doubles.reply(r, store.l2(slot));
            if (q8) {
                Doubles.reply(r, store.range(slot));
            }
            return;
        }
        float[] v = set.vectorOf(slot);
        r.array(v.length);
        for (float x : v) {
            Doubles.reply(r, x);
        }
    }

    /** Neighbours per layer, top layer first; with WITHSCORES a map of neighbour to similarity. */
    static void vlinks(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc > 4 || (argc == 4 && !Args.is(ctx.arg(3), "WITHSCORES"))) {
            throw new KvException(Specs.wrongArity("VLINKS"));
        }
        boolean withScores = argc == 4;
        VectorSet set = lookup(ctx.db().read(ctx.arg(1)));
        int slot = set == null ? -1 : set.slotOf(ctx.arg(2));
        ReplyWriter r = ctx.reply();
        if (slot < 0) {
            r.nullBulk();
            return;
        }
        Hnsw g = set.graph();
        int level = g.store.level(slot);
        r.array(level + 1);
        for (int l = level; l >= 0; l--) {
            int n = g.store.linkCount(slot, l);
            if (withScores) {
                r.map(n);
            } else {
                r.array(n);
            }
            for (int j = 0; j < n; j++) {
                int t = g.store.link(slot, l, j);
                r.bulk(g.store.name(t));
                if (withScores) {
                    // Redis keeps this similarity in a float
                    float similarity = (float) (1.0 - g.distance(slot, t) / 2.0);
                    Doubles.reply(r, similarity);
                }
            }
        }
    }
}
