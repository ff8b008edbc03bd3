package io.sockudo.kv.conformance;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.ValueTypeConformance;
import org.junit.jupiter.api.Nested;

import java.util.List;
import java.util.Set;

/** The value-type conformance suite for the probabilistic family. */
class ProbabilisticConformanceTest {
    abstract static class Probabilistic extends ValueTypeConformance {
        @Override
        protected EmbeddedServer startServer(String... overrides) {
            return EmbeddedServer.start(overrides);
        }

        protected Set<String> encodings() { return Set.of("raw"); }
    }

    @Nested
    class Bloom extends Probabilistic {
        protected String typeName() { return "MBbloom--"; }
        protected List<List<String>> create(String key) {
            return List.of(List.of("BF.RESERVE", key, "0.01", "100"), List.of("BF.MADD", key, "a", "b", "c"));
        }
        protected List<List<String>> describe(String key) { return List.of(List.of("BF.INFO", key)); }
        protected List<String> write(String key) { return List.of("BF.ADD", key, "x"); }
        protected String createEvent() { return "bf.reserve"; }
    }

    @Nested
    class Cuckoo extends Probabilistic {
        protected String typeName() { return "MBbloomCF"; }
        protected List<List<String>> create(String key) {
            return List.of(List.of("CF.RESERVE", key, "100"), List.of("CF.ADD", key, "a"), List.of("CF.ADD", key, "b"));
        }
        protected List<List<String>> describe(String key) { return List.of(List.of("CF.INFO", key)); }
        protected List<String> write(String key) { return List.of("CF.ADD", key, "x"); }
        protected String createEvent() { return "cf.reserve"; }
    }

    @Nested
    class CountMin extends Probabilistic {
        protected String typeName() { return "CMSk-TYPE"; }
        protected List<List<String>> create(String key) {
            return List.of(List.of("CMS.INITBYDIM", key, "100", "5"), List.of("CMS.INCRBY", key, "a", "3", "b", "1"));
        }
        protected List<List<String>> describe(String key) { return List.of(List.of("CMS.QUERY", key, "a", "b", "c")); }
        protected List<String> write(String key) { return List.of("CMS.INCRBY", key, "x", "1"); }
        protected String createEvent() { return "cms.initbydim"; }
    }

    @Nested
    class TopK extends Probabilistic {
        protected String typeName() { return "TopK-TYPE"; }
        protected List<List<String>> create(String key) {
            return List.of(List.of("TOPK.RESERVE", key, "3"), List.of("TOPK.ADD", key, "a", "b", "a"));
        }
        protected List<List<String>> describe(String key) { return List.of(List.of("TOPK.LIST", key, "WITHCOUNT")); }
        protected List<String> write(String key) { return List.of("TOPK.ADD", key, "x"); }
        protected String createEvent() { return "topk.reserve"; }
    }

    @Nested
    class TDigest extends Probabilistic {
        protected String typeName() { return "TDIS-TYPE"; }
        protected List<List<String>> create(String key) {
            return List.of(List.of("TDIGEST.CREATE", key), List.of("TDIGEST.ADD", key, "1", "2", "3", "10"));
        }
        protected List<List<String>> describe(String key) { return List.of(List.of("TDIGEST.QUANTILE", key, "0", "0.5", "1")); }
        protected List<String> write(String key) { return List.of("TDIGEST.ADD", key, "5"); }
        protected String createEvent() { return "tdigest.create"; }
    }
}
