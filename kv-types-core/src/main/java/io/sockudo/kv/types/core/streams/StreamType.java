package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.ValueType;

/** The {@code stream} type. */
public final class StreamType implements ValueType {
    public static final StreamType INSTANCE = new StreamType();

    private StreamType() {
    }

    @Override
    public String name() {
        return "stream";
    }
}
