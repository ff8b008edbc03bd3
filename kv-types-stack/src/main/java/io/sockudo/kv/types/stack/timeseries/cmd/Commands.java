package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.stack.timeseries.index.Indexes;

/** Registers the TS.* commands and the module configuration. */
public final class Commands {
    private Commands() {
    }

    public static void register(ModuleRegistry r, Indexes indexes) {
        TsConfig.register(r);
        WriteCommands.register(r);
        ReadCommands.register(r);
        MultiCommands.register(r, indexes);
        RuleCommands.register(r);
    }
}
