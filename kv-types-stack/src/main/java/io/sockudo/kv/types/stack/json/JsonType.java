package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ValueType;

/** RedisJSON's data type: {@code TYPE} answers {@code ReJSON-RL}. */
public final class JsonType implements ValueType {
    public static final JsonType INSTANCE = new JsonType();

    private JsonType() {
    }

    @Override
    public String name() {
        return "ReJSON-RL";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return JsonCodec.INSTANCE;
    }
}
