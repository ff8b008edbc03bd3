package io.sockudo.kv.it.client;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Transaction;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jedis and Lettuce connect unchanged to a password-protected server: their handshakes (HELLO 3
 * AUTH, AUTH, CLIENT SETINFO, CLIENT SETNAME) succeed, and their transaction APIs work.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisClientsTest {
    private static EmbeddedServer kv;

    @BeforeAll
    static void start() {
        kv = EmbeddedServer.start("--requirepass", "secret");
    }

    @AfterAll
    static void stop() {
        kv.close();
    }

    @Test
    void lettuceResp3WithPasswordAndTransactions() {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(kv.port())
                .withPassword("secret".toCharArray()).withClientName("lettuce-it")
                .withTimeout(Duration.ofSeconds(10)).build();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> redis = conn.sync();
            assertEquals("PONG", redis.ping());
            assertEquals("lettuce-it", redis.clientGetname());
            assertTrue(redis.clientInfo().contains(" resp=3 "), redis.clientInfo());
            assertEquals("OK", redis.set("lettuce:k", "v"));
            assertNull(redis.get("lettuce:missing"));
            redis.watch("lettuce:k");
            redis.multi();
            redis.set("lettuce:k", "w");
            redis.get("lettuce:k");
            TransactionResult result = redis.exec();
            assertEquals(List.of("OK", "w"), result.stream().toList());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void lettuceSeesAbortedTransaction() {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(kv.port())
                .withPassword("secret".toCharArray()).withTimeout(Duration.ofSeconds(10)).build();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> a = client.connect();
             StatefulRedisConnection<String, String> b = client.connect()) {
            a.sync().watch("lettuce:w");
            b.sync().set("lettuce:w", "changed");
            a.sync().multi();
            a.sync().get("lettuce:w");
            assertTrue(a.sync().exec().wasDiscarded());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void jedisResp2AndResp3() {
        for (RedisProtocol protocol : new RedisProtocol[]{RedisProtocol.RESP2, RedisProtocol.RESP3}) {
            DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().password("secret")
                    .protocol(protocol).clientName("jedis-it").socketTimeoutMillis(10_000).build();
            try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", kv.port()), config)) {
                assertEquals("PONG", jedis.ping());
                assertEquals("jedis-it", jedis.clientGetname());
                String info = jedis.clientInfo();
                assertTrue(info.contains(" lib-name=jedis "), info);
                jedis.set("jedis:k", "1");
                Transaction t = jedis.multi();
                t.set("jedis:k", "2");
                t.get("jedis:k");
                assertEquals(List.of("OK", "2"), t.exec());
            }
        }
    }
}
