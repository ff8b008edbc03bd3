package io.sockudo.kv.kernel.commands.config;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** CONFIG GET/SET/RESETSTAT/REWRITE. */
public final class ConfigCommands {
    private ConfigCommands() {
    }

    public static void register(Kernel kernel, List<CommandSpec> out) {
        // not implemented yet
    }
}
