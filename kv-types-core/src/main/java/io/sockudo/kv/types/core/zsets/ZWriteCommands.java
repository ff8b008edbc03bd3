package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.common.RankRange;
import io.sockudo.kv.types.core.common.Strtod;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;

/** ZADD ZINCRBY ZREM ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX. */
final class ZWriteCommands {
    private ZWriteCommands() {
    }

    static void zadd(CommandContext ctx) {
        zaddGeneric(ctx, false);
    }

    static void zincrby(CommandContext ctx) {
        zaddGeneric(ctx, true);
    }

    /** Redis's zaddGenericCommand: options, then score/member pairs. */
    private static void zaddGeneric(CommandContext ctx, boolean incr) {
        int argc = ctx.argc();
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        int idx = 2;
        for (; idx < argc; idx++) {
            byte[] o = ctx.arg(idx);
            if (Args.is(o, "nx")) {
                nx = true;
            } else if (Args.is(o, "xx")) {
                xx = true;
            } else if (Args.is(o, "ch")) {
                ch = true;
            } else if (Args.is(o, "incr")) {
                incr = true;
            } else if (Args.is(o, "gt")) {
                gt = true;
            } else if (Args.is(o, "lt")) {
                lt = true;
            } else {
                break;
            }
        }
        int elements = argc - idx;
        if (elements % 2 != 0 || elements == 0) {
            throw new KvException(KvException.SYNTAX);
        }
        elements /= 2;
        if (nx && xx) {
            throw new KvException("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new KvException("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new KvException("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = elements == 1 ? null : new double[elements];
        double first = 0;
        for (int j = 0; j < elements; j++) {
            double s = Strtod.parseStrict(ctx.arg(idx + j * 2));
            if (s != s) {
                throw new KvException(KvException.NOT_FLOAT);
            }
            if (j == 0) {
                first = s;
            } else {
                scores[j] = s;
            }
        }
        byte[] key = ctx.arg(1);
        Object found = ZSetCommands.lookupWrite(ctx, key);
        if (found == ZSetCommands.WRONG) {
            return;
        }
        ZSetValue z = (ZSetValue) found;
        if (z == null && xx) {
            if (incr) {
                ctx.reply().nullBulk();
            } else {
                ctx.reply().integer(0);
            }
            return;
        }
        boolean created = false;
        ZSetLimits limits = ZSetLimits.of(ctx);
        if (z == null) {
            z = ZSetValue.createFor(ctx.arg(idx + 1).length, limits);
            created = true;
        }
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        for (int j = 0; j < elements; j++) {
            score = j == 0 ? first : scores[j];
            byte[] member = ctx.arg(idx + 1 + j * 2);
            double cur = z.score(member);
            if (cur == cur) {
                if (nx) {
                    continue;
                }
                if (incr) {
                    score += cur;
                    if (score != score) {
                        finish(ctx, key, z, created, added, updated, incr);
                        ctx.reply().error(ZSetCommands.NAN_ERROR);
                        return;
                    }
                }
                if ((lt && score >= cur) || (gt && score <= cur)) {
                    continue;
                }
                processed++;
                if (score != cur) {
                    z.updatePresent(member, cur, score);
                    updated++;
                }
            } else if (!xx) {
                z.addAbsent(member, score, limits);
                added++;
                processed++;
            }
        }
        finish(ctx, key, z, created, added, updated, incr);
        if (incr) {
            if (processed > 0) {
                ctx.reply().doubleValue(score);
            } else {
                ctx.reply().nullBulk();
            }
        } else {
            ctx.reply().integer(ch ? added + updated : added);
        }
    }

    private static void finish(CommandContext ctx, byte[] key, ZSetValue z, boolean created, int added, int updated,
                               boolean incr) {
        if (added + updated == 0) {
            return;
        }
        if (created) {
            ctx.db().put(key, z);
        } else {
            ctx.db().modified(key);
        }
        ctx.notify(EventClass.ZSET, incr ? "zincr" : "zadd", key);
    }

    static void zrem(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Object found = ZSetCommands.lookupWrite(ctx, key);
        if (found == ZSetCommands.WRONG) {
            return;
        }
        if (found == null) {
            ctx.reply().integer(0);
            return;
        }
        ZSetValue z = (ZSetValue) found;
        int deleted = 0;
        for (int j = 2; j < ctx.argc(); j++) {
            if (z.remove(ctx.arg(j))) {
                deleted++;
                if (z.size() == 0) {
                    break;
                }
            }
        }
        if (deleted > 0) {
            ctx.notify(EventClass.ZSET, "zrem", key);
            ZSetCommands.afterRemoval(ctx, key, z);
        }
        ctx.reply().integer(deleted);
    }

    static void zremrangebyrank(CommandContext ctx) {
        long start = Args.toLong(ctx.arg(2));
        long end = Args.toLong(ctx.arg(3));
        byte[] key = ctx.arg(1);
        Object found = ZSetCommands.lookupWrite(ctx, key);
        if (found == ZSetCommands.WRONG) {
            return;
        }
        if (found == null) {
            ctx.reply().integer(0);
            return;
        }
        ZSetValue z = (ZSetValue) found;
        long llen = z.size();
        long first = RankRange.first(start, end, llen);
        if (first == RankRange.EMPTY) {
            ctx.reply().integer(0);
            return;
        }
        removeRanks(ctx, key, z, (int) first, (int) RankRange.last(end, llen) + 1, "zremrangebyrank");
    }

    static void zremrangebyscore(CommandContext ctx) {
        ZRanges.ScoreRange r = ZRanges.parseScore(ctx.arg(2), ctx.arg(3));
        if (r == null) {
            throw new KvException(ZRanges.SCORE_ERROR);
        }
        removeValueRange(ctx, r, "zremrangebyscore");
    }

    static void zremrangebylex(CommandContext ctx) {
        ZRanges.LexRange r = ZRanges.parseLex(ctx.arg(2), ctx.arg(3));
        if (r == null) {
            throw new KvException(ZRanges.LEX_ERROR);
        }
        removeValueRange(ctx, r, "zremrangebylex");
    }

    /** ZREMRANGEBYSCORE/ZREMRANGEBYLEX after parsing: removes the entries inside {@code r}. */
    private static void removeValueRange(CommandContext ctx, ZRanges.ValueRange r, String event) {
        byte[] key = ctx.arg(1);
        Object found = ZSetCommands.lookupWrite(ctx, key);
        if (found == ZSetCommands.WRONG) {
            return;
        }
        if (found == null) {
            ctx.reply().integer(0);
            return;
        }
        ZSetValue z = (ZSetValue) found;
        removeRanks(ctx, key, z, r.lo(z), r.hi(z), event);
    }

    /** Removes ranks {@code [lo, hi)} and replies with the count. */
    private static void removeRanks(CommandContext ctx, byte[] key, ZSetValue z, int lo, int hi, String event) {
        if (lo >= hi) {
            ctx.reply().integer(0);
            return;
        }
        z.removeRange(lo, hi - 1);
        ctx.notify(EventClass.ZSET, event, key);
        ZSetCommands.afterRemoval(ctx, key, z);
        ctx.reply().integer(hi - lo);
    }
}
