package io.sockudo.kv.types.core.sets;

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
 * Set algebra: SINTER SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE, following
 * Redis 7.0's {@code sinterGenericCommand} and {@code sunionDiffGenericCommand}: every key's type
 * is checked before anything else (a missing key is an empty set), an intersection walks the
 * smallest set, unions and differences are built into a fresh set (intset until a member or the
 * size requires a hashtable) and replied in that set's order, and the STORE variants replace the
 * destination or delete it when the result is empty.
 */
final class SetAlgebraCommands {
    private static final int UNION = 0;
    private static final int DIFF = 1;

    private SetAlgebraCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(readSpec("sinter", "Intersect multiple sets",
                "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
                .handler(SetAlgebraCommands::sinter).build());
        r.command(readSpec("sunion", "Add multiple sets",
                "O(N) where N is the total number of elements in all given sets.")
                .handler(ctx -> unionDiff(ctx, UNION, false)).build());
        r.command(readSpec("sdiff", "Subtract multiple sets",
                "O(N) where N is the total number of elements in all given sets.")
                .handler(ctx -> unionDiff(ctx, DIFF, false)).build());
        r.command(storeSpec("sinterstore", "RW", "Intersect multiple sets and store the resulting set in a key",
                "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
                .handler(SetAlgebraCommands::sinterstore).build());
        r.command(storeSpec("sunionstore", "OW", "Add multiple sets and store the resulting set in a key",
                "O(N) where N is the total number of elements in all given sets.")
                .handler(ctx -> unionDiff(ctx, UNION, true)).build());
        r.command(storeSpec("sdiffstore", "OW", "Subtract multiple sets and store the resulting set in a key",
                "O(N) where N is the total number of elements in all given sets.")
                .handler(ctx -> unionDiff(ctx, DIFF, true)).build());
        r.command(CommandSpec.builder("sintercard").arity(-3).flags(CommandFlag.READONLY)
                .keySpec(KeySpec.keyNum(1, 1, "RO", "ACCESS"))
                .keyFinder(SetAlgebraCommands::sintercardKeys)
                .acl("read", "set", "slow").group("set")
                .summary("Intersect multiple sets and return the cardinality of the result").since("7.0.0")
                .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
                .args(ArgSpec.integer("numkeys"), ArgSpec.key("key", 0).multiple(),
                        ArgSpec.integer("limit").token("LIMIT").optional())
                .handler(SetAlgebraCommands::sintercard).build());
    }

    private static CommandSpec.Builder readSpec(String name, String summary, String complexity) {
        return CommandSpec.builder(name).arity(-2).flags(CommandFlag.READONLY)
                .keys(1, -1, 1, "RO", "ACCESS").acl("read", "set", "slow").group("set")
                .summary(summary).since("1.0.0").complexity(complexity)
                .tips("nondeterministic_output_order")
                .args(ArgSpec.key("key", 0).multiple());
    }

    private static CommandSpec.Builder storeSpec(String name, String dstFlag, String summary, String complexity) {
        return CommandSpec.builder(name).arity(-3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, -1, 1)
                .keySpec(KeySpec.range(1, 1, 1, dstFlag, "UPDATE"))
                .keySpec(KeySpec.range(2, -1, 1, "RO", "ACCESS"))
                .acl("write", "set", "slow").group("set")
                .summary(summary).since("1.0.0").complexity(complexity)
                .args(ArgSpec.key("destination", 0), ArgSpec.key("key", 1).multiple());
    }

    /** SINTERCARD's keys: {@code numkeys} of them after it, or none when numkeys is unusable. */
    static int[] sintercardKeys(byte[][] argv, int argc) {
        if (argc < 3 || !Args.isLong(argv[1])) {
            return new int[0];
        }
        long n = Args.parseLongUnchecked(argv[1], 0, argv[1].length);
        if (n < 1 || n > argc - 2) {
            return new int[0];
        }
        int[] out = new int[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = 2 + i;
        }
        return out;
    }

    /**
     * Looks up {@code count} keys from argument {@code first}: null entries for missing keys,
     * WRONGTYPE thrown for any other type (before anything is written).
     */
    private static SetValue[] lookup(CommandContext ctx, int first, int count, boolean write) {
        SetValue[] sets = new SetValue[count];
        for (int j = 0; j < count; j++) {
            byte[] key = ctx.arg(first + j);
            sets[j] = SetCommands.cast(write ? ctx.db().get(key) : ctx.db().read(key));
        }
        return sets;
    }

    /** True if any set is missing (an intersection with it is empty). */
    private static boolean anyMissing(SetValue[] sets) {
        for (SetValue s : sets) {
            if (s == null) {
                return true;
            }
        }
        return false;
    }

    /** Sorts by size ascending (insertion sort: the array is the command's key list, small). */
    private static void sortBySize(SetValue[] sets) {
        for (int i = 1; i < sets.length; i++) {
            SetValue s = sets[i];
            int j = i - 1;
            while (j >= 0 && sets[j].size() > s.size()) {
                sets[j + 1] = sets[j];
                j--;
            }
            sets[j + 1] = s;
        }
    }

    /** True if the member at {@code index} of {@code sets[0]} is in every other set. */
    private static boolean inAllOthers(SetValue[] sets, int index) {
        SetValue first = sets[0];
        for (int k = 1; k < sets.length; k++) {
            if (sets[k] != first && !first.memberAtIn(index, sets[k])) {
                return false;
            }
        }
        return true;
    }

    static void sinter(CommandContext ctx) {
        SetValue[] sets = lookup(ctx, 1, ctx.argc() - 1, false);
        ReplyWriter w = ctx.reply();
        if (anyMissing(sets)) {
            w.set(0);
            return;
        }
        sortBySize(sets);
        SetValue first = sets[0];
        int[] hits = new int[first.size()];
        int n = 0;
        for (int i = first.next(0); i >= 0; i = first.next(i + 1)) {
            if (inAllOthers(sets, i)) {
                hits[n++] = i;
            }
        }
        w.set(n);
        for (int k = 0; k < n; k++) {
            first.replyAt(w, hits[k]);
        }
    }

    static void sintercard(CommandContext ctx) {
        int argc = ctx.argc();
        byte[] nk = ctx.arg(1);
        long numkeys = Args.isLong(nk) ? Args.parseLongUnchecked(nk, 0, nk.length) : 0;
        if (numkeys < 1) {
            throw new KvException("ERR numkeys should be greater than 0");
        }
        if (numkeys > argc - 2) {
            throw new KvException("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < argc; j++) {
            if (Args.is(ctx.arg(j), "limit") && j + 1 < argc) {
                byte[] l = ctx.arg(++j);
                limit = Args.isLong(l) ? Args.parseLongUnchecked(l, 0, l.length) : -1;
                if (limit < 0) {
                    throw new KvException("ERR LIMIT can't be negative");
                }
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        SetValue[] sets = lookup(ctx, 2, (int) numkeys, false);
        if (anyMissing(sets)) {
            ctx.reply().integer(0);
            return;
        }
        sortBySize(sets);
        SetValue first = sets[0];
        long card = 0;
        for (int i = first.next(0); i >= 0; i = first.next(i + 1)) {
            if (inAllOthers(sets, i)) {
                card++;
                if (card == limit) {
                    break;
                }
            }
        }
        ctx.reply().integer(card);
    }

    static void sinterstore(CommandContext ctx) {
        byte[] dst = ctx.arg(1);
        SetValue[] sets = lookup(ctx, 2, ctx.argc() - 2, true);
        SetValue result = SetValue.emptyIntset();
        if (!anyMissing(sets)) {
            sortBySize(sets);
            SetValue first = sets[0];
            long max = SetCommands.maxIntset(ctx);
            for (int i = first.next(0); i >= 0; i = first.next(i + 1)) {
                if (inAllOthers(sets, i)) {
                    result.addFrom(first, i, max);
                }
            }
        }
        store(ctx, dst, result, "sinterstore");
    }

    /** Stores a STORE variant's result (or deletes the destination when it is empty) and replies. */
    private static void store(CommandContext ctx, byte[] dst, SetValue result, String event) {
        int size = result.size();
        if (size > 0) {
            ctx.db().put(dst, result);
            ctx.reply().integer(size);
            ctx.notify(EventClass.SET, event, dst);
        } else {
            ctx.reply().integer(0);
            if (ctx.db().delete(dst)) {
                ctx.notify(EventClass.GENERIC, "del", dst);
            }
        }
    }

    static void unionDiff(CommandContext ctx, int op, boolean store) {
        int first = store ? 2 : 1;
        SetValue[] sets = lookup(ctx, first, ctx.argc() - first, store);
        long max = SetCommands.maxIntset(ctx);
        SetValue result = SetValue.emptyIntset();
        if (op == UNION) {
            for (SetValue s : sets) {
                if (s != null) {
                    for (int i = s.next(0); i >= 0; i = s.next(i + 1)) {
                        result.addFrom(s, i, max);
                    }
                }
            }
        } else if (sets[0] != null) {
            SetValue base = sets[0];
            for (int i = base.next(0); i >= 0; i = base.next(i + 1)) {
                if (notInOthers(sets, i)) {
                    result.addFrom(base, i, max);
                }
            }
        }
        if (store) {
            store(ctx, ctx.arg(1), result, op == UNION ? "sunionstore" : "sdiffstore");
        } else {
            SetMemberCommands.replyAll(ctx.reply(), result);
        }
    }

    /** True if the member at {@code index} of {@code sets[0]} is in none of the other sets. */
    private static boolean notInOthers(SetValue[] sets, int index) {
        SetValue base = sets[0];
        for (int k = 1; k < sets.length; k++) {
            SetValue s = sets[k];
            if (s != null && (s == base || base.memberAtIn(index, s))) {
                return false;
            }
        }
        return true;
    }
}
