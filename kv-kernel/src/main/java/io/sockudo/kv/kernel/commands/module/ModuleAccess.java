package io.sockudo.kv.kernel.commands.module;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.commands.connection.ConnectionCommands;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.ConfigOption;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * Redis 7's {@code enable-module-command} guard: MODULE LOAD, LOADEX and UNLOAD are refused
 * unless the option is {@code yes}, or {@code local} and the client is on a loopback or Unix
 * socket connection. The option is immutable (config file or command line only) and defaults to
 * {@code no}, as in Redis. The {@code loadmodule} directive is not affected.
 */
final class ModuleAccess {
    static final String OPTION = "enable-module-command";

    static final String DENIED = "ERR MODULE command not allowed. If the enable-module-command option is set to "
            + "\"local\", you can run it from a local connection, otherwise you need to set this option in the "
            + "configuration file, and then restart the server.";

    private ModuleAccess() {
    }

    /** Registers the option unless the kernel's option list already has it. */
    static void registerOption(Kernel kernel) {
        if (kernel.config.option(OPTION) != null) {
            return;
        }
        kernel.config.register(new ConfigOption(OPTION, List.of(), "no", v -> {
            String s = v.toLowerCase(Locale.ROOT);
            return s.equals("no") || s.equals("yes") || s.equals("local")
                    ? null : "argument(s) must be one of the following: no, yes, local";
        }, false));
    }

    /** True if the calling client may run the protected MODULE subcommands. */
    static boolean allowed(Kernel kernel, CommandContext ctx) {
        String mode = kernel.config.get(OPTION);
        if (mode == null || mode.equalsIgnoreCase("yes")) {
            return true;
        }
        if (mode.equalsIgnoreCase("local")) {
            return isLocal(ConnectionCommands.client(ctx));
        }
        return false;
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
