package io.sockudo.kv.types.stack;

import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;

import java.util.List;

/**
 * The JSON, TimeSeries and vector set family. Its commands arrive with their own issues; until then the module is
 * discovered and listed by MODULE LIST like every other family, and registers nothing.
 */
public final class StackTypesModule implements KvModule {
    @Override
    public String name() {
        return "stack";
    }

    @Override
    public int version() {
        return 10000;
    }

    @Override
    public void register(ModuleRegistry registry, List<String> args) {
        // Commands and value types of this family are not implemented yet.
        io.sockudo.kv.types.stack.timeseries.TimeSeriesFamily.register(registry);
    }
}
