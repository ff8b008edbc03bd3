package io.sockudo.kv.probabilistic;

import io.sockudo.kv.probabilistic.bloom.BloomCommands;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;

import java.util.List;

/**
 * The probabilistic family, RedisBloom compatible (module name {@code bf} as RedisBloom registers
 * itself): Bloom and Cuckoo filters, Count-Min sketch, Top-K and t-digest, one package each.
 */
public final class ProbabilisticModule implements KvModule {
    @Override
    public String name() {
        return "bf";
    }

    @Override
    public int version() {
        return 20811;
    }

    @Override
    public void register(ModuleRegistry registry, List<String> args) {
        BloomCommands.register(registry);
        io.sockudo.kv.probabilistic.cuckoo.CuckooCommands.register(registry);
        io.sockudo.kv.probabilistic.cms.CmsCommands.register(registry);
        io.sockudo.kv.probabilistic.topk.TopKCommands.register(registry);
        io.sockudo.kv.probabilistic.tdigest.TDigestCommands.register(registry);
    }
}
