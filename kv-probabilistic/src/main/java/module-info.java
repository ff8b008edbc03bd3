/** Probabilistic structures: Bloom, Cuckoo, Count-Min, Top-K, t-digest. */
module io.sockudo.kv.probabilistic {
    requires io.sockudo.kv.spi;

    provides io.sockudo.kv.spi.KvModule with io.sockudo.kv.probabilistic.ProbabilisticModule;
}
