package io.sockudo.kv.it.clients;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.RedisFuture;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lettuce (from Maven Central) against sockudo-kv, over RESP2 and RESP3, sync and async. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LettuceTest {
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
    void syncCommands(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> c = connect(version)) {
            RedisCommands<String, String> r = c.sync();
            String p = version.name() + ":";
            assertEquals("PONG", r.ping());
            assertEquals("OK", r.set(p + "k", "v"));
            assertEquals("v", r.get(p + "k"));
            assertNull(r.get(p + "missing"));
            assertEquals(5L, r.incrby(p + "n", 5));
            assertEquals(5.25, r.incrbyfloat(p + "n", 0.25));
            assertEquals("OK", r.set(p + "e", "v", SetArgs.Builder.px(100_000)));
            assertTrue(r.pttl(p + "e") > 90_000);
            assertEquals(1L, r.exists(p + "e"));
            assertEquals(1L, r.del(p + "e"));
            assertEquals("hello", r.echo("hello"));
            RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class, () -> r.incr(p + "k"));
            assertEquals("ERR value is not an integer or out of range", e.getMessage());
        }
    }

    @Test
    void asyncPipelining() throws Exception {
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP3)) {
            RedisAsyncCommands<String, String> a = c.async();
            c.setAutoFlushCommands(false);
            List<RedisFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                futures.add(a.incr("lettuce:counter"));
            }
            c.flushCommands();
            c.setAutoFlushCommands(true);
            for (int i = 0; i < 1000; i++) {
                assertEquals(i + 1, futures.get(i).get(5, TimeUnit.SECONDS));
            }
        }
    }
}
