package io.sockudo.kv.plugins.counter;

import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;

import java.util.List;

/**
 * An example plugin module: 64-bit counters stored under keys as their own value type
 * ({@code TYPE} prints {@code kvcounter}) with the {@code CNT.*} commands.
 *
 * <p>Found by the server through {@code META-INF/services/io.sockudo.kv.spi.KvModule} in the
 * plugin jar; it needs a public no-argument constructor.
 */
public final class CounterModule implements KvModule {
    /** The module name MODULE LIST prints and MODULE UNLOAD takes. */
    public static final String NAME = "counter";
    /** Config option: the increment CNT.INCR uses when none is given. */
    static final String DEFAULT_INCREMENT = "counter.default-increment";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return 10000; // 1.0.0, encoded as Redis modules encode versions
    }

    @Override
    public String spiVersion() {
        return io.sockudo.kv.spi.SpiVersion.CURRENT; // the SPI this jar was compiled against
    }

    @Override
    public void register(ModuleRegistry registry, List<String> args) {
        registry.valueType(CounterType.INSTANCE);
        registry.configOption(ConfigOption.integer(DEFAULT_INCREMENT, 1, Long.MIN_VALUE, Long.MAX_VALUE));
        CounterCommands.register(registry);
    }
}
