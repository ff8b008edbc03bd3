package io.sockudo.kv.it.json;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.json.JsonPath;
import io.lettuce.core.json.JsonType;
import io.lettuce.core.json.JsonValue;
import io.lettuce.core.json.arguments.JsonRangeArgs;
import io.lettuce.core.protocol.ProtocolVersion;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON commands through Lettuce's RedisJSON API, over RESP2 and RESP3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonLettuceTest {
    private static EmbeddedServer server;
    private static RedisClient client;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
        client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
                .withTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterAll
    static void stop() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        server.close();
    }

    private static StatefulRedisConnection<String, String> connect(ProtocolVersion version) {
        client.setOptions(ClientOptions.builder().protocolVersion(version).build());
        return client.connect();
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void documentsThroughLettuce(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> c = connect(version)) {
            RedisCommands<String, String> r = c.sync();
            String k = version.name() + ":doc";
            assertEquals("OK", r.jsonSet(k, JsonPath.ROOT_PATH, "{\"a\":1,\"s\":\"ab\",\"arr\":[1,2,3],\"o\":{\"x\":1,\"y\":2},\"t\":false}"));
            List<JsonValue> got = r.jsonGet(k, JsonPath.of("$.o"));
            assertEquals("[{\"x\":1,\"y\":2}]", got.get(0).toString());
            assertEquals(List.of("[[1,2,3]]"), r.jsonGetRaw(k, JsonPath.of("$.arr")));
            assertEquals(List.of(4L), r.jsonArrappend(k, JsonPath.of("$.arr"), "4"));
            assertEquals(List.of(1L), r.jsonArrindex(k, JsonPath.of("$.arr"), "2", JsonRangeArgs.Builder.start(0)));
            assertEquals(List.of(5L), r.jsonArrinsert(k, JsonPath.of("$.arr"), 1, "9"));
            assertEquals(List.of(5L), r.jsonArrlen(k, JsonPath.of("$.arr")));
            assertEquals("4", r.jsonArrpopRaw(k, JsonPath.of("$.arr")).get(0));
            assertEquals(List.of(2L), r.jsonArrtrim(k, JsonPath.of("$.arr"), JsonRangeArgs.Builder.start(0).stop(1)));
            assertEquals(List.of(4L), r.jsonStrappend(k, JsonPath.of("$.s"), "\"cd\""));
            assertEquals(List.of(4L), r.jsonStrlen(k, JsonPath.of("$.s")));
            assertEquals(List.of(2L), r.jsonObjlen(k, JsonPath.of("$.o")));
            assertEquals(List.of("x", "y"), r.jsonObjkeys(k, JsonPath.of("$.o")));
            if (version == ProtocolVersion.RESP3) {
                // Lettuce reads this reply only in its RESP3 form (on RESP2 RedisJSON sends the JSON text "[3]")
                assertEquals(3L, r.jsonNumincrby(k, JsonPath.of("$.a"), 2).get(0).longValue());
            } else {
                r.jsonSet(k, JsonPath.of("$.a"), "3");
            }
            assertEquals(List.of(JsonType.STRING), r.jsonType(k, JsonPath.of("$.s")));
            assertEquals("OK", r.jsonMerge(k, JsonPath.of("$.o"), "{\"x\":null,\"z\":3}"));
            assertEquals(List.of("[{\"y\":2,\"z\":3}]"), r.jsonGetRaw(k, JsonPath.of("$.o")));
            assertEquals(1L, r.jsonClear(k, JsonPath.of("$.o")));
            assertEquals(2, r.jsonMGetRaw(JsonPath.of("$.a"), k, version + ":none").size());
            assertEquals(List.of(1L), r.jsonToggle(k, JsonPath.of("$.t")));
            assertEquals(1L, r.jsonDel(k, JsonPath.of("$.t")));
            assertTrue(r.jsonGetRaw(k).get(0).startsWith("{\"a\":3"));
        }
    }
}
