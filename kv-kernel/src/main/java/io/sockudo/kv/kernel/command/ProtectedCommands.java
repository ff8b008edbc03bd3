package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.spi.ServerConfigView;

import java.util.Locale;

/**
 * Redis 7's protected commands (DEBUG; MODULE LOAD/LOADEX/UNLOAD): a command flagged
 * {@code PROTECTED} runs only when its {@code enable-<command>-command} option is {@code yes}, or
 * {@code local} and the client is on a loopback (or in-process) connection. The options
 * ({@code KernelConfig}) are immutable and default to {@code no}, as in Redis; the check comes right after the arity check,
 * before authentication, as in Redis's processCommand.
 */
public final class ProtectedCommands implements GatedStage {
    private final ServerConfigView config;
    private final Rejections rejections;

    public ProtectedCommands(ServerConfigView config, Rejections rejections) {
        this.config = config;
        this.rejections = rejections;
    }

    /** Never engaged server-wide: protected commands always pass the stages ({@link RegisteredCommand#gatedAlways}). */
    @Override
    public boolean engaged() {
        return false;
    }

    @Override
    public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
        if (cmd.hasFlag(io.sockudo.kv.spi.CommandFlag.PROTECTED) && !allowed(config, ctx.clientState(), cmd)) {
            rejections.reject(ctx, cmd, denied(cmd));
            return false;
        }
        return true;
    }

    private static String rootName(RegisteredCommand cmd) {
        return (cmd.parent() == null ? cmd : cmd.parent()).spec().name();
    }

    /** True if {@code client} may run the protected command {@code cmd}. */
    static boolean allowed(ServerConfigView config, Client client, RegisteredCommand cmd) {
        String mode = config.get("enable-" + rootName(cmd) + "-command");
        if (mode == null || mode.equalsIgnoreCase("yes")) {
            return true;
        }
        return mode.equalsIgnoreCase("local") && client.isLocal();
    }

    /** Redis's refusal text. */
    static String denied(RegisteredCommand cmd) {
        String root = rootName(cmd);
        return "ERR " + root.toUpperCase(Locale.ROOT) + " command not allowed. If the enable-" + root
                + "-command option is set to \"local\", you can run it from a local connection, otherwise you need "
                + "to set this option in the configuration file, and then restart the server.";
    }
}
