package io.sockudo.kv.it.zsets;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sorted sets through Lettuce, RESP2 and RESP3, sync and async (a blocked BZPOPMAX). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZSetLettuceTest {
    private static EmbeddedServer server;
    private static RedisClient client;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
        client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
                .withTimeout(Duration.ofSeconds(10)).build());
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
    void syncCommands(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> c = connect(version)) {
            RedisCommands<String, String> r = c.sync();
            String k = version.name() + ":z";
            assertEquals(3L, r.zadd(k, 1.0, "a", 2.0, "b", 3.0, "c"));
            assertEquals(1L, r.zadd(k, ZAddArgs.Builder.ch().gt(), 5.0, "a"));
            assertEquals(6.5, r.zaddincr(k, 1.5, "a"));
            assertEquals(List.of("b", "c", "a"), r.zrange(k, 0, -1));
            List<ScoredValue<String>> ws = r.zrangeWithScores(k, 0, -1);
            assertEquals(ScoredValue.just(6.5, "a"), ws.get(2));
            assertEquals(List.of("c", "b"), r.zrevrangebyscore(k, Range.create(2.0, 3.0)));
            assertEquals(2L, r.zcount(k, Range.create(2.0, 3.0)));
            assertEquals(java.util.Arrays.asList(2.0, null), r.zmscore(k, "b", "nosuch"));
            assertEquals(ScoredValue.just(2.0, "b"), r.zpopmin(k));
            assertEquals(List.of(ScoredValue.just(6.5, "a")), r.zpopmax(k, 1));
            assertEquals(1L, r.zrem(k, "c"));
            assertEquals(0L, r.exists(k));
            assertNull(r.zscore(k, "c"));
            r.zadd(k + "lex", 0.0, "a", 0.0, "b", 0.0, "c");
            assertEquals(List.of("b", "c"), r.zrangebylex(k + "lex", Range.create("b", "c")));
            assertEquals(2L, r.zlexcount(k + "lex", Range.create("b", "c")));
            assertEquals("listpack", r.objectEncoding(k + "lex"));
        }
    }

    @Test
    void asyncBlockingPop() throws Exception {
        try (StatefulRedisConnection<String, String> blocked = connect(ProtocolVersion.RESP3);
             StatefulRedisConnection<String, String> writer = connect(ProtocolVersion.RESP2)) {
            RedisFuture<KeyValue<String, ScoredValue<String>>> f = blocked.async().bzpopmax(5, "lt:blk");
            server.awaitBlockedClients(1);
            writer.sync().zadd("lt:blk", 1.0, "low", 9.0, "high");
            KeyValue<String, ScoredValue<String>> kv = f.get(10, TimeUnit.SECONDS);
            assertEquals("lt:blk", kv.getKey());
            assertEquals(ScoredValue.just(9.0, "high"), kv.getValue());
            assertTrue(writer.sync().zscore("lt:blk", "low") == 1.0);
        }
    }
}
