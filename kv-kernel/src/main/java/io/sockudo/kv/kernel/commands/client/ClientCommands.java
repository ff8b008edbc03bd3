package io.sockudo.kv.kernel.commands.client;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** CLIENT subcommands HELLO AUTH RESET. */
public final class ClientCommands {
    private ClientCommands() {
    }

    public static void register(Kernel kernel, List<CommandSpec> out) {
        // not implemented yet
    }
}
