package io.sockudo.kv.it.json;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.json.JsonSetParams;
import redis.clients.jedis.json.Path2;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON commands through Jedis's RedisJSON API, over RESP2 and RESP3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonJedisTest {
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
        return redis.clients.jedis.RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.port()))
                .clientConfig(DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(5000).build()).build();
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void documentsThroughJedis(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            String k = protocol + ":doc";
            assertEquals("OK", j.jsonSet(k, Path2.ROOT_PATH, "{\"a\":2,\"b\":3,\"nested\":{\"a\":4,\"b\":null},\"s\":\"foo\",\"arr\":[1,2,3],\"t\":true}"));
            Object all = j.jsonGet(k, Path2.of("$..b"));
            assertEquals("[3,null]", all.toString());
            assertEquals(new JSONObject("{\"a\":2}").getInt("a"), ((JSONArray) j.jsonGet(k, Path2.of("$.a"))).getInt(0));
            assertNull(j.jsonSet(k, Path2.of("$.a"), "5", JsonSetParams.jsonSetParams().nx()));
            assertEquals("OK", j.jsonSet(k, Path2.of("$.a"), "5", JsonSetParams.jsonSetParams().xx()));
            assertEquals("OK", j.jsonMerge(k, Path2.of("$.nested"), "{\"b\":7,\"c\":[1]}"));
            assertEquals("[{\"a\":4,\"b\":7,\"c\":[1]}]", j.jsonGet(k, Path2.of("$.nested")).toString());
            assertEquals(List.of(6L), j.jsonStrAppend(k, Path2.of("$.s"), "bar"));
            assertEquals(List.of(6L), j.jsonStrLen(k, Path2.of("$.s")));
            assertEquals(List.of(5L), j.jsonArrAppend(k, Path2.of("$.arr"), 4, 5));
            assertEquals(List.of(2L), j.jsonArrIndex(k, Path2.of("$.arr"), 3));
            assertEquals(List.of(6L), j.jsonArrInsert(k, Path2.of("$.arr"), 0, 0));
            assertEquals(List.of(6L), j.jsonArrLen(k, Path2.of("$.arr")));
            assertEquals(List.of(3L), j.jsonArrTrim(k, Path2.of("$.arr"), 1, 3));
            assertEquals(3L, ((Number) j.jsonArrPop(k, Path2.of("$.arr")).get(0)).longValue());
            assertEquals(List.of(false), j.jsonToggle(k, Path2.of("$.t")));
            assertEquals(List.of(List.of("a", "b", "c")), j.jsonObjKeys(k, Path2.of("$.nested")));
            assertEquals(List.of(3L), j.jsonObjLen(k, Path2.of("$.nested")));
            assertEquals(List.of(int.class), j.jsonType(k, Path2.of("$.a")));
            Object incr = j.jsonNumIncrBy(k, Path2.of("$.a"), 2);
            assertTrue(incr.toString().contains("7"), incr.toString());
            assertEquals(1, j.jsonClear(k, Path2.of("$.nested")));
            assertEquals(1, j.jsonDebugMemory(k, Path2.of("$.s")).size());
            assertEquals(2, j.jsonMGet(Path2.of("$.a"), k, protocol + ":nothing").size());
            assertEquals(1, j.jsonDel(k, Path2.of("$.s")));
            assertEquals("ReJSON-RL", j.type(k));
            assertEquals(1, j.jsonDel(k));
            assertNull(j.jsonGet(k));
            j.set(protocol + ":str", "x");
            assertThrows(JedisDataException.class, () -> j.jsonGet(protocol + ":str"));
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.jsonSet(protocol + ":new", Path2.of("$.a"), "1"));
            assertEquals("ERR new objects must be created at the root", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void rawRepliesThroughJedis(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            String k = protocol + ":raw";
            assertEquals("OK", new String((byte[]) j.sendCommand(cmd("JSON.SET"), k, "$", "{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":true}}")));
            List<?> type = (List<?>) j.sendCommand(cmd("JSON.TYPE"), k, "$.a[*]");
            assertEquals(protocol == RedisProtocol.RESP3 ? 1 : 3, type.size());
            List<?> resp = (List<?>) j.sendCommand(cmd("JSON.RESP"), k, "$.b");
            assertEquals(1, resp.size());
            Object get = j.sendCommand(cmd("JSON.GET"), k, "INDENT", "  ", "NEWLINE", "\n", "SPACE", " ", ".b");
            assertEquals("{\n  \"c\": true\n}", new String((byte[]) get));
            assertEquals(2, ((List<?>) j.sendCommand(cmd("JSON.DEBUG"), "HELP")).size());
            assertEquals(1L, j.sendCommand(cmd("JSON.DEL"), k, "$.b"));
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.sendCommand(cmd("JSON.GET"), k, "$.a["));
            assertTrue(e.getMessage().startsWith("Error occurred on position 4"), e.getMessage());
        }
    }

    private static redis.clients.jedis.commands.ProtocolCommand cmd(String name) {
        return () -> name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
