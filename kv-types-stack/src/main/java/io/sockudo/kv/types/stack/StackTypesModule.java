package io.sockudo.kv.types.stack;

import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.stack.json.JsonCommands;
import io.sockudo.kv.types.stack.timeseries.TimeSeriesFamily;

import java.util.List;

/**
 * The JSON, TimeSeries and vector set family: each type lives in its own package and registers
 * itself here. JSON ({@code io.sockudo.kv.types.stack.json}) is RedisJSON 2 compatible,
 * TimeSeries ({@code io.sockudo.kv.types.stack.timeseries}) RedisTimeSeries compatible.
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
        JsonCommands.register(registry);
        TimeSeriesFamily.register(registry);
        io.sockudo.kv.types.stack.vectorset.VectorSetFamily.register(registry);
    }
}
