package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.common.RankRange;
import io.sockudo.kv.spi.DoubleFormat;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.core.common.ScanOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * ZCARD ZSCORE ZMSCORE ZCOUNT ZLEXCOUNT ZRANK ZREVRANK, the ZRANGE family (with ZRANGESTORE) and ZSCAN.
 */
final class ZReadCommands {
    /** How a ZRANGE-family command reads its bounds. */
    static final int AUTO = 0;
    static final int RANK = 1;
    static final int SCORE = 2;
    static final int LEX = 3;

    private ZReadCommands() {
    }

    static void zcard(CommandContext ctx) {
        Object found = ZSetCommands.lookupRead(ctx, ctx.arg(1));
        if (found == ZSetCommands.WRONG) {
            return;
        }
        ctx.reply().integer(found == null ? 0 : ((ZSetValue) found).size());
    }

    static void zscore(CommandContext ctx) {
        Object found = ZSetCommands.lookupRead(ctx, ctx.arg(1));
        if (found == ZSetCommands.WRONG) {
            return;
        }
        double s = found == null ? Double.NaN : ((ZSetValue) found).score(ctx.arg(2));
        if (s != s) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().doubleValue(s);
        }
    }

    static void zmscore(CommandContext ctx) {
        Object found = ZSetCommands.lookupRead(ctx, ctx.arg(1));
        if (found == ZSetCommands.WRONG) {
            return;
        }
        ZSetValue z = (ZSetValue) found;
        ReplyWriter w = ctx.reply();
        w.array(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) {
            double s = z == null ? Double.NaN : z.score(ctx.arg(j));
            if (s != s) {
                w.nullBulk();
            } else {
                w.doubleValue(s);
            }
        }
    }

    static void zcount(CommandContext ctx) {
        ZRanges.ScoreRange r = ZRanges.parseScore(ctx.arg(2), ctx.arg(3));
        if (r == null) {
            throw new KvException(ZRanges.SCORE_ERROR);
        }
        countValueRange(ctx, r);
    }

    static void zlexcount(CommandContext ctx) {
        ZRanges.LexRange r = ZRanges.parseLex(ctx.arg(2), ctx.arg(3));
        if (r == null) {
            throw new KvException(ZRanges.LEX_ERROR);
        }
        countValueRange(ctx, r);
    }

    /** ZCOUNT/ZLEXCOUNT after parsing: the number of entries inside {@code r}. */
    private static void countValueRange(CommandContext ctx, ZRanges.ValueRange r) {
        Object found = ZSetCommands.lookupRead(ctx, ctx.arg(1));
        if (found == ZSetCommands.WRONG) {
            return;
        }
        if (found == null) {
            ctx.reply().integer(0);
            return;
        }
        ZSetValue z = (ZSetValue) found;
        ctx.reply().integer(Math.max(0, r.hi(z) - r.lo(z)));
    }

    static void zrank(CommandContext ctx) {
        rank(ctx, false);
    }

    static void zrevrank(CommandContext ctx) {
        rank(ctx, true);
    }

    /** ZRANK/ZREVRANK with Redis 7.2's optional WITHSCORE. */
    private static void rank(CommandContext ctx, boolean reverse) {
        int argc = ctx.argc();
        if (argc > 4) {
            throw new KvException("ERR wrong number of arguments for '" + (reverse ? "zrevrank" : "zrank") + "' command");
        }
        boolean withScore = false;
        if (argc == 4) {
            if (!Args.is(ctx.arg(3), "withscore")) {
                throw new KvException(KvException.SYNTAX);
            }
            withScore = true;
        }
        Object found = ZSetCommands.lookupRead(ctx, ctx.arg(1));
        if (found == ZSetCommands.WRONG) {
            return;
        }
        ZSetValue z = (ZSetValue) found;
        long r = z == null ? -1 : z.rank(ctx.arg(2));
        ReplyWriter w = ctx.reply();
        if (r < 0) {
            if (withScore) {
                w.nullArray();
            } else {
                w.nullBulk();
            }
            return;
        }
        if (reverse) {
            r = z.size() - 1 - r;
        }
        if (withScore) {
            w.array(2);
            w.integer(r);
            w.doubleValue(z.score(ctx.arg(2)));
        } else {
            w.integer(r);
        }
    }

    static void zrange(CommandContext ctx) {
        range(ctx, 1, false, AUTO, 0);
    }

    static void zrangestore(CommandContext ctx) {
        range(ctx, 2, true, AUTO, 0);
    }

    static void zrevrange(CommandContext ctx) {
        range(ctx, 1, false, RANK, -1);
    }

    static void zrangebyscore(CommandContext ctx) {
        range(ctx, 1, false, SCORE, 1);
    }

    static void zrevrangebyscore(CommandContext ctx) {
        range(ctx, 1, false, SCORE, -1);
    }

    static void zrangebylex(CommandContext ctx) {
        range(ctx, 1, false, LEX, 1);
    }

    static void zrevrangebylex(CommandContext ctx) {
        range(ctx, 1, false, LEX, -1);
    }

    /**
     * Redis's zrangeGenericCommand. {@code direction}: 0 auto (REV allowed), 1 forward, -1 reverse.
     */
    private static void range(CommandContext ctx, int argStart, boolean store, int type, int direction) {
        int argc = ctx.argc();
        byte[] key = ctx.arg(argStart);
        int minIdx = argStart + 1;
        int maxIdx = argStart + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = argStart + 3; j < argc; j++) {
            int left = argc - j - 1;
            byte[] o = ctx.arg(j);
            if (!store && Args.is(o, "withscores")) {
                withScores = true;
            } else if (Args.is(o, "limit") && left >= 2) {
                offset = Args.toLong(ctx.arg(j + 1));
                limit = Args.toLong(ctx.arg(j + 2));
                j += 2;
            } else if (direction == 0 && Args.is(o, "rev")) {
                direction = -1;
            } else if (type == AUTO && Args.is(o, "bylex")) {
                type = LEX;
            } else if (type == AUTO && Args.is(o, "byscore")) {
                type = SCORE;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        boolean reverse = direction == -1;
        if (type == AUTO) {
            type = RANK;
        }
        if (limit != -1 && type == RANK) {
            throw new KvException("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == LEX) {
            throw new KvException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        if (reverse && type != RANK) {
            int t = minIdx;
            minIdx = maxIdx;
            maxIdx = t;
        }
        long start = 0;
        long end = 0;
        ZRanges.ScoreRange sr = null;
        ZRanges.LexRange lr = null;
        if (type == RANK) {
            start = Args.toLong(ctx.arg(minIdx));
            end = Args.toLong(ctx.arg(maxIdx));
        } else if (type == SCORE) {
            sr = ZRanges.parseScore(ctx.arg(minIdx), ctx.arg(maxIdx));
            if (sr == null) {
                throw new KvException(ZRanges.SCORE_ERROR);
            }
        } else {
            lr = ZRanges.parseLex(ctx.arg(minIdx), ctx.arg(maxIdx));
            if (lr == null) {
                throw new KvException(ZRanges.LEX_ERROR);
            }
        }
        Object found = ZSetCommands.lookupRead(ctx, key);
        if (found == ZSetCommands.WRONG) {
            return;
        }
        ZSetValue z = (ZSetValue) found;
        // the ranks [from, to] to emit, ascending, and whether to emit them descending
        int from;
        int to;
        if (z == null) {
            from = 0;
            to = -1;
        } else if (type == RANK) {
            long llen = z.size();
            long first = RankRange.first(start, end, llen);
            if (first == RankRange.EMPTY) {
                from = 0;
                to = -1;
            } else {
                start = first;
                end = RankRange.last(end, llen);
                if (reverse) {
                    from = (int) (llen - 1 - end);
                    to = (int) (llen - 1 - start);
                } else {
                    from = (int) start;
                    to = (int) end;
                }
            }
        } else {
            int lo = sr != null ? sr.lo(z) : lr.lo(z);
            int hi = sr != null ? sr.hi(z) : lr.hi(z);
            long count = hi - lo;
            long n;
            if (offset < 0 || (offset > 0 && offset >= z.size()) || count <= offset) {
                n = 0;
            } else {
                long avail = count - offset;
                n = limit < 0 ? avail : Math.min(limit, avail);
            }
            if (n <= 0) {
                from = 0;
                to = -1;
            } else if (reverse) {
                to = (int) (hi - 1 - offset);
                from = (int) (to - n + 1);
            } else {
                from = (int) (lo + offset);
                to = (int) (from + n - 1);
            }
        }
        if (store) {
            ZSetCommands.Collector c = new ZSetCommands.Collector();
            if (z != null) {
                z.visit(from, to, reverse, c);
            }
            ZSetCommands.storeResult(ctx, ctx.arg(1), c.b, "zrangestore");
            return;
        }
        ZSetCommands.Emitter e = new ZSetCommands.Emitter(ctx.reply(), withScores);
        e.header(to - from + 1);
        if (z != null) {
            z.visit(from, to, reverse, e);
        }
    }

    static void zscan(CommandContext ctx) {
        ScanOptions opts = ScanOptions.parse(ctx, false);
        Object found = ZSetCommands.lookupRead(ctx, ctx.arg(1));
        if (found == ZSetCommands.WRONG) {
            return;
        }
        ReplyWriter w = ctx.reply();
        if (found == null) {
            w.array(2);
            w.bulk(ZERO);
            w.array(0);
            return;
        }
        ZSetValue z = (ZSetValue) found;
        List<byte[]> out = new ArrayList<>();
        ZVisitor v = (buf, off, len, score) -> {
            if (opts.matches(buf, off, len)) {
                out.add(ZSetCommands.copy(buf, off, len));
                out.add(DoubleFormat.bytes(score));
            }
        };
        long cursor = opts.cursor;
        if (z.isPacked()) {
            cursor = z.scan(cursor, v);
        } else {
            long maxIterations = opts.count * 10;
            // collect unfiltered count like Redis: the COUNT bound applies before MATCH filtering
            int[] seen = new int[1];
            ZVisitor counting = (buf, off, len, score) -> {
                seen[0]++;
                v.visit(buf, off, len, score);
            };
            do {
                cursor = z.scan(cursor, counting);
            } while (cursor != 0 && maxIterations-- > 0 && seen[0] < opts.count);
        }
        w.array(2);
        w.bulk(Long.toUnsignedString(cursor).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        w.array(out.size());
        for (byte[] b : out) {
            w.bulk(b);
        }
    }

    private static final byte[] ZERO = {'0'};
}
