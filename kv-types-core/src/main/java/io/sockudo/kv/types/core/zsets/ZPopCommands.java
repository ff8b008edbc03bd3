package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.common.Strtod;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** ZPOPMIN ZPOPMAX ZMPOP BZPOPMIN BZPOPMAX BZMPOP ZRANDMEMBER. */
final class ZPopCommands {
    private static final byte[] ZPOPMIN = "ZPOPMIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZPOPMAX = "ZPOPMAX".getBytes(StandardCharsets.US_ASCII);

    private ZPopCommands() {
    }

    static void zpopmin(CommandContext ctx) {
        zpop(ctx, false);
    }

    static void zpopmax(CommandContext ctx) {
        zpop(ctx, true);
    }

    private static void zpop(CommandContext ctx, boolean max) {
        if (ctx.argc() > 3) {
            throw new KvException(KvException.SYNTAX);
        }
        long count = -1;
        if (ctx.argc() == 3) {
            byte[] cb = ctx.arg(2);
            count = Args.isLong(cb) ? Args.parseLongUnchecked(cb, 0, cb.length) : -1;
            if (count < 0) {
                throw new KvException("ERR value is out of range, must be positive");
            }
        }
        boolean nested = ctx.reply().protocol() > 2 && count != -1;
        pop(ctx, 1, 1, max, false, count, nested, false);
    }

    /**
     * Redis's genericZpopCommand over the keys {@code argv[first .. first+n)}: pops from the first
     * non-empty one. Returns false (having replied nothing) when every key is absent and
     * {@code onlyIfFound}; otherwise replies.
     */
    private static boolean pop(CommandContext ctx, int first, int n, boolean max, boolean emitKey, long count,
                               boolean nested, boolean nilWhenEmpty) {
        ZSetValue z = null;
        byte[] key = null;
        for (int i = first; i < first + n; i++) {
            KvValue v = ctx.db().get(ctx.arg(i));
            if (v == null) {
                continue;
            }
            if (!(v instanceof ZSetValue)) {
                ctx.reply().wrongType();
                return true;
            }
            z = (ZSetValue) v;
            key = ctx.arg(i);
            break;
        }
        ReplyWriter w = ctx.reply();
        if (z == null) {
            if (nilWhenEmpty) {
                w.nullArray();
            } else {
                w.array(0);
            }
            return false;
        }
        if (count == 0) {
            w.array(0);
            return true;
        }
        long c = count == -1 ? 1 : count;
        int n2 = (int) Math.min(c, z.size());
        if (!nested && !emitKey) {
            w.array(n2 * 2);
        } else if (nested && !emitKey) {
            w.array(n2);
        } else if (!nested) {
            w.array(n2 * 2 + 1);
            w.bulk(key);
        } else {
            w.array(2);
            w.bulk(key);
            w.array(n2);
        }
        int from = max ? z.size() - n2 : 0;
        int to = max ? z.size() - 1 : n2 - 1;
        z.visit(from, to, max, new ZSetCommands.Emitter(w, true, nested));
        z.removeRange(from, to);
        ctx.notify(EventClass.ZSET, max ? "zpopmax" : "zpopmin", key);
        ZSetCommands.afterRemoval(ctx, key, z);
        return true;
    }

    static void zmpop(CommandContext ctx) {
        mpop(ctx, 1, false);
    }

    static void bzmpop(CommandContext ctx) {
        mpop(ctx, 2, true);
    }

    /** ZMPOP/BZMPOP: {@code numkeys key... MIN|MAX [COUNT count]}. */
    private static void mpop(CommandContext ctx, int numkeysIdx, boolean block) {
        long numkeys = numkeys(ctx.arg(numkeysIdx));
        long whereIdx = numkeysIdx + numkeys + 1;
        int argc = ctx.argc();
        if (whereIdx >= argc) {
            throw new KvException(KvException.SYNTAX);
        }
        boolean max;
        byte[] where = ctx.arg((int) whereIdx);
        if (Args.is(where, "min")) {
            max = false;
        } else if (Args.is(where, "max")) {
            max = true;
        } else {
            throw new KvException(KvException.SYNTAX);
        }
        long count = -1;
        for (int j = (int) whereIdx + 1; j < argc; j++) {
            int more = argc - 1 - j;
            if (count == -1 && Args.is(ctx.arg(j), "count") && more > 0) {
                j++;
                count = countArg(ctx.arg(j));
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        if (count == -1) {
            count = 1;
        }
        long timeout = block ? timeout(ctx, 1) : 0;
        int first = numkeysIdx + 1;
        int n = (int) numkeys;
        if (!block) {
            byte[] key = firstNonEmpty(ctx, first, n);
            // Propagated with the number actually popped, as Redis rewrites ZMPOP.
            long popped = key == null ? 0 : Math.min(count, ((ZSetValue) ctx.db().peek(key)).size());
            if (pop(ctx, first, n, max, true, count, true, true) && key != null) {
                ctx.propagateAs(max ? ZPOPMAX : ZPOPMIN, key, Args.bytes(popped));
            }
            return;
        }
        blockingPop(ctx, first, n, max, count, true, timeout);
    }

    static void bzpopmin(CommandContext ctx) {
        bzpop(ctx, false);
    }

    static void bzpopmax(CommandContext ctx) {
        bzpop(ctx, true);
    }

    private static void bzpop(CommandContext ctx, boolean max) {
        int argc = ctx.argc();
        long timeout = timeout(ctx, argc - 1);
        blockingPop(ctx, 1, argc - 2, max, -1, false, timeout);
    }

    /** Redis's blockingGenericZpopCommand: serve the first non-empty key, or block. */
    private static void blockingPop(CommandContext ctx, int first, int n, boolean max, long count, boolean nested,
                                    long timeoutMillis) {
        for (int i = first; i < first + n; i++) {
            byte[] key = ctx.arg(i);
            KvValue v = ctx.db().get(key);
            // a blocked client is served only from a sorted set: on a re-run another type reads as absent
            if (v == null || (!(v instanceof ZSetValue) && ctx.isBlockedRetry())) {
                continue;
            }
            if (!(v instanceof ZSetValue)) {
                ctx.reply().wrongType();
                return;
            }
            long popped = Math.min(count, ((ZSetValue) v).size());
            pop(ctx, i, 1, max, true, count, nested, true);
            if (count == -1) {
                ctx.propagateAs(max ? ZPOPMAX : ZPOPMIN, key);
            } else {
                ctx.propagateAs(max ? ZPOPMAX : ZPOPMIN, key, Args.bytes(popped));
            }
            return;
        }
        if (!ctx.canBlock()) {
            ctx.reply().nullArray();
            return;
        }
        byte[][] keys = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = ctx.arg(first + i);
        }
        ctx.block(keys, timeoutMillis);
    }

    private static byte[] firstNonEmpty(CommandContext ctx, int first, int n) {
        for (int i = first; i < first + n; i++) {
            KvValue v = ctx.db().peek(ctx.arg(i));
            if (v instanceof ZSetValue) {
                return ctx.arg(i);
            }
            if (v != null) {
                return null;
            }
        }
        return null;
    }

    /** A blocking timeout in seconds (a float) as relative milliseconds, 0 for forever. */
    static long timeout(CommandContext ctx, int idx) {
        byte[] b = ctx.arg(idx);
        // Redis reads a long double: overflow and underflow of a double are still valid numbers
        Strtod p = new Strtod();
        if (b.length > 0 && !Strtod.isSpace(b[0])) {
            p.parse(b, 0, b.length);
        }
        double d = p.value;
        if (b.length == 0 || p.end != b.length || d != d) {
            throw new KvException("ERR timeout is not a float or out of range");
        }
        double ms = d * 1000.0;
        long t = Double.isInfinite(ms) || ms >= 9.223372036854775807E18 || ms <= -9.223372036854775808E18
                ? Long.MIN_VALUE : (long) ms;
        if (t < 0) {
            throw new KvException("ERR timeout is negative");
        }
        if (t > 0 && t > Long.MAX_VALUE - ctx.now()) {
            throw new KvException("ERR timeout is out of range");
        }
        return t;
    }

    private static long numkeys(byte[] b) {
        if (!Args.isLong(b)) {
            throw new KvException("ERR numkeys should be greater than 0");
        }
        long v = Args.parseLongUnchecked(b, 0, b.length);
        if (v < 1) {
            throw new KvException("ERR numkeys should be greater than 0");
        }
        return v;
    }

    private static long countArg(byte[] b) {
        if (!Args.isLong(b)) {
            throw new KvException("ERR count should be greater than 0");
        }
        long v = Args.parseLongUnchecked(b, 0, b.length);
        if (v < 1) {
            throw new KvException("ERR count should be greater than 0");
        }
        return v;
    }

    static void zrandmember(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc >= 3) {
            randWithCount(ctx);
            return;
        }
        Object found = ZSetCommands.lookupRead(ctx, ctx.arg(1));
        if (found == ZSetCommands.WRONG) {
            return;
        }
        if (found == null) {
            ctx.reply().nullBulk();
            return;
        }
        ZSetValue z = (ZSetValue) found;
        int r = ThreadLocalRandom.current().nextInt(z.size());
        z.visit(r, r, false, (buf, off, len, score) -> ctx.reply().bulk(buf, off, len));
    }

    private static void randWithCount(CommandContext ctx) {
        int argc = ctx.argc();
        boolean withScores = false;
        byte[] cb = ctx.arg(2);
        if (!Args.isLong(cb)) {
            throw new KvException(KvException.NOT_INTEGER);
        }
        long l = Args.parseLongUnchecked(cb, 0, cb.length);
        if (l == Long.MIN_VALUE) {
            throw new KvException("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        if (argc > 4 || (argc == 4 && !Args.is(ctx.arg(3), "withscores"))) {
            throw new KvException(KvException.SYNTAX);
        }
        if (argc == 4) {
            withScores = true;
            if (l < -Long.MAX_VALUE / 2) {
                throw new KvException("ERR value is out of range");
            }
        }
        Object found = ZSetCommands.lookupRead(ctx, ctx.arg(1));
        if (found == ZSetCommands.WRONG) {
            return;
        }
        ReplyWriter w = ctx.reply();
        if (found == null || l == 0) {
            w.array(0);
            return;
        }
        ZSetValue z = (ZSetValue) found;
        int size = z.size();
        ZSetCommands.Emitter e = new ZSetCommands.Emitter(w, withScores);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (l < 0) {
            // repetitions allowed
            long count = -l;
            if (count > Integer.MAX_VALUE - 8) {
                count = Integer.MAX_VALUE - 8;
            }
            e.header((int) count);
            for (long i = 0; i < count; i++) {
                int r = rnd.nextInt(size);
                z.visit(r, r, false, e);
                if ((i & 1023) == 1023 && w.discarding()) {
                    return; // the client is being dropped (output-buffer limit): stop producing
                }
            }
            return;
        }
        if (l >= size) {
            e.header(size);
            z.forEach(e);
            return;
        }
        int count = (int) l;
        int[] ranks;
        if ((long) count * 3 > size) {
            // many of them: a partial Fisher-Yates shuffle of [0, size)
            ranks = new int[size];
            for (int i = 0; i < size; i++) {
                ranks[i] = i;
            }
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(size - i);
                int t = ranks[i];
                ranks[i] = ranks[j];
                ranks[j] = t;
            }
        } else {
            // few of a big set: random ranks, repeats dropped
            ranks = new int[count];
            java.util.HashSet<Integer> seen = new java.util.HashSet<>(count * 2);
            int n = 0;
            while (n < count) {
                int r = rnd.nextInt(size);
                if (seen.add(r)) {
                    ranks[n++] = r;
                }
            }
        }
        e.header(count);
        for (int i = 0; i < count; i++) {
            z.visit(ranks[i], ranks[i], false, e);
        }
    }
}
