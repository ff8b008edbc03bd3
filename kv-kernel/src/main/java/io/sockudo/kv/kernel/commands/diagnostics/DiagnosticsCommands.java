package io.sockudo.kv.kernel.commands.diagnostics;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.Monitors;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.latency.LatencyMonitor;
import io.sockudo.kv.kernel.slowlog.SlowLog;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** The server's diagnostics: SLOWLOG, LATENCY and MONITOR. */
public final class DiagnosticsCommands {
    private DiagnosticsCommands() {
    }

    public static void register(SlowLog slowlog, LatencyMonitor latency, Monitors monitors, CommandTable commands,
                                ConfigRegistry config, List<CommandSpec> out) {
        out.add(SlowlogCommand.spec(slowlog));
        out.add(LatencyCommand.spec(latency, commands, config));
        out.add(CommandSpec.builder("monitor").arity(1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Listen for all requests received by the server in real time").since("1.0.0")
                .handler(ctx -> monitor(monitors, ctx)).build());
    }

    /** MONITOR: from now on the client receives every executed command as a status line. */
    static void monitor(Monitors monitors, CommandContext ctx) {
        if (!ctx.canBlock()) {
            ctx.reply().error("ERR MONITOR isn't allowed for DENY BLOCKING client");
            return;
        }
        Client c = ((ExecutionContext) ctx).clientState();
        if (monitors.isMonitor(c)) {
            return; // already monitoring: Redis answers nothing
        }
        ctx.reply().ok();
        monitors.add(c);
    }
}
