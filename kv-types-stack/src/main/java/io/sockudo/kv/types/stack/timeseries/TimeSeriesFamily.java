package io.sockudo.kv.types.stack.timeseries;

import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.stack.timeseries.cmd.Commands;
import io.sockudo.kv.types.stack.timeseries.index.Indexes;
import io.sockudo.kv.types.stack.timeseries.store.SeriesType;

/**
 * The TimeSeries family, RedisTimeSeries compatible: the {@code TSDB-TYPE} value (Gorilla-compressed
 * chunks), the TS.* commands, the module configuration ({@code ts-*}), compaction rules and the
 * label index kept by a keyspace listener.
 *
 * <p>Packages: {@code store} (chunks, series, rules, the record), {@code agg} (aggregators),
 * {@code query} (range queries, argument parsing), {@code rules} (writes and compaction),
 * {@code index} (label index and filters), {@code cmd} (commands and replies).
 */
public final class TimeSeriesFamily {
    private TimeSeriesFamily() {
    }

    /** Adds everything the family brings to {@code registry}. */
    public static void register(ModuleRegistry registry) {
        registry.valueType(SeriesType.INSTANCE);
        Indexes indexes = new Indexes();
        registry.keyspaceListener(indexes);
        Commands.register(registry, indexes);
    }
}
