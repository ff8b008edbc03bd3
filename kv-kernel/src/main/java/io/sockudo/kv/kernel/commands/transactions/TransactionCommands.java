package io.sockudo.kv.kernel.commands.transactions;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/** MULTI EXEC DISCARD WATCH UNWATCH. */
public final class TransactionCommands {
    private TransactionCommands() {
    }

    public static void register(Kernel kernel, List<CommandSpec> out) {
        // not implemented yet
    }
}
