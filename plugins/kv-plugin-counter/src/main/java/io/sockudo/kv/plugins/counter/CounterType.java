package io.sockudo.kv.plugins.counter;

import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ValueType;

/**
 * The counter value type. Its name is nine characters, as Redis requires of module type names:
 * it is also the module type name its RDB records carry ({@link CounterCodec}).
 */
public final class CounterType implements ValueType {
    public static final CounterType INSTANCE = new CounterType();

    private CounterType() {
    }

    @Override
    public String name() {
        return "kvcounter";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return CounterCodec.INSTANCE;
    }
}
