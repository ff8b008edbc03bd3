package io.sockudo.kv.types.core.lists;

import io.sockudo.kv.spi.ValueType;

/** The {@code list} type (values are {@link QuickList}s). */
public final class ListType implements ValueType {
    public static final ListType INSTANCE = new ListType();

    private ListType() {
    }

    @Override
    public io.sockudo.kv.spi.ValueCodec codec() {
        return ListCodec.INSTANCE;
    }

    @Override
    public String name() {
        return "list";
    }
}
