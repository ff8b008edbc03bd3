package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.ValueType;

/** The {@code stream} type. */
public final class StreamType implements ValueType {
    public static final StreamType INSTANCE = new StreamType();

    private StreamType() {
    }

    @Override
    public io.sockudo.kv.spi.ValueCodec codec() {
        return StreamCodec.INSTANCE;
    }

    @Override
    public String name() {
        return "stream";
    }
}
