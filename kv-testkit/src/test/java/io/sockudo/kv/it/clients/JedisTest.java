package io.sockudo.kv.it.clients;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jedis (from Maven Central) against sockudo-kv, over RESP2 and RESP3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JedisTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Jedis connect(RedisProtocol protocol) {
        return new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(5000).build());
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void stringsAndKeys(RedisProtocol protocol) {
        try (Jedis j = connect(protocol)) {
            String p = protocol.name() + ":";
            assertEquals("PONG", j.ping());
            assertEquals("OK", j.set(p + "k", "v"));
            assertEquals("v", j.get(p + "k"));
            assertNull(j.get(p + "missing"));
            assertEquals(11, j.incrBy(p + "n", 11));
            assertEquals(10, j.decr(p + "n"));
            assertEquals(10.5, j.incrByFloat(p + "n", 0.5), 0.0);
            assertEquals("OK", j.mset(p + "a", "1", p + "b", "2"));
            assertEquals(List.of("1", "2"), j.mget(p + "a", p + "b"));
            assertEquals(3, j.append(p + "a", "23"));
            assertEquals("OK", j.set(p + "t", "x", SetParams.setParams().ex(100)));
            long ttl = j.ttl(p + "t");
            assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
            assertTrue(j.exists(p + "t"));
            assertEquals(1, j.del(p + "t"));
            assertEquals("string", j.type(p + "k"));
            j.select(1);
            assertNull(j.get(p + "k"));
            j.select(0);
        }
    }

    @Test
    void binarySafe() {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            byte[] key = {0, 1, 2, '\r', '\n', (byte) 0xff};
            byte[] value = new byte[512 * 1024];
            new java.util.Random(7).nextBytes(value);
            j.set(key, value);
            assertArrayEquals(value, j.get(key));
            assertEquals(value.length, j.strlen(key));
        }
    }

    @Test
    void errorsSurfaceAsRedisErrors() {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            j.set("notanumber", "abc");
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.incr("notanumber"));
            assertEquals("ERR value is not an integer or out of range", e.getMessage());
        }
    }

    @Test
    void pipelineAndTransaction() {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < 1000; i++) {
                p.incr("pipe");
            }
            Response<String> last = p.get("pipe");
            p.sync();
            assertEquals("1000", last.get());
            Transaction t = j.multi();
            t.set("tx1", "a");
            t.incr("tx2");
            List<Object> results = t.exec();
            assertEquals(2, results.size());
            assertEquals("a", j.get("tx1"));
        }
    }
}
