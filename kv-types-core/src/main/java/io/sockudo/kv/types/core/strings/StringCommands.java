package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

/** The string commands (Redis's t_string.c). */
public final class StringCommands {
    private StringCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(StringType.INSTANCE);
        r.command(CommandSpec.builder("get").arity(2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "string", "fast").group("string")
                .summary("Returns the string value of a key.").since("1.0.0").complexity("O(1)")
                .handler(StringCommands::get).build());
        r.command(CommandSpec.builder("set").arity(-3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE").acl("write", "string", "slow").group("string")
                .summary("Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.")
                .since("1.0.0").complexity("O(1)")
                .handler(StringCommands::set).build());
    }

    static void get(CommandContext ctx) {
        KvValue v = ctx.db().get(ctx.arg(1));
        if (v == null) {
            ctx.reply().nullBulk();
        } else if (v instanceof StringValue s) {
            ctx.reply().bulk(s.bytes());
        } else {
            ctx.reply().wrongType();
        }
    }

    static void set(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        ctx.db().put(key, StringValue.of(ctx.arg(2)));
        ctx.notify(EventClass.STRING, "set", key);
        ctx.reply().ok();
    }
}
