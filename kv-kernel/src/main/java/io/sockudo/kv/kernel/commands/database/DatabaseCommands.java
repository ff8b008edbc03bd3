package io.sockudo.kv.kernel.commands.database;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** Database commands: DBSIZE FLUSHDB FLUSHALL SWAPDB MOVE. */
public final class DatabaseCommands {
    private DatabaseCommands() {
    }

    public static void register(Kernel kernel, List<CommandSpec> out) {
        // not implemented yet
    }
}
