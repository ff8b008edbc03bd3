package io.sockudo.kv.types.core;

import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.core.bitmaps.BitmapCommands;
import io.sockudo.kv.types.core.geo.GeoCommands;
import io.sockudo.kv.types.core.hashes.HashCommands;
import io.sockudo.kv.types.core.hll.HllCommands;
import io.sockudo.kv.types.core.lists.ListCommands;
import io.sockudo.kv.types.core.sets.SetCommands;
import io.sockudo.kv.types.core.sort.SortCommand;
import io.sockudo.kv.types.core.strings.StringCommands;
import io.sockudo.kv.types.core.zsets.ZSetCommands;

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
        SetCommands.register(registry);
        SortCommand.register(registry);
        BitmapCommands.register(registry);
        HllCommands.register(registry);
        HashCommands.register(registry);
        io.sockudo.kv.types.core.streams.StreamCommands.register(registry);
        ZSetCommands.register(registry);
        GeoCommands.register(registry);
        ListCommands.register(registry);
    }
}
