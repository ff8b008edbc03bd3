package io.sockudo.kv.it.lists;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.LPosArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.ClientOptions;
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
import static org.junit.jupiter.api.Assertions.assertNull;

/** List commands through Lettuce (sync and async), RESP2 and RESP3, blocking ones included. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListLettuceTest {
    private static EmbeddedServer server;
    private static RedisClient client;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
        client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
                .withTimeout(Duration.ofSeconds(20)).build());
    }

    @AfterAll
    static void stop() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        server.close();
    }

    private static StatefulRedisConnection<String, String> connect(ProtocolVersion v) {
        client.setOptions(ClientOptions.builder().protocolVersion(v).build());
        return client.connect();
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
    void commandsAndBlocking(ProtocolVersion v) throws Exception {
        try (StatefulRedisConnection<String, String> c1 = connect(v);
             StatefulRedisConnection<String, String> c2 = connect(v)) {
            RedisCommands<String, String> s = c1.sync();
            String p = v.name() + ":";
            s.del(p + "l", p + "d", p + "q");
            assertEquals(3, s.rpush(p + "l", "a", "b", "c"));
            assertEquals(4, s.lpush(p + "l", "z"));
            assertEquals(List.of("z", "a", "b", "c"), s.lrange(p + "l", 0, -1));
            assertEquals("b", s.lindex(p + "l", -2));
            assertEquals(2L, s.lpos(p + "l", "b"));
            assertEquals(List.of(1L), s.lpos(p + "l", "a", 0, LPosArgs.Builder.rank(1)));
            assertEquals(5, s.linsert(p + "l", true, "a", "y"));
            assertEquals(1, s.lrem(p + "l", 0, "y"));
            assertEquals("OK", s.lset(p + "l", 0, "Z"));
            assertEquals("c", s.lmove(p + "l", p + "d", LMoveArgs.Builder.rightLeft()));
            assertEquals("Z", s.lpop(p + "l"));
            assertEquals(List.of("b"), s.rpop(p + "l", 1));
            KeyValue<String, List<String>> mp = s.lmpop(LMPopArgs.Builder.left().count(5), p + "none", p + "l");
            assertEquals(p + "l", mp.getKey());
            assertEquals(List.of("a"), mp.getValue());
            assertEquals(0, s.llen(p + "l"));
            assertNull(s.lpop(p + "l"));

            // a blocked async BLPOP woken by a push from another connection
            RedisFuture<KeyValue<String, String>> f = c2.async().blpop(0, p + "q");
            server.awaitBlockedClients(1);
            s.rpush(p + "q", "hello");
            KeyValue<String, String> kv = f.get(10, TimeUnit.SECONDS);
            assertEquals(p + "q", kv.getKey());
            assertEquals("hello", kv.getValue());
            RedisFuture<String> g = c2.async().brpoplpush(0, p + "q", p + "d");
            server.awaitBlockedClients(1);
            s.lpush(p + "q", "w");
            assertEquals("w", g.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("w", "c"), s.lrange(p + "d", 0, -1));
            assertNull(c2.sync().blpop(0.01, p + "none"));
        }
    }
}
