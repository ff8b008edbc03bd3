package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

/**
 * The sorted-set family (Redis's t_zset.c): registers the type, the listpack limits and every
 * command; the handlers live in {@link ZWriteCommands}, {@link ZReadCommands},
 * {@link ZPopCommands} and {@link ZSetOpCommands}. Also the small helpers they share.
 */
public final class ZSetCommands {
    static final String NAN_ERROR = "ERR resulting score is not a number (NaN)";
    static final byte[] EMPTY = new byte[0];

    private ZSetCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(ZSetType.INSTANCE);
        ZSetLimits.register(r);
        ZSetSpecs.register(r);
    }

    /** Returned by the lookups after they replied WRONGTYPE. */
    static final Object WRONG = new Object();

    /**
     * A write-side lookup ({@code db().get}): the set, null when absent, or {@link #WRONG} after
     * replying WRONGTYPE.
     */
    static Object lookupWrite(CommandContext ctx, byte[] key) {
        KvValue v = ctx.db().get(key);
        if (v == null || v instanceof ZSetValue) {
            return v;
        }
        ctx.reply().wrongType();
        return WRONG;
    }

    /** A read-side lookup ({@code db().read}), as {@link #lookupWrite}. */
    static Object lookupRead(CommandContext ctx, byte[] key) {
        KvValue v = ctx.db().read(key);
        if (v == null || v instanceof ZSetValue) {
            return v;
        }
        ctx.reply().wrongType();
        return WRONG;
    }

    /** Copies a member slice. */
    static byte[] copy(byte[] buf, int off, int len) {
        byte[] m = new byte[len];
        System.arraycopy(buf, off, m, 0, len);
        return m;
    }

    /** Writes members (and scores) of a rank range; RESP3 nests each pair when {@code withScores}. */
    static final class Emitter implements ZVisitor {
        final ReplyWriter w;
        final boolean withScores;
        final boolean nested;

        Emitter(ReplyWriter w, boolean withScores) {
            this(w, withScores, withScores && w.protocol() >= 3);
        }

        Emitter(ReplyWriter w, boolean withScores, boolean nested) {
            this.w = w;
            this.withScores = withScores;
            this.nested = nested;
        }

        /** The array header for {@code n} entries. */
        void header(int n) {
            w.array(withScores && !nested ? n * 2 : n);
        }

        @Override
        public void visit(byte[] buf, int off, int len, double score) {
            if (nested) {
                w.array(2);
            }
            w.bulk(buf, off, len);
            if (withScores) {
                w.doubleValue(score);
            }
        }
    }

    /** Collects visited entries into a builder (store commands). */
    static final class Collector implements ZVisitor {
        final ZSetValue.Builder b = ZSetValue.builder();

        @Override
        public void visit(byte[] buf, int off, int len, double score) {
            b.add(copy(buf, off, len), score);
        }
    }

    /**
     * Stores a store command's result at {@code dst} (or deletes {@code dst} when empty, as Redis
     * does) and replies with its size.
     */
    static void storeResult(CommandContext ctx, byte[] dst, ZSetValue.Builder b, String event) {
        int n = b.size();
        if (n > 0) {
            ctx.db().put(dst, b.build(ZSetLimits.of(ctx)));
            ctx.notify(io.sockudo.kv.spi.EventClass.ZSET, event, dst);
        } else if (ctx.db().delete(dst)) {
            ctx.notify(io.sockudo.kv.spi.EventClass.GENERIC, "del", dst);
        }
        ctx.reply().integer(n);
    }

    /** Deletes {@code key} when {@code z} became empty (notifying {@code del}); else marks it modified. */
    static void afterRemoval(CommandContext ctx, byte[] key, ZSetValue z) {
        if (z.size() == 0) {
            ctx.db().delete(key);
            ctx.notify(io.sockudo.kv.spi.EventClass.GENERIC, "del", key);
        } else {
            ctx.db().modified(key);
        }
    }
}
