package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.ValueType;

/** The {@code set} type. */
public final class SetType implements ValueType {
    public static final SetType INSTANCE = new SetType();

    private SetType() {
    }

    @Override
    public String name() {
        return "set";
    }
}
