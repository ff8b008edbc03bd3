package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueType;

/** The {@code set} type. */
public final class SetType implements ValueType {
    public static final SetType INSTANCE = new SetType();

    /** The RDB codec (loading reads {@code set-max-intset-entries} from the loading server's configuration). */
    private static final ValueCodec CODEC = SetCodec.INSTANCE;

    private SetType() {
    }

    @Override
    public ValueCodec codec() {
        return CODEC;
    }

    @Override
    public String name() {
        return "set";
    }
}
