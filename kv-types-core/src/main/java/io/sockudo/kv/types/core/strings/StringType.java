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

    /** Strings of up to 44 bytes that Redis keeps as int/embstr are stored packed with their key. */
    @Override
    public io.sockudo.kv.spi.InlineCodec inlineCodec() {
        return StringInline.INSTANCE;
    }

    @Override
    public String name() {
        return "string";
    }
}
