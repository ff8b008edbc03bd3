package io.sockudo.kv.conformance;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.ValueTypeConformance;
import org.junit.jupiter.api.Nested;

import java.util.List;
import java.util.Set;

/** The value-type conformance suite for the stack family: JSON, TimeSeries, vector sets. */
class StackTypesConformanceTest {
    abstract static class Stack extends ValueTypeConformance {
        @Override
        protected EmbeddedServer startServer(String... overrides) {
            return EmbeddedServer.start(overrides);
        }
    }

    @Nested
    class Json extends Stack {
        protected String typeName() { return "ReJSON-RL"; }
        protected Set<String> encodings() { return Set.of("raw"); }
        protected List<List<String>> create(String key) {
            return List.of(List.of("JSON.SET", key, "$", "{\"a\":1,\"b\":[1,2,\"x\"],\"c\":{\"d\":null}}"));
        }
        protected List<List<String>> describe(String key) { return List.of(List.of("JSON.GET", key)); }
        protected List<String> write(String key) { return List.of("JSON.SET", key, "$.a", "2"); }
        protected String createEvent() { return "json.set"; }
    }

    @Nested
    class TimeSeries extends Stack {
        protected String typeName() { return "TSDB-TYPE"; }
        protected Set<String> encodings() { return Set.of("raw"); }
        protected List<List<String>> create(String key) {
            return List.of(List.of("TS.CREATE", key, "RETENTION", "0", "LABELS", "sensor", "t1"),
                    List.of("TS.ADD", key, "1000", "1.5"), List.of("TS.ADD", key, "2000", "2.5"));
        }
        protected List<List<String>> describe(String key) { return List.of(List.of("TS.RANGE", key, "-", "+")); }
        protected List<String> write(String key) { return List.of("TS.ADD", key, "3000", "3"); }
        protected String createEvent() { return "ts.create"; }
    }

    @Nested
    class VectorSets extends Stack {
        protected String typeName() { return "vectorset"; }
        protected Set<String> encodings() { return Set.of("raw"); }
        protected List<List<String>> create(String key) {
            return List.of(List.of("VADD", key, "VALUES", "3", "1", "0", "0", "e1", "NOQUANT"),
                    List.of("VADD", key, "VALUES", "3", "0", "1", "0", "e2", "NOQUANT", "SETATTR", "{\"y\":1}"));
        }
        protected List<List<String>> describe(String key) { return List.of(List.of("VSIM", key, "ELE", "e1", "WITHSCORES")); }
        protected List<String> write(String key) { return List.of("VADD", key, "VALUES", "3", "0", "0", "1", "e3"); }
        protected String createEvent() { return null; } // like Redis, vector sets publish no keyspace events
    }
}
