package io.sockudo.kv.it.vectorset;

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
import redis.clients.jedis.params.VAddParams;
import redis.clients.jedis.params.VSimParams;
import redis.clients.jedis.resps.RawVector;
import redis.clients.jedis.resps.VSimScoreAttribs;
import redis.clients.jedis.resps.VectorInfo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The family through Jedis 8's vector-set API, over RESP2 and RESP3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VectorSetJedisTest {
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

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void pointsThroughJedis(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            String k = protocol + ":points";
            assertTrue(j.vadd(k, new float[]{1, 1}, "pt:A"));
            assertTrue(j.vadd(k, new float[]{-1, -1}, "pt:B"));
            assertTrue(j.vadd(k, new float[]{-1, 1}, "pt:C"));
            assertTrue(j.vadd(k, new float[]{1, -1}, "pt:D"));
            assertTrue(j.vadd(k, new float[]{1, 0}, "pt:E", new VAddParams().setAttr("{\"size\": \"small\"}")));
            assertFalse(j.vadd(k, new float[]{1, 0}, "pt:E"));
            assertEquals(5, j.vcard(k));
            assertEquals(2, j.vdim(k));
            assertTrue(j.vismember(k, "pt:A"));
            assertFalse(j.vismember(k, "pt:Z"));
            assertEquals(List.of(0.9999999403953552, 0.9999999403953552), j.vemb(k, "pt:A"));
            RawVector raw = j.vembRaw(k, "pt:A");
            assertEquals("int8", raw.getQuantizationType());
            assertArrayEquals(new byte[]{127, 127}, raw.getRawData());
            assertEquals(1.4142135381698608, raw.getNorm());
            assertEquals(0.7071067690849304, raw.getQuantizationRange());

            assertEquals(List.of("pt:E", "pt:A", "pt:D", "pt:C", "pt:B"), j.vsim(k, new float[]{0.9f, 0.1f}));
            assertEquals(List.of("pt:A", "pt:E"), j.vsimByElement(k, "pt:A", new VSimParams().count(2)));
            Map<String, Double> scored = j.vsimByElementWithScores(k, "pt:A", new VSimParams().count(4));
            assertEquals(Map.of("pt:A", 1.0, "pt:E", 0.8535534143447876, "pt:C", 0.5, "pt:D", 0.5), scored);
            assertEquals(List.of("pt:E"), j.vsim(k, new float[]{1, 0}, new VSimParams().filter(".size == \"small\"")));
            Map<String, VSimScoreAttribs> both = j.vsimWithScoresAndAttribs(k, new float[]{1, 0},
                    new VSimParams().count(1));
            assertEquals(new VSimScoreAttribs(1.0, "{\"size\": \"small\"}"), both.get("pt:E"));

            assertTrue(j.vsetattr(k, "pt:A", "{\"size\": \"large\"}"));
            assertEquals("{\"size\": \"large\"}", j.vgetattr(k, "pt:A"));
            assertNull(j.vgetattr(k, "pt:B"));
            List<List<String>> links = j.vlinks(k, "pt:A");
            assertFalse(links.isEmpty());
            List<Map<String, Double>> scoredLinks = j.vlinksWithScores(k, "pt:A");
            assertEquals(links.size(), scoredLinks.size());
            assertEquals(links.get(links.size() - 1).size(), scoredLinks.get(scoredLinks.size() - 1).size());
            assertTrue(List.of("pt:A", "pt:B", "pt:C", "pt:D", "pt:E").contains(j.vrandmember(k)));
            assertEquals(3, j.vrandmember(k, 3).size());
            assertEquals(7, j.vrandmember(k, -7).size());

            VectorInfo info = j.vinfo(k);
            assertEquals(2L, info.getDimensionality());
            assertEquals("int8", info.getType());
            assertEquals(5L, info.getSize());
            assertEquals(2L, info.getAttributesCount());
            assertEquals(0L, info.getProjectionInputDim());

            assertTrue(j.vrem(k, "pt:A"));
            assertFalse(j.vrem(k, "pt:A"));
            JedisDataException e = assertThrows(JedisDataException.class,
                    () -> j.vadd(k, new float[]{1, 2, 3}, "x"));
            assertEquals("ERR Vector dimension mismatch - got 3 but set has 2", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void optionsThroughJedis(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            String k = protocol + ":opts";
            for (int i = 0; i < 200; i++) {
                float[] v = {(float) Math.cos(i), (float) Math.sin(i), i % 5};
                assertTrue(j.vadd(k, v, "e" + i, new VAddParams().noQuant().m(8).ef(100).cas()
                        .setAttr("{\"i\": " + i + "}")));
            }
            assertEquals(200, j.vcard(k));
            assertEquals("f32", j.vinfo(k).getType());
            List<String> truth = j.vsim(k, new float[]{1, 0, 2}, new VSimParams().count(10).truth());
            List<String> graph = j.vsim(k, new float[]{1, 0, 2}, new VSimParams().count(10).ef(200));
            assertEquals(truth, graph);
            List<String> filtered = j.vsim(k, new float[]{1, 0, 2}, new VSimParams().count(5)
                    .filter(".i % 2 == 0").noThread());
            assertEquals(5, filtered.size());
            for (String e : filtered) {
                assertEquals(0, Integer.parseInt(e.substring(1)) % 2);
            }
            assertTrue(j.vsimByElement(k, "e0", new VSimParams().epsilon(0.0001).count(50)).contains("e0"));
            // Jedis 8.0.2 spells FILTER-EF as FILTER_EF, which Redis rejects as well
            JedisDataException bad = assertThrows(JedisDataException.class,
                    () -> j.vsim(k, new float[]{1, 0, 2}, new VSimParams().filter(".i > 0").filterEf(10)));
            assertEquals("ERR syntax error in VSIM command", bad.getMessage());
            // REDUCE through Jedis's overload with a reduced dimension
            assertTrue(j.vadd(protocol + ":r", new float[]{1, 2, 3, 4}, "a", 2, new VAddParams()));
            assertEquals(2, j.vdim(protocol + ":r"));
            assertEquals(4L, j.vinfo(protocol + ":r").getProjectionInputDim());
        }
    }
}
