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
import io.sockudo.kv.types.stack.vectorset.hnsw.Quant;

import java.util.concurrent.ThreadLocalRandom;

/** The commands about the whole set: VCARD, VDIM, VINFO, VRANDMEMBER. */
final class SetCommands {
    private SetCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(Specs.read("vcard", 2, true, SetCommands::vcard)
                .summary("Return the number of elements in a vector set")
                .args(Specs.key()).build());
        r.command(Specs.read("vdim", 2, true, SetCommands::vdim)
                .summary("Return the dimension of vectors in the vector set")
                .args(Specs.key()).build());
        r.command(Specs.read("vinfo", 2, true, SetCommands::vinfo)
                .summary("Return information about a vector set")
                .args(Specs.key()).build());
        r.command(Specs.read("vrandmember", -2, false, SetCommands::vrandmember)
                .summary("Return one or multiple random members from a vector set")
                .args(Specs.key(), ArgSpec.integer("count").optional()).build());
    }

    private static VectorSet lookup(KvValue v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof VectorSet)) {
            throw new KvException("WRONGTYPE Operation against a key holding the wrong kind of value");
        }
        return (VectorSet) v;
    }

    static void vcard(CommandContext ctx) {
        VectorSet set = lookup(ctx.db().read(ctx.arg(1)));
        ctx.reply().integer(set == null ? 0 : set.size());
    }

    static void vdim(CommandContext ctx) {
        VectorSet set = lookup(ctx.db().read(ctx.arg(1)));
        if (set == null) {
            throw new KvException("ERR key does not exist");
        }
        ctx.reply().integer(set.dim());
    }

    static void vinfo(CommandContext ctx) {
        VectorSet set = lookup(ctx.db().read(ctx.arg(1)));
        ReplyWriter r = ctx.reply();
        if (set == null) {
            r.nullArray();
            return;
        }
        r.map(9);
        r.simple("quant-type");
        r.simple(Quant.name(set.quant()));
        r.simple("hnsw-m");
        r.integer(set.m());
        r.simple("vector-dim");
        r.integer(set.dim());
        r.simple("projection-input-dim");
        r.integer(set.projectionInputDim());
        r.simple("size");
        r.integer(set.size());
        r.simple("max-level");
        r.integer(set.maxLevel());
        r.simple("attributes-count");
        r.integer(set.attributeCount());
        r.simple("vset-uid");
        r.integer(set.uid());
        r.simple("hnsw-max-node-uid");
        r.integer(set.lastNodeId());
    }

    /**
     * Without count one random element; with a positive count that many distinct elements (all
     * of them when the set is smaller), with a negative one that many draws with repetition.
     * Like Redis, a distinct sample above 20% of the set is a run of consecutive elements from a
     * random start (cheaper than rejecting repeats), below it independent draws without repeats.
     */
    static void vrandmember(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc > 3) {
            throw new KvException(Specs.wrongArity("VRANDMEMBER"));
        }
        boolean withCount = argc == 3;
        long count = 1;
        if (withCount) {
            byte[] c = ctx.arg(2);
            if (!Args.isLong(c)) {
                throw new KvException("ERR COUNT value is not an integer");
            }
            count = Args.parseLongUnchecked(c, 0, c.length);
            if (count == 0) {
                ctx.reply().array(0);
                return;
            }
        }
        VectorSet set = lookup(ctx.db().read(ctx.arg(1)));
        ReplyWriter r = ctx.reply();
        if (set == null || set.size() == 0) {
            if (withCount) {
                r.array(0);
            } else {
                r.nullBulk();
            }
            return;
        }
        Hnsw g = set.graph();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (!withCount) {
            r.bulk(g.store.name(g.randomSlot(rnd)));
            return;
        }
        int size = set.size();
        if (count < 0) {
            if (count < -Integer.MAX_VALUE) {
                throw new KvException("ERR value is out of range");
            }
            int n = (int) -count;
            r.array(n);
            for (int i = 0; i < n; i++) {
                if ((i & 1023) == 0 && r.discarding()) {
                    return; // the client is gone or over its output limit: everything is dropped
                }
                r.bulk(g.store.name(g.randomSlot(rnd)));
            }
            return;
        }
        int n = (int) Math.min(count, size);
        r.array(n);
        if (n > size * 0.2) {
            int start = rnd.nextInt(size);
            for (int i = 0; i < n; i++) {
                r.bulk(g.store.name(g.liveSlot((start + i) % size)));
            }
            return;
        }
        IntSet seen = new IntSet(n);
        int emitted = 0;
        while (emitted < n) {
            int s = g.randomSlot(rnd);
            if (seen.add(s)) {
                r.bulk(g.store.name(s));
                emitted++;
            }
        }
    }

    /** A small open-addressing set of non-negative ints. */
    private static final class IntSet {
        private final int[] table;
        private final int mask;

        IntSet(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
            table = new int[cap];
            mask = cap - 1;
        }

        boolean add(int v) {
            int e = v + 1;
            int i = (v * 0x9E3779B9) >>> 7 & mask;
            while (table[i] != 0) {
                if (table[i] == e) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = e;
            return true;
        }
    }
}
