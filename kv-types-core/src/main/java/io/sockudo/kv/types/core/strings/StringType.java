package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.ValueType;

/** The {@code string} type. */
public final class StringType implements ValueType {
    public static final StringType INSTANCE = new StringType();

    private StringType() {
    }

    @Override
    public io.sockudo.kv.spi.ValueCodec codec() {
        return StringCodec.INSTANCE;
    }

    @Override
    public String name() {
        return "string";
    }
}
