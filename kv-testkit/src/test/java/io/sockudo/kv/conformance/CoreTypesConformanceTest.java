package io.sockudo.kv.conformance;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.ValueTypeConformance;
import org.junit.jupiter.api.Nested;

import java.util.List;
import java.util.Set;

/** The value-type conformance suite for the core family's collection types. */
class CoreTypesConformanceTest {
    /** What the core types share: the built-in server. */
    abstract static class Core extends ValueTypeConformance {
        @Override
        protected EmbeddedServer startServer(String... overrides) {
            return EmbeddedServer.start(overrides);
        }
    }

    @Nested
    class Lists extends Core {
        protected String typeName() { return "list"; }
        protected Set<String> encodings() { return Set.of("listpack", "quicklist"); }
        protected List<List<String>> create(String key) { return List.of(List.of("RPUSH", key, "a", "b", "c", "7")); }
        protected List<List<String>> describe(String key) { return List.of(List.of("LRANGE", key, "0", "-1")); }
        protected List<String> write(String key) { return List.of("LPUSH", key, "x"); }
        protected String createEvent() { return "rpush"; }
    }

    @Nested
    class Hashes extends Core {
        protected String typeName() { return "hash"; }
        protected Set<String> encodings() { return Set.of("listpack", "hashtable"); }
        protected List<List<String>> create(String key) {
            return List.of(List.of("HSET", key, "f1", "v1", "f2", "2"), List.of("HSET", key, "f3", "v3"));
        }
        protected List<List<String>> describe(String key) { return List.of(List.of("HGETALL", key)); }
        protected List<String> write(String key) { return List.of("HSET", key, "f9", "x"); }
        protected String createEvent() { return "hset"; }
    }

    @Nested
    class Sets extends Core {
        protected String typeName() { return "set"; }
        protected Set<String> encodings() { return Set.of("intset", "listpack", "hashtable"); }
        protected List<List<String>> create(String key) { return List.of(List.of("SADD", key, "a", "b", "c")); }
        protected List<List<String>> describe(String key) { return List.of(List.of("SORT", key, "ALPHA")); }
        protected List<String> write(String key) { return List.of("SADD", key, "x"); }
        protected String createEvent() { return "sadd"; }
    }

    @Nested
    class SortedSets extends Core {
        protected String typeName() { return "zset"; }
        protected Set<String> encodings() { return Set.of("listpack", "skiplist"); }
        protected List<List<String>> create(String key) { return List.of(List.of("ZADD", key, "1", "a", "2.5", "b")); }
        protected List<List<String>> describe(String key) { return List.of(List.of("ZRANGE", key, "0", "-1", "WITHSCORES")); }
        protected List<String> write(String key) { return List.of("ZADD", key, "3", "x"); }
        protected String createEvent() { return "zadd"; }
    }

    @Nested
    class Streams extends Core {
        protected String typeName() { return "stream"; }
        protected Set<String> encodings() { return Set.of("stream"); }
        protected List<List<String>> create(String key) {
            return List.of(List.of("XADD", key, "1-1", "f", "v"), List.of("XADD", key, "2-1", "g", "w"),
                    List.of("XGROUP", "CREATE", key, "grp", "0"),
                    List.of("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "1", "STREAMS", key, ">"));
        }
        protected List<List<String>> describe(String key) {
            // the entries, the groups' positions and the PEL's ids and owners (not its idle times)
            return List.of(List.of("XRANGE", key, "-", "+"), List.of("XINFO", "STREAM", key),
                    List.of("XPENDING", key, "grp"));
        }
        protected List<String> write(String key) { return List.of("XADD", key, "*", "f", "v"); }
        protected String createEvent() { return "xadd"; }
    }
}
