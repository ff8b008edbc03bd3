package io.sockudo.kv.types.core.lists;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

/**
 * LMOVE, RPOPLPUSH and LMPOP, and the serving halves their blocking variants share with them
 * (see {@link BlockingCommands}).
 */
final class MoveCommands {
    private MoveCommands() {
    }

    static ArgSpec where(String name) {
        return ArgSpec.oneOf(name, ArgSpec.pureToken("left", "LEFT"), ArgSpec.pureToken("right", "RIGHT"));
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("lmove").arity(5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 2, 1).keySpec(KeySpec.range(1, 1, 1, "RW", "ACCESS", "DELETE"))
                .keySpec(KeySpec.range(2, 2, 1, "RW", "INSERT")).acl("write", "list", "slow")
                .group("list").summary("Pop an element from a list, push it to another list and return it")
                .since("6.2.0").complexity("O(1)")
                .args(ArgSpec.key("source", 0), ArgSpec.key("destination", 1), where("wherefrom"), where("whereto"))
                .handler(MoveCommands::lmove).build());
        r.command(CommandSpec.builder("rpoplpush").arity(3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 2, 1).keySpec(KeySpec.range(1, 1, 1, "RW", "ACCESS", "DELETE"))
                .keySpec(KeySpec.range(2, 2, 1, "RW", "INSERT")).acl("write", "list", "slow")
                .group("list").summary("Remove the last element in a list, prepend it to another list and return it")
                .since("1.2.0").complexity("O(1)")
                .docFlags("deprecated").deprecatedSince("6.2.0")
                .replacedBy("`LMOVE` with the `RIGHT` and `LEFT` arguments")
                .args(ArgSpec.key("source", 0), ArgSpec.key("destination", 1))
                .handler(ctx -> move(ctx, false, true)).build());
        r.command(CommandSpec.builder("lmpop").arity(-4).flags(CommandFlag.WRITE)
                .keys(0, 0, 0).keySpec(KeySpec.keyNum(1, 1, "RW", "ACCESS", "DELETE"))
                .keyFinder(MoveCommands::lmpopKeys).acl("write", "list", "slow")
                .group("list").summary("Pop elements from a list").since("7.0.0")
                .complexity("O(N+M) where N is the number of provided keys and M is the number of elements returned.")
                .args(ArgSpec.integer("numkeys"), ArgSpec.key("key", 0).multiple(), where("where"),
                        ArgSpec.integer("count").token("COUNT").optional())
                .handler(MoveCommands::lmpop).build());
    }

    /** Key positions of LMPOP (numkeys at 1) and BLMPOP (numkeys at 2). */
    static int[] mpopKeys(byte[][] argv, int argc, int numkeysIdx) {
        if (argc <= numkeysIdx || !Args.isLong(argv[numkeysIdx])) {
            return new int[0];
        }
        long n = Args.parseLongUnchecked(argv[numkeysIdx], 0, argv[numkeysIdx].length);
        if (n <= 0 || n > argc - numkeysIdx - 1) {
            return new int[0];
        }
        int[] idx = new int[(int) n];
        for (int i = 0; i < n; i++) {
            idx[i] = numkeysIdx + 1 + i;
        }
        return idx;
    }

    static int[] lmpopKeys(byte[][] argv, int argc) {
        return mpopKeys(argv, argc, 1);
    }

    static void lmove(CommandContext ctx) {
        boolean from = ListCommands.parseWhere(ctx.arg(3));
        boolean to = ListCommands.parseWhere(ctx.arg(4));
        move(ctx, from, to);
    }

    /** LMOVE/RPOPLPUSH: replies the moved element, null when the source is missing. */
    static void move(CommandContext ctx, boolean fromHead, boolean toHead) {
        byte[] src = ctx.arg(1);
        QuickList l = ListCommands.lookupWrite(ctx, src);
        if (l == ListCommands.WRONG) {
            return;
        }
        if (l == null) {
            ctx.reply().nullBulk();
            return;
        }
        moveFrom(ctx, l, src, ctx.arg(2), fromHead, toHead);
    }

    /** Moves one element from the non-empty {@code l} at {@code src} to {@code dst} and replies it. */
    static void moveFrom(CommandContext ctx, QuickList l, byte[] src, byte[] dst, boolean fromHead, boolean toHead) {
        QuickList d = ListCommands.lookupWrite(ctx, dst);
        if (d == ListCommands.WRONG) {
            return;
        }
        byte[] e = l.pop(fromHead);
        boolean created = d == null;
        if (created) {
            d = ListCommands.newList(ctx);
        }
        d.push(toHead, e);
        if (created) {
            ctx.db().put(dst, d);
        } else {
            ctx.db().modified(dst);
        }
        ctx.notify(EventClass.LIST, toHead ? "lpush" : "rpush", dst);
        ctx.reply().bulk(e);
        ctx.notify(EventClass.LIST, fromHead ? "lpop" : "rpop", src);
        ListCommands.afterRemoval(ctx, src, l);
    }

    /** The parsed arguments of LMPOP/BLMPOP. */
    record MpopArgs(int numkeys, boolean head, long count) {
    }

    /** Parses {@code numkeys key... LEFT|RIGHT [COUNT n]} from {@code numkeysIdx} with Redis's errors. */
    static MpopArgs parseMpop(CommandContext ctx, int numkeysIdx) {
        byte[] nk = ctx.arg(numkeysIdx);
        long numkeys = Args.isLong(nk) ? Args.parseLongUnchecked(nk, 0, nk.length) : 0;
        if (numkeys <= 0) {
            throw new KvException("ERR numkeys should be greater than 0");
        }
        int argc = ctx.argc();
        if (numkeys >= argc - numkeysIdx - 1) {
            throw new KvException(KvException.SYNTAX);
        }
        int whereIdx = numkeysIdx + (int) numkeys + 1;
        boolean head = ListCommands.parseWhere(ctx.arg(whereIdx));
        long count = -1;
        for (int j = whereIdx + 1; j < argc; j++) {
            boolean more = argc - 1 - j > 0;
            if (count == -1 && more && Args.is(ctx.arg(j), "COUNT")) {
                byte[] c = ctx.arg(++j);
                count = Args.isLong(c) ? Args.parseLongUnchecked(c, 0, c.length) : 0;
                if (count <= 0) {
                    throw new KvException("ERR count should be greater than 0");
                }
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        return new MpopArgs((int) numkeys, head, count == -1 ? 1 : count);
    }

    static void lmpop(CommandContext ctx) {
        MpopArgs a = parseMpop(ctx, 1);
        int r = mpopServe(ctx, 2, a);
        if (r == NOTHING) {
            ctx.reply().nullArray();
        }
    }

    static final int SERVED = 0;
    static final int NOTHING = 1;
    static final int REPLIED_ERROR = 2;

    /**
     * Pops from the first non-empty list among the keys starting at {@code firstKey}, replying
     * {@code [key, [elements]]}. Returns {@link #SERVED}, {@link #NOTHING} (nothing replied) or
     * {@link #REPLIED_ERROR} (WRONGTYPE replied).
     */
    static int mpopServe(CommandContext ctx, int firstKey, MpopArgs a) {
        for (int i = 0; i < a.numkeys(); i++) {
            byte[] key = ctx.arg(firstKey + i);
            QuickList l = ListCommands.lookupSource(ctx, key);
            if (l == ListCommands.WRONG) {
                return REPLIED_ERROR;
            }
            if (l != null) {
                ReplyWriter w = ctx.reply();
                long n = Math.min(a.count(), l.size());
                w.array(2);
                w.bulk(key);
                w.array((int) n);
                for (long k = 0; k < n; k++) {
                    l.popTo(a.head(), w);
                }
                ctx.notify(EventClass.LIST, a.head() ? "lpop" : "rpop", key);
                ListCommands.afterRemoval(ctx, key, l);
                ctx.propagateAs(a.head() ? ListCommands.LPOP : ListCommands.RPOP, key, Args.bytes(n));
                return SERVED;
            }
        }
        return NOTHING;
    }
}
