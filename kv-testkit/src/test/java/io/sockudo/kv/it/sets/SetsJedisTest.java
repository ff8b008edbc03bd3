package io.sockudo.kv.it.sets;

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
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The set commands through Jedis, over RESP2 and RESP3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SetsJedisTest {
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
    void basicCommands(RedisProtocol protocol) {
        try (Jedis j = connect(protocol)) {
            String p = protocol.name() + ":";
            assertEquals(3, j.sadd(p + "s", "1", "2", "3"));
            assertEquals(1, j.sadd(p + "s", "3", "a"));
            assertEquals(Set.of("1", "2", "3", "a"), j.smembers(p + "s"));
            assertTrue(j.sismember(p + "s", "a"));
            assertFalse(j.sismember(p + "s", "b"));
            assertEquals(List.of(true, false), j.smismember(p + "s", "1", "z"));
            assertEquals(4, j.scard(p + "s"));
            assertEquals("set", j.type(p + "s"));
            assertEquals("hashtable", j.objectEncoding(p + "s"));
            assertEquals(2, j.srem(p + "s", "a", "1", "nope"));
            assertEquals(1, j.smove(p + "s", p + "d", "2"));
            assertEquals(Set.of("2"), j.smembers(p + "d"));
            assertEquals("intset", j.objectEncoding(p + "d"));
            j.set(p + "str", "v");
            assertThrows(JedisDataException.class, () -> j.sadd(p + "str", "x"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void randomCommands(RedisProtocol protocol) {
        try (Jedis j = connect(protocol)) {
            String p = protocol.name() + ":";
            j.sadd(p + "r", "a", "b", "c", "d", "e");
            assertTrue(Set.of("a", "b", "c", "d", "e").contains(j.srandmember(p + "r")));
            assertEquals(3, new HashSet<>(j.srandmember(p + "r", 3)).size());
            assertEquals(10, j.srandmember(p + "r", -10).size());
            assertEquals(5, j.srandmember(p + "r", 50).size());
            String popped = j.spop(p + "r");
            assertFalse(j.sismember(p + "r", popped));
            Set<String> two = j.spop(p + "r", 2);
            assertEquals(2, two.size());
            assertEquals(2, j.scard(p + "r"));
            assertEquals(2, j.spop(p + "r", 10).size());
            assertFalse(j.exists(p + "r"));
            assertNull(j.spop(p + "r"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void algebra(RedisProtocol protocol) {
        try (Jedis j = connect(protocol)) {
            String p = "{" + protocol.name() + "}:";
            j.sadd(p + "a", "1", "2", "3", "x");
            j.sadd(p + "b", "2", "3", "4", "x");
            assertEquals(Set.of("2", "3", "x"), j.sinter(p + "a", p + "b"));
            assertEquals(3, j.sintercard(p + "a", p + "b"));
            assertEquals(2, j.sintercard(2, p + "a", p + "b"));
            assertEquals(Set.of("1", "2", "3", "4", "x"), j.sunion(p + "a", p + "b"));
            assertEquals(Set.of("1"), j.sdiff(p + "a", p + "b"));
            assertEquals(3, j.sinterstore(p + "i", p + "a", p + "b"));
            assertEquals(5, j.sunionstore(p + "u", p + "a", p + "b"));
            assertEquals(1, j.sdiffstore(p + "d", p + "a", p + "b"));
            assertEquals(Set.of("1"), j.smembers(p + "d"));
            assertEquals(0, j.sdiffstore(p + "d", p + "a", p + "a"));
            assertFalse(j.exists(p + "d"));
        }
    }

    @Test
    void sscanVisitsEveryMember() {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 3000; i++) {
                expected.add("m" + i);
            }
            j.sadd("scan", expected.toArray(new String[0]));
            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> r = j.sscan("scan", cursor, new ScanParams().count(100));
                seen.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
            assertEquals(expected, seen);
            // MEMORY USAGE: at least the member bytes, and well under Redis's ~50 bytes per member here
            long usage = j.memoryUsage("scan");
            assertTrue(usage > 3000 * 5 && usage < 3000 * 200, "memory usage " + usage);
            assertEquals("hashtable", j.objectEncoding("scan"));
        }
    }
}
