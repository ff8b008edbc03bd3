package io.sockudo.kv.types.core;

import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.core.lists.ListCommands;
import io.sockudo.kv.types.core.strings.StringCommands;

import java.util.List;

/**
 * The core data types, one package per type as Redis keeps one {@code t_*.c} per type.
 */
public final class CoreTypesModule implements KvModule {
    @Override
    public String name() {
        return "core";
    }

    @Override
    public int version() {
        return 10000;
    }

    @Override
    public void register(ModuleRegistry registry, List<String> args) {
        StringCommands.register(registry);
        ListCommands.register(registry);
    }
}
