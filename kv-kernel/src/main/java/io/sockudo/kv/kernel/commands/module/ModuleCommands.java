package io.sockudo.kv.kernel.commands.module;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** MODULE LIST/LOAD/UNLOAD. */
public final class ModuleCommands {
    private ModuleCommands() {
    }

    public static void register(Kernel kernel, List<CommandSpec> out) {
        // not implemented yet
    }
}
