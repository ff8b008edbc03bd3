package io.sockudo.kv.it.sets;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ValueScanCursor;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The set commands through Lettuce, over RESP2 and RESP3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SetsLettuceTest {
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
    void setCommands(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> c = connect(version)) {
            RedisCommands<String, String> r = c.sync();
            String p = "{" + version.name() + "}:";
            assertEquals(4L, r.sadd(p + "a", "1", "2", "3", "x"));
            assertEquals(3L, r.sadd(p + "b", "2", "3", "y"));
            assertEquals(Set.of("1", "2", "3", "x"), r.smembers(p + "a"));
            assertTrue(r.sismember(p + "a", "x"));
            assertEquals(List.of(true, false), r.smismember(p + "a", "1", "y"));
            assertEquals(4L, r.scard(p + "a"));
            assertEquals(Set.of("2", "3"), r.sinter(p + "a", p + "b"));
            assertEquals(2L, r.sintercard(p + "a", p + "b"));
            assertEquals(1L, r.sintercard(1, p + "a", p + "b"));
            assertEquals(Set.of("1", "2", "3", "x", "y"), r.sunion(p + "a", p + "b"));
            assertEquals(Set.of("1", "x"), r.sdiff(p + "a", p + "b"));
            assertEquals(2L, r.sinterstore(p + "i", p + "a", p + "b"));
            assertEquals("intset", r.objectEncoding(p + "i"));
            assertEquals(5L, r.sunionstore(p + "u", p + "a", p + "b"));
            assertEquals(2L, r.sdiffstore(p + "d", p + "a", p + "b"));
            assertTrue(r.smove(p + "a", p + "b", "x"));
            assertFalse(r.smove(p + "a", p + "b", "x"));
            assertEquals(1L, r.srem(p + "a", "1"));
            String popped = r.spop(p + "u");
            assertFalse(r.sismember(p + "u", popped));
            assertEquals(2, r.spop(p + "u", 2).size());
            assertEquals(2, new HashSet<>(r.srandmember(p + "u", 2)).size());
            assertEquals(7, r.srandmember(p + "u", -7).size());
            assertNull(r.spop(p + "none"));
            r.set(p + "str", "v");
            assertThrows(RedisCommandExecutionException.class, () -> r.smembers(p + "str"));
            Set<String> seen = new HashSet<>();
            ValueScanCursor<String> cur = r.sscan(p + "b", ScanArgs.Builder.limit(1));
            seen.addAll(cur.getValues());
            while (!cur.isFinished()) {
                cur = r.sscan(p + "b", cur, ScanArgs.Builder.limit(1));
                seen.addAll(cur.getValues());
            }
            assertEquals(r.smembers(p + "b"), seen);
        }
    }
}
