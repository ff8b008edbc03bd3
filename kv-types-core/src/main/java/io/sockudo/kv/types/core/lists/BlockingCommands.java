package io.sockudo.kv.types.core.lists;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.ModuleRegistry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP, written as the kernel's blocking contract asks: serve if
 * a list has elements, otherwise block on the keys (the kernel runs the command again, FIFO per
 * key, when one of them is written). Inside MULTI/EXEC and scripts they answer as on timeout.
 * Replies on timeout or CLIENT UNBLOCK are the kernel's default null array, as Redis 7.0 sends for
 * every blocked list command.
 */
final class BlockingCommands {
    private static final byte[] LMOVE = "LMOVE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RPOPLPUSH = "RPOPLPUSH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEFT = "left".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RIGHT = "right".getBytes(StandardCharsets.US_ASCII);

    private BlockingCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("blpop").arity(-3)
                .flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING)
                .keys(1, -2, 1, "RW", "ACCESS", "DELETE").acl("write", "list", "slow", "blocking")
                .group("list").summary("Remove and get the first element in a list, or block until one is available")
                .since("2.0.0").complexity("O(N) where N is the number of provided keys.")
                .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
                .args(ArgSpec.key("key", 0).multiple(), ArgSpec.doubleArg("timeout"))
                .handler(ctx -> bpop(ctx, true)).build());
        r.command(CommandSpec.builder("brpop").arity(-3)
                .flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING)
                .keys(1, -2, 1, "RW", "ACCESS", "DELETE").acl("write", "list", "slow", "blocking")
                .group("list").summary("Remove and get the last element in a list, or block until one is available")
                .since("2.0.0").complexity("O(N) where N is the number of provided keys.")
                .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
                .args(ArgSpec.key("key", 0).multiple(), ArgSpec.doubleArg("timeout"))
                .handler(ctx -> bpop(ctx, false)).build());
        r.command(CommandSpec.builder("blmove").arity(6)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING)
                .keys(1, 2, 1).keySpec(KeySpec.range(1, 1, 1, "RW", "ACCESS", "DELETE"))
                .keySpec(KeySpec.range(2, 2, 1, "RW", "INSERT")).acl("write", "list", "slow", "blocking")
                .group("list").summary("Pop an element from a list, push it to another list and return it;"
                        + " or block until one is available")
                .since("6.2.0").complexity("O(1)")
                .args(ArgSpec.key("source", 0), ArgSpec.key("destination", 1), MoveCommands.where("wherefrom"),
                        MoveCommands.where("whereto"), ArgSpec.doubleArg("timeout"))
                .handler(BlockingCommands::blmove).build());
        r.command(CommandSpec.builder("brpoplpush").arity(4)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING)
                .keys(1, 2, 1).keySpec(KeySpec.range(1, 1, 1, "RW", "ACCESS", "DELETE"))
                .keySpec(KeySpec.range(2, 2, 1, "RW", "INSERT")).acl("write", "list", "slow", "blocking")
                .group("list").summary("Pop an element from a list, push it to another list and return it;"
                        + " or block until one is available")
                .since("2.2.0").complexity("O(1)")
                .docFlags("deprecated").deprecatedSince("6.2.0")
                .replacedBy("`BLMOVE` with the `RIGHT` and `LEFT` arguments")
                .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
                .args(ArgSpec.key("source", 0), ArgSpec.key("destination", 1), ArgSpec.doubleArg("timeout"))
                .handler(BlockingCommands::brpoplpush).build());
        r.command(CommandSpec.builder("blmpop").arity(-5).flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                .keys(0, 0, 0).keySpec(KeySpec.keyNum(2, 1, "RW", "ACCESS", "DELETE"))
                .keyFinder((argv, argc) -> MoveCommands.mpopKeys(argv, argc, 2))
                .acl("write", "list", "slow", "blocking")
                .group("list").summary("Pop elements from a list, or block until one is available").since("7.0.0")
                .complexity("O(N+M) where N is the number of provided keys and M is the number of elements returned.")
                .args(ArgSpec.doubleArg("timeout"), ArgSpec.integer("numkeys"), ArgSpec.key("key", 0).multiple(),
                        MoveCommands.where("where"), ArgSpec.integer("count").token("COUNT").optional())
                .handler(BlockingCommands::blmpop).build());
    }

    static void bpop(CommandContext ctx, boolean head) {
        int argc = ctx.argc();
        long timeout = BlockTimeout.millis(ctx.arg(argc - 1));
        for (int i = 1; i < argc - 1; i++) {
            byte[] key = ctx.arg(i);
            QuickList l = ListCommands.lookupSource(ctx, key);
            if (l == ListCommands.WRONG) {
                return;
            }
            if (l != null) {
                ctx.reply().array(2);
                ctx.reply().bulk(key);
                l.popTo(head, ctx.reply());
                ctx.notify(EventClass.LIST, head ? "lpop" : "rpop", key);
                ListCommands.afterRemoval(ctx, key, l);
                ctx.propagateAs(head ? ListCommands.LPOP : ListCommands.RPOP, key);
                return;
            }
        }
        if (!ctx.canBlock()) {
            ctx.reply().nullArray();
            return;
        }
        ctx.block(Arrays.copyOfRange(ctx.argv(), 1, argc - 1), timeout);
    }

    static void blmove(CommandContext ctx) {
        boolean from = ListCommands.parseWhere(ctx.arg(3));
        boolean to = ListCommands.parseWhere(ctx.arg(4));
        bmove(ctx, from, to, ctx.arg(5), LMOVE);
    }

    static void brpoplpush(CommandContext ctx) {
        bmove(ctx, false, true, ctx.arg(3), RPOPLPUSH);
    }

    private static void bmove(CommandContext ctx, boolean from, boolean to, byte[] timeoutArg, byte[] propagated) {
        long timeout = BlockTimeout.millis(timeoutArg);
        byte[] src = ctx.arg(1);
        QuickList l = ListCommands.lookupSource(ctx, src);
        if (l == ListCommands.WRONG) {
            return;
        }
        if (l != null) {
            MoveCommands.moveFrom(ctx, l, src, ctx.arg(2), from, to);
            if (propagated == LMOVE) {
                // Served at once it keeps the client's words; served after blocking, Redis writes them lower case.
                if (ctx.isBlockedRetry()) {
                    ctx.propagateAs(LMOVE, src, ctx.arg(2), from ? LEFT : RIGHT, to ? LEFT : RIGHT);
                } else {
                    ctx.propagateAs(LMOVE, src, ctx.arg(2), ctx.arg(3), ctx.arg(4));
                }
            } else {
                ctx.propagateAs(RPOPLPUSH, src, ctx.arg(2));
            }
            return;
        }
        if (!ctx.canBlock()) {
            ctx.reply().nullBulk();
            return;
        }
        ctx.block(new byte[][] {src}, timeout);
    }

    static void blmpop(CommandContext ctx) {
        MoveCommands.MpopArgs a = MoveCommands.parseMpop(ctx, 2);
        long timeout = BlockTimeout.millis(ctx.arg(1));
        int r = MoveCommands.mpopServe(ctx, 3, a);
        if (r != MoveCommands.NOTHING) {
            return;
        }
        if (!ctx.canBlock()) {
            ctx.reply().nullArray();
            return;
        }
        ctx.block(Arrays.copyOfRange(ctx.argv(), 3, 3 + a.numkeys()), timeout);
    }
}
