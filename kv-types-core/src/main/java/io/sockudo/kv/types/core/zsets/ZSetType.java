package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.ValueType;

/** The {@code zset} type. */
public final class ZSetType implements ValueType {
    public static final ZSetType INSTANCE = new ZSetType();

    private ZSetType() {
    }

    @Override
    public String name() {
        return "zset";
    }

    @Override
    public io.sockudo.kv.spi.ValueCodec codec() {
        return ZSetCodec.INSTANCE;
    }
}
