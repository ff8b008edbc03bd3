package io.sockudo.kv.kernel.commands.connection;

import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** Connection commands: PING, ECHO, SELECT, QUIT. */
public final class ConnectionCommands {
    private ConnectionCommands() {
    }

    public static void register(Keyspaces keyspaces, List<CommandSpec> out) {
        out.add(CommandSpec.builder("ping").arity(-1).flags(CommandFlag.FAST, CommandFlag.SENTINEL)
                .acl("fast", "connection").group("connection").summary("Ping the server")
                .since("1.0.0").complexity("O(1)")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .args(ArgSpec.string("message").optional())
                .handler(ConnectionCommands::ping).build());
        out.add(CommandSpec.builder("echo").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl("fast", "connection").group("connection").summary("Echo the given string")
                .since("1.0.0").complexity("O(1)")
                .args(ArgSpec.string("message"))
                .handler(ctx -> ctx.reply().bulk(ctx.arg(1))).build());
        out.add(CommandSpec.builder("select").arity(2)
                .flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl("fast", "connection").group("connection").summary("Change the selected database for the current connection")
                .since("1.0.0").complexity("O(1)")
                .args(ArgSpec.integer("index"))
                .handler(ctx -> select(keyspaces, ctx)).build());
        out.add(CommandSpec.builder("quit").arity(-1)
                .flags(CommandFlag.ALLOW_BUSY, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                        CommandFlag.FAST, CommandFlag.NO_AUTH)
                .acl("fast", "connection").group("connection").summary("Close the connection")
                .since("1.0.0").complexity("O(1)")
                .handler(ConnectionCommands::quit).build());
    }

    static void ping(CommandContext ctx) {
        if (ctx.argc() > 2) {
            ctx.reply().error("ERR wrong number of arguments for 'ping' command");
            return;
        }
        if (ctx.reply().protocol() == 2 && client(ctx).subscriptions() > 0) {
            // In the RESP2 subscribed context PING answers like a message: ["pong", payload].
            ctx.reply().array(2);
            ctx.reply().bulk("pong");
            ctx.reply().bulk(ctx.argc() == 2 ? ctx.arg(1) : new byte[0]);
        } else if (ctx.argc() == 2) {
            ctx.reply().bulk(ctx.arg(1));
        } else {
            ctx.reply().simple("PONG");
        }
    }

    static void select(Keyspaces keyspaces, CommandContext ctx) {
        byte[] a = ctx.arg(1);
        if (!Args.isLong(a)) {
            ctx.reply().error("ERR value is not an integer or out of range");
            return;
        }
        long idx = Args.toLong(a);
        // Redis reads the index as a C int (getIntFromObjectOrReply): its own text past int range.
        if (idx < Integer.MIN_VALUE || idx > Integer.MAX_VALUE) {
            ctx.reply().error("ERR value is out of range, value must between -2147483648 and 2147483647");
            return;
        }
        if (idx < 0 || idx >= keyspaces.count()) {
            ctx.reply().error("ERR DB index is out of range");
            return;
        }
        client(ctx).db((int) idx);
        ctx.reply().ok();
    }

    static void quit(CommandContext ctx) {
        ctx.reply().ok();
        client(ctx).closeAfterReply(true);
    }

    /** The kernel's client state behind a context. */
    public static Client client(CommandContext ctx) {
        return ((ExecutionContext) ctx).clientState();
    }
}
