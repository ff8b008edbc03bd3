package io.sockudo.kv.kernel.commands;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.commands.client.ClientCommands;
import io.sockudo.kv.kernel.commands.config.ConfigCommands;
import io.sockudo.kv.kernel.commands.connection.ConnectionCommands;
import io.sockudo.kv.kernel.commands.database.DatabaseCommands;
import io.sockudo.kv.kernel.commands.introspection.CommandCommands;
import io.sockudo.kv.kernel.commands.keys.KeysCommands;
import io.sockudo.kv.kernel.commands.module.ModuleCommands;
import io.sockudo.kv.kernel.commands.server.ServerCommands;
import io.sockudo.kv.kernel.commands.transactions.TransactionCommands;
import io.sockudo.kv.spi.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's own commands, one family per package, registered under the module name
 * {@code server} (which MODULE LIST does not show, as Redis does not list its core).
 */
public final class KernelCommands {
    public static final String MODULE = "server";

    private KernelCommands() {
    }

    public static void registerAll(Kernel kernel) {
        List<CommandSpec> specs = new ArrayList<>();
        ConnectionCommands.register(kernel, specs);
        ClientCommands.register(kernel, specs);
        KeysCommands.register(kernel, specs);
        DatabaseCommands.register(kernel, specs);
        ServerCommands.register(kernel, specs);
        CommandCommands.register(kernel, specs);
        ConfigCommands.register(kernel, specs);
        TransactionCommands.register(kernel, specs);
        ModuleCommands.register(kernel, specs);
        kernel.registrar.addAll(specs, MODULE);
    }
}
