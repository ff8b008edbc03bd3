package io.sockudo.kv.kernel.commands.server;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** Server commands: TIME INFO MEMORY DEBUG SHUTDOWN. */
public final class ServerCommands {
    private ServerCommands() {
    }

    public static void register(Kernel kernel, List<CommandSpec> out) {
        // not implemented yet
    }
}
