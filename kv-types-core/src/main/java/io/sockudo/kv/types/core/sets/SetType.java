package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueType;

/** The {@code set} type. */
public final class SetType implements ValueType {
    public static final SetType INSTANCE = new SetType();

    /**
     * The RDB codec. The type is shared by every server in the JVM, so the codec loads with the
     * default {@code set-max-intset-entries} (512) rather than one server's setting.
     */
    private static final ValueCodec CODEC = new SetCodec(null);

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
