package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

/** Commands over several keys at once: MGET MSET MSETNX. */
final class MultiKeyCommands {
    private MultiKeyCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("mget").arity(-2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, -1, 1, "RO", "ACCESS").acl("read", "string", "fast").group("string")
                .summary("Get the values of all the given keys").since("1.0.0")
                .complexity("O(N) where N is the number of keys to retrieve.")
                .tips("request_policy:multi_shard")
                .args(ArgSpec.key("key", 0).multiple())
                .handler(MultiKeyCommands::mget).build());
        r.command(CommandSpec.builder("mset").arity(-3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, -1, 2, "OW", "UPDATE").acl("write", "string", "slow").group("string")
                .summary("Set multiple keys to multiple values").since("1.0.1")
                .complexity("O(N) where N is the number of keys to set.")
                .tips("request_policy:multi_shard", "response_policy:all_succeeded")
                .args(
                    ArgSpec.block("key_value",
                        ArgSpec.key("key", 0),
                        ArgSpec.string("value")).multiple())
                .handler(MultiKeyCommands::mset).build());
        r.command(CommandSpec.builder("msetnx").arity(-3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, -1, 2, "OW", "INSERT").acl("write", "string", "slow").group("string")
                .summary("Set multiple keys to multiple values, only if none of the keys exist").since("1.0.1")
                .complexity("O(N) where N is the number of keys to set.")
                .tips("request_policy:multi_shard", "response_policy:agg_min")
                .args(
                    ArgSpec.block("key_value",
                        ArgSpec.key("key", 0),
                        ArgSpec.string("value")).multiple())
                .handler(MultiKeyCommands::msetnx).build());
    }

    static void mget(CommandContext ctx) {
        int argc = ctx.argc();
        ReplyWriter reply = ctx.reply();
        reply.array(argc - 1);
        for (int j = 1; j < argc; j++) {
            KvValue v = ctx.db().read(ctx.arg(j));
            if (v instanceof StringValue s) {
                StringCommands.replyValue(ctx, s);
            } else {
                reply.nullBulk(); // missing keys and keys of other types alike
            }
        }
    }

    static void mset(CommandContext ctx) {
        msetGeneric(ctx, false);
    }

    static void msetnx(CommandContext ctx) {
        msetGeneric(ctx, true);
    }

    private static void msetGeneric(CommandContext ctx, boolean nx) {
        int argc = ctx.argc();
        if (argc % 2 == 0) {
            throw new KvException("ERR wrong number of arguments for '" + (nx ? "msetnx" : "mset") + "' command");
        }
        Keyspace db = ctx.db();
        if (nx) {
            for (int j = 1; j < argc; j += 2) {
                if (db.get(ctx.arg(j)) != null) {
                    ctx.reply().integer(0);
                    return;
                }
            }
        }
        for (int j = 1; j < argc; j += 2) {
            byte[] key = ctx.arg(j);
            db.put(key, StringValue.of(ctx.arg(j + 1)));
            ctx.notify(EventClass.STRING, "set", key);
        }
        if (nx) {
            ctx.reply().integer(1);
        } else {
            ctx.reply().ok();
        }
    }
}
