package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.spi.ConfigOption;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * Redis 7's protected commands (DEBUG; MODULE LOAD/LOADEX/UNLOAD): a command flagged
 * {@code PROTECTED} runs only when its {@code enable-<command>-command} option is {@code yes}, or
 * {@code local} and the client is on a loopback (or in-process) connection. The options are
 * immutable and default to {@code no}, as in Redis; the check comes right after the arity check,
 * before authentication, as in Redis's processCommand.
 */
public final class ProtectedCommands {
    private ProtectedCommands() {
    }

    /** The guarding options, registered with the kernel's configuration. */
    public static List<ConfigOption> options() {
        return List.of(option("enable-debug-command"), option("enable-module-command"));
    }

    private static ConfigOption option(String name) {
        return new ConfigOption(name, List.of(), "no", v -> {
            String s = v.toLowerCase(Locale.ROOT);
            return s.equals("no") || s.equals("yes") || s.equals("local")
                    ? null : "argument(s) must be one of the following: no, yes, local";
        }, false);
    }

    private static String rootName(RegisteredCommand cmd) {
        return (cmd.parent() == null ? cmd : cmd.parent()).spec().name();
    }

    /** True if {@code client} may run the protected command {@code cmd}. */
    static boolean allowed(Kernel kernel, Client client, RegisteredCommand cmd) {
        String mode = kernel.config.get("enable-" + rootName(cmd) + "-command");
        if (mode == null || mode.equalsIgnoreCase("yes")) {
            return true;
        }
        return mode.equalsIgnoreCase("local") && isLocal(client);
    }

    /** Redis's refusal text. */
    static String denied(RegisteredCommand cmd) {
        String root = rootName(cmd);
        return "ERR " + root.toUpperCase(Locale.ROOT) + " command not allowed. If the enable-" + root
                + "-command option is set to \"local\", you can run it from a local connection, otherwise you need "
                + "to set this option in the configuration file, and then restart the server.";
    }

    /** Loopback TCP or a non-IP (Unix socket, in-process) connection, as Redis's islocalClient. */
    private static boolean isLocal(Client client) {
        if (client.channel() == null) {
            return true;
        }
        SocketAddress a = client.channel().remoteAddress();
        if (a instanceof InetSocketAddress i) {
            return i.getAddress() != null && i.getAddress().isLoopbackAddress();
        }
        return true;
    }
}
