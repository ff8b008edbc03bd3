package io.sockudo.kv.it.search;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.json.Path2;
import redis.clients.jedis.search.Document;
import redis.clients.jedis.search.FTCreateParams;
import redis.clients.jedis.search.FTSearchParams;
import redis.clients.jedis.search.IndexDataType;
import redis.clients.jedis.search.SearchResult;
import redis.clients.jedis.search.aggr.AggregationBuilder;
import redis.clients.jedis.search.aggr.AggregationResult;
import redis.clients.jedis.search.aggr.Reducers;
import redis.clients.jedis.search.aggr.Row;
import redis.clients.jedis.search.aggr.SortedField;
import redis.clients.jedis.search.schemafields.GeoField;
import redis.clients.jedis.search.schemafields.NumericField;
import redis.clients.jedis.search.schemafields.SchemaField;
import redis.clients.jedis.search.schemafields.TagField;
import redis.clients.jedis.search.schemafields.TextField;
import redis.clients.jedis.search.schemafields.VectorField;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search family through Jedis 8's RediSearch API (ftCreate, ftSearch, ftAggregate...), RESP2 and RESP3. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SearchJedisTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static UnifiedJedis connect(RedisProtocol protocol) {
        return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.port()))
                .clientConfig(DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(5000).build()).build();
    }

    private static byte[] vec(float... v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            bb.putFloat(f);
        }
        return bb.array();
    }

    private static void books(UnifiedJedis j) {
        j.flushAll();
        List<SchemaField> schema = List.of(
                TextField.of("title").weight(2.0).sortable(),
                TextField.of("body"),
                NumericField.of("year").sortable(),
                TagField.of("genre").separator(';'),
                GeoField.of("loc"),
                VectorField.builder().fieldName("v").algorithm(VectorField.VectorAlgorithm.HNSW)
                        .attributes(Map.of("TYPE", "FLOAT32", "DIM", 2, "DISTANCE_METRIC", "L2")).build());
        assertEquals("OK", j.ftCreate("books", FTCreateParams.createParams().on(IndexDataType.HASH)
                .prefix("book:"), schema));
        Object[][] rows = {
            {"book:1", "The running dog", "A story of a dog that keeps running", "1999", "fiction;animals", "-122.41,37.77", vec(1, 0)},
            {"book:2", "Cats and dogs", "Dogs chase cats every day", "2005", "animals", "-122.0,37.5", vec(0, 1)},
            {"book:3", "Python programming", "Learn python programming step by step", "2020", "tech", "2.35,48.86", vec(1, 1)},
            {"book:4", "Advanced python", "Python for experts who run things", "2021", "tech;advanced", "2.30,48.80", vec(2, 2)},
        };
        for (Object[] r : rows) {
            Map<byte[], byte[]> h = new HashMap<>();
            h.put("title".getBytes(), ((String) r[1]).getBytes());
            h.put("body".getBytes(), ((String) r[2]).getBytes());
            h.put("year".getBytes(), ((String) r[3]).getBytes());
            h.put("genre".getBytes(), ((String) r[4]).getBytes());
            h.put("loc".getBytes(), ((String) r[5]).getBytes());
            h.put("v".getBytes(), (byte[]) r[6]);
            j.hset(((String) r[0]).getBytes(), h);
        }
    }

    private static List<String> ids(SearchResult r) {
        List<String> out = new ArrayList<>();
        for (Document d : r.getDocuments()) {
            out.add(d.getId());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void createAndSearch(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            books(j);
            SearchResult r = j.ftSearch("books", "dogs");
            assertEquals(2, r.getTotalResults());
            assertEquals(Set.of("book:1", "book:2"), Set.copyOf(ids(r)));
            assertEquals("Cats and dogs", j.ftSearch("books", "@title:cats").getDocuments().get(0).getString("title"));

            r = j.ftSearch("books", "python", FTSearchParams.searchParams().returnFields("title", "year")
                    .sortBy("year", redis.clients.jedis.args.SortingOrder.DESC).withScores());
            assertEquals(List.of("book:4", "book:3"), ids(r));
            assertEquals("2021", r.getDocuments().get(0).getString("year"));
            assertEquals(2, r.getDocuments().get(0).getProperties().spliterator().estimateSize() >= 0 ? 2 : 0);

            r = j.ftSearch("books", "@year:[2000 2020]", FTSearchParams.searchParams().noContent());
            assertEquals(Set.of("book:2", "book:3"), Set.copyOf(ids(r)));

            r = j.ftSearch("books", "*", FTSearchParams.searchParams().filter("year", 2000, 2020).limit(0, 1));
            assertEquals(2, r.getTotalResults());
            assertEquals(1, r.getDocuments().size());

            r = j.ftSearch("books", "@genre:{tech}", FTSearchParams.searchParams().noContent());
            assertEquals(Set.of("book:3", "book:4"), Set.copyOf(ids(r)));

            r = j.ftSearch("books", "@loc:[$lon $lat 50 km]", FTSearchParams.searchParams()
                    .addParam("lon", "-122.41").addParam("lat", "37.77").dialect(2).noContent());
            assertEquals(Set.of("book:1", "book:2"), Set.copyOf(ids(r)));

            r = j.ftSearch("books", "*=>[KNN 2 @v $q AS dist]", FTSearchParams.searchParams()
                    .addParam("q", vec(1.9f, 1.9f)).sortBy("dist", redis.clients.jedis.args.SortingOrder.ASC)
                    .returnFields("dist").dialect(2));
            assertEquals(List.of("book:4", "book:3"), ids(r));

            JedisDataException e = assertThrows(JedisDataException.class, () -> j.ftSearch("nope", "x"));
            assertEquals("nope: no such index", e.getMessage());
            e = assertThrows(JedisDataException.class, () -> j.ftSearch("books", "(foo"));
            assertTrue(e.getMessage().startsWith("Syntax error at offset"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void aggregate(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            books(j);
            AggregationResult r = j.ftAggregate("books", new AggregationBuilder("*")
                    .groupBy("@genre", Reducers.count().as("n"), Reducers.avg("@year").as("avg_year"))
                    .sortBy(SortedField.desc("@n")));
            Map<String, Long> counts = new HashMap<>();
            for (Row row : r.getRows()) {
                counts.put(row.getString("genre"), row.getLong("n"));
            }
            assertEquals(Map.of("fiction;animals", 1L, "animals", 1L, "tech", 1L, "tech;advanced", 1L), counts);

            r = j.ftAggregate("books", new AggregationBuilder("python").load("@title")
                    .apply("@year * 2", "twice").filter("@twice > 4040").sortByAsc("@year"));
            assertEquals(1, r.getRows().size());
            assertEquals("4042", r.getRow(0).getString("twice"));

            r = j.ftAggregate("books", new AggregationBuilder("*").groupBy("@year").sortByDesc("@year").limit(0, 2));
            assertEquals(2, r.getRows().size());
            assertEquals(2021L, r.getRow(0).getLong("year"));

            r = j.ftAggregate("books", new AggregationBuilder("*").load("@year").cursor(2, 10000));
            assertEquals(2, r.getRows().size());
            assertTrue(r.getCursorId() > 0);
            AggregationResult next = j.ftCursorRead("books", r.getCursorId(), 10);
            assertEquals(2, next.getRows().size());
            assertEquals(0, next.getCursorId());
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void management(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            books(j);
            Map<String, Object> info = j.ftInfo("books");
            assertEquals("books", info.get("index_name"));
            assertEquals(4L, Long.parseLong(String.valueOf(info.get("num_docs")).replace(".0", "")));
            assertEquals(Set.of("books"), j.ftList());
            assertEquals(Set.of("animals", "fiction", "tech", "advanced"), j.ftTagVals("books", "genre"));
            assertEquals("OK", j.ftAliasAdd("lib", "books"));
            assertEquals(4, j.ftSearch("lib", "*").getTotalResults());
            assertEquals("OK", j.ftAliasDel("lib"));
            assertEquals("OK", j.ftSynUpdate("books", "g1", "kitten", "cats"));
            assertEquals(Map.of("kitten", List.of("g1"), "cats", List.of("g1")), j.ftSynDump("books"));
            assertEquals(2, j.ftDictAdd("d", "foo", "bar"));
            assertEquals(Set.of("foo", "bar"), j.ftDictDump("d"));
            assertEquals(1, j.ftDictDel("d", "foo"));
            Map<String, Map<String, Double>> sc = j.ftSpellCheck("books", "pyton");
            assertTrue(sc.get("pyton").containsKey("python"), sc.toString());
            assertEquals(2, j.ftSugAdd("sug", "hello world", 1) + j.ftSugAdd("sug", "help", 1) - 1);
            assertEquals(List.of("help", "hello world"), j.ftSugGet("sug", "hel"));
            assertEquals(2, j.ftSugLen("sug"));
            assertTrue(j.ftSugDel("sug", "help"));
            assertEquals("OK", j.ftConfigSet("TIMEOUT", "1000"));
            assertEquals("1000", String.valueOf(j.ftConfigGet("TIMEOUT").get("TIMEOUT")));
            j.ftConfigSet("TIMEOUT", "500");
            assertTrue(j.ftExplain("books", new redis.clients.jedis.search.Query("dogs")).contains("dogs"));
            assertEquals("OK", j.ftAlter("books", List.of(TextField.of("extra"))));
            assertEquals("OK", j.ftDropIndexDD("books"));
            assertEquals(0L, j.dbSize() - (j.exists("sug") ? 1 : 0));
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void json(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            j.flushAll();
            j.ftCreate("people", FTCreateParams.createParams().on(IndexDataType.JSON).prefix("p:"),
                    List.of(TextField.of("$.name").as("name"), NumericField.of("$.age").as("age").sortable(),
                            TagField.of("$.city").as("city")));
            j.jsonSet("p:1", Path2.ROOT_PATH, new org.json.JSONObject(Map.of("name", "Alice Smith", "age", 30, "city", "Paris")));
            j.jsonSet("p:2", Path2.ROOT_PATH, new org.json.JSONObject(Map.of("name", "Bob Jones", "age", 40, "city", "London")));
            SearchResult r = j.ftSearch("people", "@age:[35 +inf]");
            assertEquals(List.of("p:2"), ids(r));
            assertTrue(r.getDocuments().get(0).getString("$").contains("\"Bob Jones\""));
            r = j.ftSearch("people", "alice", FTSearchParams.searchParams().returnFields("name", "city"));
            assertEquals("Alice Smith", r.getDocuments().get(0).getString("name"));
            assertEquals("Paris", r.getDocuments().get(0).getString("city"));
            AggregationResult a = j.ftAggregate("people", new AggregationBuilder("*")
                    .groupBy(List.of(), List.of(Reducers.sum("@age").as("total"))));
            assertEquals(70L, a.getRow(0).getLong("total"));
        }
    }
}
