package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.ValueType;

/** The {@code hash} type. */
public final class HashType implements ValueType {
    public static final HashType INSTANCE = new HashType();

    private HashType() {
    }

    @Override
    public io.sockudo.kv.spi.ValueCodec codec() {
        return HashCodec.INSTANCE;
    }

    @Override
    public String name() {
        return "hash";
    }
}
