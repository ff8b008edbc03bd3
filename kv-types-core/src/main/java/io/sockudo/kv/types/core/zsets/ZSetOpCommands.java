package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.common.Strtod;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.types.core.common.SetMembers;

import java.util.Arrays;

/**
 * ZUNION ZINTER ZDIFF, their STORE forms, and ZINTERCARD (Redis's zunionInterDiffGenericCommand).
 * Inputs may be sorted sets or plain sets ({@link SetMembers}, every member scoring 1), as in Redis.
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

    /** An input: a sorted set, a plain set (scores 1) or nothing; with its weight. */
    private static final class Source {
        ZSetValue z;
        SetMembers set;
        double weight = 1.0;

        int size() {
            return z != null ? z.size() : set != null ? set.memberCount() : 0;
        }

        boolean exists() {
            return z != null || set != null;
        }

        /** The member's score, NaN when absent. */
        double score(byte[] m) {
            if (z != null) {
                return z.score(m);
            }
            return set != null && set.containsMember(m) ? 1.0 : Double.NaN;
        }

        void forEach(ZVisitor v) {
            if (z != null) {
                z.forEach(v);
            } else if (set != null) {
                // copied: a set may hand out slices of scratch buffers
                set.forEachMember((buf, off, len) -> {
                    byte[] m = ZSetCommands.copy(buf, off, len);
                    v.visit(m, 0, len, 1.0);
                });
            }
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
            src[i] = new Source();
            if (v instanceof ZSetValue zv) {
                src[i].z = zv;
            } else if (v instanceof SetMembers sv) {
                src[i].set = sv;
            } else if (v != null) {
                throw new KvException("WRONGTYPE Operation against a key holding the wrong kind of value");
            }
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
            if (!s.exists()) {
                continue;
            }
            double w = s.weight;
            s.forEach((buf, off, len, score) -> {
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
        src[0].forEach((buf, off, len, score) -> {
            byte[] m = member(buf, off, len);
            double v = weighted(score, w0);
            for (int i = 1; i < src.length; i++) {
                double s = src[i].score(m);
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
        src[0].forEach((buf, off, len, score) -> {
            byte[] m = member(buf, off, len);
            for (int i = 1; i < src.length; i++) {
                double s = src[i].score(m);
                if (s == s) {
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
        int n = src[0].size();
        byte[][] members = new byte[n][];
        int[] k = {0};
        src[0].forEach((buf, off, len, score) -> members[k[0]++] = member(buf, off, len));
        outer:
        for (byte[] m : members) {
            for (int i = 1; i < src.length; i++) {
                double s = src[i].score(m);
                if (s != s) {
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
