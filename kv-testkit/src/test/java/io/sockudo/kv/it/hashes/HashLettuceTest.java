package io.sockudo.kv.it.hashes;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.HGetExArgs;
import io.lettuce.core.HSetExArgs;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hashes through Lettuce, over RESP2 and RESP3, field expiration included. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HashLettuceTest {
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
    void hashes(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> c = connect(version)) {
            RedisCommands<String, String> r = c.sync();
            String k = version.name() + ":h";
            assertEquals(2L, r.hset(k, Map.of("a", "1", "b", "2")));
            assertEquals(Map.of("a", "1", "b", "2"), r.hgetall(k));
            assertEquals(List.of(KeyValue.just("a", "1"), KeyValue.empty("x")), r.hmget(k, "a", "x"));
            assertEquals(11L, r.hincrby(k, "a", 10));
            assertEquals(2.5, r.hincrbyfloat(k, "b", 0.5));
            assertEquals(2, r.hrandfieldWithvalues(k, 2).size());
            Map<String, String> big = new HashMap<>();
            for (int i = 0; i < 600; i++) {
                big.put("f" + i, "v" + i);
            }
            r.hset(k + ":big", big);
            assertEquals("hashtable", r.objectEncoding(k + ":big"));
            Map<String, String> seen = new HashMap<>();
            MapScanCursor<String, String> cur = r.hscan(k + ":big", ScanCursor.INITIAL, ScanArgs.Builder.limit(100));
            seen.putAll(cur.getMap());
            while (!cur.isFinished()) {
                cur = r.hscan(k + ":big", cur, ScanArgs.Builder.limit(100));
                seen.putAll(cur.getMap());
            }
            assertEquals(big, seen);

            assertEquals(List.of(1L, -2L), r.hexpire(k, 100, "a", "zz"));
            assertEquals(List.of(0L), r.hexpire(k, 100, ExpireArgs.Builder.nx(), "a"));
            long ttl = r.httl(k, "a").get(0);
            assertTrue(ttl > 90 && ttl <= 100);
            assertEquals(List.of(1L), r.hpersist(k, "a"));
            assertEquals(List.of(-1L), r.httl(k, "a"));
            assertEquals(List.of(KeyValue.just("a", "11")), r.hgetdel(k, "a"));
            assertEquals(1L, r.hsetex(k, HSetExArgs.Builder.ex(Duration.ofSeconds(50)), Map.of("n", "1")));
            assertTrue(r.hpttl(k, "n").get(0) > 40_000);
            assertEquals(List.of(KeyValue.just("n", "1")), r.hgetex(k, HGetExArgs.Builder.persist(), "n"));
            assertEquals(List.of(-1L), r.httl(k, "n"));
            r.set(k + ":s", "x");
            assertThrows(RedisCommandExecutionException.class, () -> r.hlen(k + ":s"));
            r.del(k, k + ":big");
            assertFalse(r.exists(k) > 0);
        }
    }
}
