package io.sockudo.kv.kernel.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.resp.RespWriter;

import java.nio.charset.StandardCharsets;

/**
 * Runs commands without a connection, as Redis's fake client does for AOF loading: the command's
 * handler runs through {@link CommandRunner} (locks, statistics, propagation frames), the reply is
 * kept only long enough to tell an error. Not thread-safe: one per loading thread.
 */
public final class InternalClient {
    private final CommandTable commands;
    private final CommandRunner runner;
    private final ExecutionContext ctx;
    private final ByteBuf out = Unpooled.buffer(256);

    public InternalClient(CommandTable commands, CommandRunner runner, ExecutionEnvironment env) {
        this.commands = commands;
        this.runner = runner;
        RespWriter writer = new RespWriter();
        writer.target(out);
        this.ctx = new ExecutionContext(env, new Client(0, null), writer);
        this.ctx.canBlock(false); // a blocking command answers at once, as inside MULTI
    }

    /** True when a command of that name exists. */
    public boolean knows(byte[] name) {
        return commands.lookup(name) != null;
    }

    /** Runs {@code argv}; returns null on success, else the error reply's text. */
    public String run(byte[][] argv) {
        RegisteredCommand cmd = commands.lookup(argv[0]);
        if (cmd == null) {
            return "ERR unknown command '" + new String(argv[0], StandardCharsets.UTF_8) + "'";
        }
        if (cmd.subcommands() != null) {
            // a container (FUNCTION LOAD, XGROUP CREATE...): its subcommand has the handler
            RegisteredCommand sub = argv.length >= 2 ? cmd.subcommands().lookup(argv[1]) : null;
            if (sub == null) {
                return "ERR unknown subcommand or wrong number of arguments for '"
                        + new String(argv[0], StandardCharsets.UTF_8) + "'";
            }
            cmd = sub;
        }
        out.clear();
        runner.call(ctx, cmd, argv);
        if (out.readableBytes() > 0 && out.getByte(out.readerIndex()) == '-') {
            String error = out.toString(out.readerIndex() + 1, out.readableBytes() - 1, StandardCharsets.UTF_8).strip();
            out.clear();
            return error;
        }
        out.clear();
        return null;
    }
}
