package io.sockudo.kv.kernel.commands.introspection;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** The COMMAND command and its subcommands. */
public final class CommandCommands {
    private CommandCommands() {
    }

    public static void register(Kernel kernel, List<CommandSpec> out) {
        // not implemented yet
    }
}
