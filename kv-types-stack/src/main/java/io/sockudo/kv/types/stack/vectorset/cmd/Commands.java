package io.sockudo.kv.types.stack.vectorset.cmd;

import io.sockudo.kv.spi.ModuleRegistry;

/** Registers the vector-set commands. */
public final class Commands {
    private Commands() {
    }

    public static void register(ModuleRegistry registry) {
        AddCommand.register(registry);
        SearchCommand.register(registry);
        ElementCommands.register(registry);
        SetCommands.register(registry);
    }
}
