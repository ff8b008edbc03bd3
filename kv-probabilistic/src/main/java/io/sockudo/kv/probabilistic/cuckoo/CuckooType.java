package io.sockudo.kv.probabilistic.cuckoo;

import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ValueType;

/** The Cuckoo filter type, {@code MBbloomCF} as RedisBloom names it. */
public final class CuckooType implements ValueType {
    public static final CuckooType INSTANCE = new CuckooType();

    private CuckooType() {
    }

    @Override
    public String name() {
        return "MBbloomCF";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return CuckooCodec.INSTANCE;
    }
}
