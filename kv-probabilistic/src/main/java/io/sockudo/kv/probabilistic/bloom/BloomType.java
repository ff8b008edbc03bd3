package io.sockudo.kv.probabilistic.bloom;

import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ValueType;

/** The scalable Bloom filter type, {@code MBbloom--} as RedisBloom names it. */
public final class BloomType implements ValueType {
    public static final BloomType INSTANCE = new BloomType();

    private BloomType() {
    }

    @Override
    public String name() {
        return "MBbloom--";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return BloomCodec.INSTANCE;
    }
}
