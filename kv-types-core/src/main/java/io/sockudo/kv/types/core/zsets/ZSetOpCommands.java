package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;

import java.util.Arrays;

/**
 * ZUNION ZINTER ZDIFF, their STORE forms, and ZINTERCARD (Redis's zunionInterDiffGenericCommand).
 * Sources that are plain sets are not supported yet (they answer WRONGTYPE).
 */
final class ZSetOpCommands {
    private static final int UNION = 0;
    private static final int INTER = 1;
    private static final int DIFF = 2;
    private static final int SUM = 0;
    private static final int MIN = 1;
    private static final int MAX = 2;

    private ZSetOpCommands() {
    }

    static void zunion(CommandContext ctx) {
        generic(ctx, false, 1, UNION, false, "zunion");
    }

    static void zinter(CommandContext ctx) {
        generic(ctx, false, 1, INTER, false, "zinter");
    }

    static void zdiff(CommandContext ctx) {
        generic(ctx, false, 1, DIFF, false, "zdiff");
    }

    static void zunionstore(CommandContext ctx) {
        generic(ctx, true, 2, UNION, false, "zunionstore");
    }

    static void zinterstore(CommandContext ctx) {
        generic(ctx, true, 2, INTER, false, "zinterstore");
    }

    static void zdiffstore(CommandContext ctx) {
        generic(ctx, true, 2, DIFF, false, "zdiffstore");
    }

    static void zintercard(CommandContext ctx) {
        generic(ctx, false, 1, INTER, true, "zintercard");
    }

    /** A source set with its weight. */
    private static final class Source {
        ZSetValue z;
        double weight = 1.0;

        int size() {
            return z == null ? 0 : z.size();
        }
    }

    private static void generic(CommandContext ctx, boolean store, int numkeysIdx, int op, boolean cardOnly,
                                String name) {
        int argc = ctx.argc();
        long setnum = Args.toLong(ctx.arg(numkeysIdx));
        if (setnum < 1) {
            throw new KvException("ERR at least 1 input key is needed for '" + name + "' command");
        }
        if (setnum > argc - (numkeysIdx + 1)) {
            throw new KvException(KvException.SYNTAX);
        }
        int n = (int) setnum;
        Source[] src = new Source[n];
        int j = numkeysIdx + 1;
        for (int i = 0; i < n; i++, j++) {
            KvValue v = store ? ctx.db().get(ctx.arg(j)) : ctx.db().read(ctx.arg(j));
            if (v != null && !(v instanceof ZSetValue)) {
                throw new KvException("WRONGTYPE Operation against a key holding the wrong kind of value");
            }
            src[i] = new Source();
            src[i].z = (ZSetValue) v;
        }
        int aggregate = SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = argc - j;
        while (remaining > 0) {
            byte[] o = ctx.arg(j);
            if (op != DIFF && !cardOnly && remaining >= n + 1 && Args.is(o, "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    double w = Strtod.parseStrict(ctx.arg(j));
                    if (w != w) {
                        throw new KvException("ERR weight value is not a float");
                    }
                    src[i].weight = w;
                }
            } else if (op != DIFF && !cardOnly && remaining >= 2 && Args.is(o, "aggregate")) {
                byte[] a = ctx.arg(j + 1);
                if (Args.is(a, "sum")) {
                    aggregate = SUM;
                } else if (Args.is(a, "min")) {
                    aggregate = MIN;
                } else if (Args.is(a, "max")) {
                    aggregate = MAX;
                } else {
                    throw new KvException(KvException.SYNTAX);
                }
                j += 2;
                remaining -= 2;
            } else if (!store && !cardOnly && Args.is(o, "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardOnly && remaining >= 2 && Args.is(o, "limit")) {
                byte[] l = ctx.arg(j + 1);
                if (!Args.isLong(l) || (limit = Args.parseLongUnchecked(l, 0, l.length)) < 0) {
                    throw new KvException("ERR LIMIT can't be negative");
                }
                j += 2;
                remaining -= 2;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        if (op != DIFF) {
            // smallest first, as Redis does (the intersection walks the smallest set)
            Arrays.sort(src, (a, b) -> Integer.compare(a.size(), b.size()));
        }
        if (cardOnly) {
            ctx.reply().integer(interCard(src, limit));
            return;
        }
        ZSetValue result = switch (op) {
            case UNION -> union(src, aggregate);
            case INTER -> inter(src, aggregate);
            default -> diff(src);
        };
        if (store) {
            ZSetValue.Builder b = ZSetValue.builder();
            result.forEach((buf, off, len, score) -> b.add(buf, score));
            ZSetCommands.storeResult(ctx, ctx.arg(1), b, name);
            return;
        }
        ZSetCommands.Emitter e = new ZSetCommands.Emitter(ctx.reply(), withScores);
        e.header(result.size());
        result.forEach(e);
    }

    /** The member as its own array (the tree store's arrays are exact and immutable, so shared). */
    private static byte[] member(byte[] buf, int off, int len) {
        return off == 0 && len == buf.length ? buf : ZSetCommands.copy(buf, off, len);
    }

    private static double weighted(double score, double weight) {
        double v = score * weight;
        return v != v ? 0 : v;
    }

    private static double aggregate(int how, double acc, double v) {
        switch (how) {
            case SUM: {
                double s = acc + v;
                return s != s ? 0 : s;
            }
            case MIN:
                return v < acc ? v : acc;
            default:
                return v > acc ? v : acc;
        }
    }

    private static ZSetValue union(Source[] src, int how) {
        int total = 0;
        for (Source s : src) {
            total += s.size();
        }
        ZScoreIndex acc = new ZScoreIndex(total);
        for (Source s : src) {
            if (s.z == null) {
                continue;
            }
            double w = s.weight;
            s.z.forEach((buf, off, len, score) -> {
                byte[] m = member(buf, off, len);
                double v = weighted(score, w);
                double cur = acc.get(m);
                acc.put(m, cur == cur ? aggregate(how, cur, v) : v);
            });
        }
        return toSet(acc);
    }

    private static ZSetValue inter(Source[] src, int how) {
        ZScoreIndex acc = new ZScoreIndex(16);
        if (src[0].size() == 0) {
            return toSet(acc);
        }
        double w0 = src[0].weight;
        src[0].z.forEach((buf, off, len, score) -> {
            byte[] m = member(buf, off, len);
            double v = weighted(score, w0);
            for (int i = 1; i < src.length; i++) {
                if (src[i].z == null) {
                    return;
                }
                double s = src[i].z.score(m);
                if (s != s) {
                    return;
                }
                v = aggregate(how, v, weighted(s, src[i].weight));
            }
            acc.put(m, v);
        });
        return toSet(acc);
    }

    private static ZSetValue diff(Source[] src) {
        ZScoreIndex acc = new ZScoreIndex(16);
        if (src[0].size() == 0) {
            return toSet(acc);
        }
        src[0].z.forEach((buf, off, len, score) -> {
            byte[] m = member(buf, off, len);
            for (int i = 1; i < src.length; i++) {
                if (src[i].z != null && src[i].z.contains(m)) {
                    return;
                }
            }
            acc.put(m, score);
        });
        return toSet(acc);
    }

    private static long interCard(Source[] src, long limit) {
        if (src[0].size() == 0) {
            return 0;
        }
        long[] count = {0};
        ZSetValue first = src[0].z;
        int n = first.size();
        byte[][] members = new byte[n][];
        int[] k = {0};
        first.forEach((buf, off, len, score) -> members[k[0]++] = member(buf, off, len));
        outer:
        for (byte[] m : members) {
            for (int i = 1; i < src.length; i++) {
                if (src[i].z == null || !src[i].z.contains(m)) {
                    continue outer;
                }
            }
            count[0]++;
            if (limit > 0 && count[0] >= limit) {
                break;
            }
        }
        return count[0];
    }

    private static ZSetValue toSet(ZScoreIndex acc) {
        ZSetValue z = ZSetValue.createTree(acc.size());
        acc.forEach((buf, off, len, score) -> z.insertNew(buf, score));
        return z;
    }
}
