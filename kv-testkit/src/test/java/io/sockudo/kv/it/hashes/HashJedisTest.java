package io.sockudo.kv.it.hashes;

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
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.HGetExParams;
import redis.clients.jedis.params.HSetExParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hashes through Jedis, including hash field expiration (HEXPIRE..HSETEX), over RESP2 and RESP3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HashJedisTest {
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

    /** Polls until the condition holds, for at most 10 s (no timing assertion: only an upper bound). */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void basics(RedisProtocol protocol) {
        try (Jedis j = connect(protocol)) {
            String k = protocol + ":h";
            assertEquals(2, j.hset(k, Map.of("a", "1", "b", "2")));
            assertEquals("1", j.hget(k, "a"));
            assertEquals(Map.of("a", "1", "b", "2"), j.hgetAll(k));
            assertEquals(Arrays.asList("1", null), j.hmget(k, "a", "zz"));
            assertEquals(5, j.hincrBy(k, "a", 4));
            assertEquals(2.5, j.hincrByFloat(k, "b", 0.5), 0.0);
            assertEquals(0, j.hsetnx(k, "a", "x"));
            assertTrue(j.hexists(k, "a"));
            assertEquals(2, j.hlen(k));
            assertEquals(Set.of("a", "b"), j.hkeys(k));
            assertEquals(3, j.hstrlen(k, "b"));
            assertEquals(1, j.hdel(k, "a", "zz"));
            assertEquals("hash", j.type(k));
            assertEquals("listpack", j.objectEncoding(k));
            List<Map.Entry<String, String>> rv = j.hrandfieldWithValues(k, -3);
            assertEquals(3, rv.size());
            assertEquals("b", rv.get(0).getKey());
            assertEquals(1, j.hdel(k, "b"));
            assertFalse(j.exists(k));
            j.set(protocol + ":s", "x");
            assertThrows(JedisDataException.class, () -> j.hget(protocol + ":s", "f"));
        }
    }

    @Test
    void bigHashConvertsAndScans() {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < 2000; i++) {
                m.put("field:" + i, "value:" + i);
            }
            j.hset("big", m);
            assertEquals("hashtable", j.objectEncoding("big"));
            assertEquals(m, j.hgetAll("big"));
            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<Map.Entry<String, String>> r = j.hscan("big", cursor, new ScanParams().count(50));
                r.getResult().forEach(e -> {
                    assertEquals(m.get(e.getKey()), e.getValue());
                    seen.add(e.getKey());
                });
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
            assertEquals(m.keySet(), seen);
            Set<String> keysOnly = new HashSet<>();
            cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> r = j.hscanNoValues("big", cursor, new ScanParams().count(100).match("field:1*"));
                keysOnly.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
            assertEquals(1111, keysOnly.size());
            assertEquals(1000, new HashSet<>(j.hrandfield("big", 1000)).size());
            assertTrue(j.memoryUsage("big") > 2000 * 20);
            for (int i = 0; i < 1990; i++) {
                j.hdel("big", "field:" + i);
            }
            assertEquals("hashtable", j.objectEncoding("big"));
            assertEquals(10, j.hlen("big"));
        }
    }

    @Test
    void fieldExpirationCommands() {
        try (Jedis j = connect(RedisProtocol.RESP3)) {
            j.hset("fe", Map.of("a", "1", "b", "2", "c", "3"));
            assertEquals(List.of(1L, -2L), j.hexpire("fe", 100, "a", "zz"));
            assertEquals(List.of(0L, 1L), j.hexpire("fe", 200, ExpiryOption.NX, "a", "b"));
            assertEquals(List.of(1L, 0L), j.hexpire("fe", 300, ExpiryOption.XX, "a", "c"));
            assertEquals(List.of(0L, 0L), j.hpexpire("fe", 100_000, ExpiryOption.GT, "a", "b"));
            assertEquals(List.of(1L), j.hpexpire("fe", 250_000, ExpiryOption.GT, "b"));
            assertEquals(List.of(1L, 1L), j.hpexpire("fe", 50_000, ExpiryOption.LT, "a", "c"));
            List<Long> ttl = j.httl("fe", "a", "b", "c", "zz");
            assertTrue(ttl.get(0) > 40 && ttl.get(0) <= 50, ttl.toString());
            assertTrue(ttl.get(1) > 240 && ttl.get(1) <= 250, ttl.toString());
            assertEquals(-2L, ttl.get(3));
            long pttl = j.hpttl("fe", "a").get(0);
            assertTrue(pttl > 40_000 && pttl <= 50_000);
            long at = System.currentTimeMillis() / 1000 + 1000;
            assertEquals(List.of(1L), j.hexpireAt("fe", at, "a"));
            assertEquals(List.of(at), j.hexpireTime("fe", "a"));
            assertEquals(List.of(at * 1000), j.hpexpireTime("fe", "a"));
            assertEquals(List.of(1L, -2L), j.hpersist("fe", "a", "zz"));
            assertEquals(List.of(-1L), j.hpersist("fe", "a"));
            assertEquals(List.of(-1L), j.httl("fe", "a"));
            // HSET clears a field's TTL
            j.hset("fe", "b", "22");
            assertEquals(List.of(-1L), j.httl("fe", "b"));
            // a time in the past deletes the field (2); the last field deletes the key
            assertEquals(List.of(2L), j.hpexpireAt("fe", 1, "c"));
            assertNull(j.hget("fe", "c"));
            assertEquals(List.of(2L, 2L), j.hexpire("fe", 0, "a", "b"));
            assertFalse(j.exists("fe"));
            assertEquals(List.of(-2L, -2L), j.hexpire("fe", 10, "a", "b"));
            assertEquals(List.of(-2L), j.httl("fe", "a"));
            assertEquals(List.of(-2L), j.hpersist("fe", "a"));
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.hexpire("fe", -1, "a"));
            assertEquals("ERR invalid expire time, must be >= 0", e.getMessage());
            e = assertThrows(JedisDataException.class, () -> j.hpexpire("fe", 1L << 46, "a"));
            assertEquals("ERR invalid expire time in 'hpexpire' command", e.getMessage());
            j.set("str", "x");
            assertThrows(JedisDataException.class, () -> j.httl("str", "a"));
        }
    }

    @Test
    void fieldExpirationErrorsAndRawShapes() {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            j.hset("raw", "a", "1");
            assertError(j, "ERR Mandatory argument FIELDS is missing or not at the right position",
                    "HEXPIRE", "raw", "10", "NOPE", "1", "a");
            assertError(j, "ERR Parameter `numFields` should be greater than 0", "HEXPIRE", "raw", "10", "FIELDS", "0", "a");
            assertError(j, "ERR The `numfields` parameter must match the number of arguments",
                    "HEXPIRE", "raw", "10", "FIELDS", "2", "a");
            assertError(j, "ERR The `numfields` parameter must match the number of arguments",
                    "HTTL", "raw", "FIELDS", "1", "a", "b");
            assertError(j, "ERR wrong number of arguments for 'httl' command", "HTTL", "raw", "FIELDS", "1");
            assertError(j, "ERR Number of fields must be a positive integer", "HGETDEL", "raw", "FIELDS", "0", "a");
            assertError(j, "ERR Only one of EX, PX, EXAT, PXAT or PERSIST arguments can be specified",
                    "HGETEX", "raw", "EX", "10", "PX", "10", "FIELDS", "1", "a");
            assertError(j, "ERR Only one of FXX or FNX arguments can be specified",
                    "HSETEX", "raw", "FNX", "FXX", "FIELDS", "1", "a", "b");
            assertError(j, "ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified",
                    "HSETEX", "raw", "EX", "10", "KEEPTTL", "FIELDS", "1", "a", "b");
            assertError(j, "ERR invalid number of fields", "HSETEX", "raw", "FIELDS", "0", "a", "b");
            assertError(j, "ERR wrong number of arguments for 'hsetex' command", "HSETEX", "raw", "FIELDS", "2", "a", "b");
            assertError(j, "WRONGTYPE Operation against a key holding the wrong kind of value",
                    "HPERSIST", setString(j), "FIELDS", "1", "a");
        }
    }

    private static String setString(Jedis j) {
        j.set("astring", "v");
        return "astring";
    }

    private static void assertError(Jedis j, String expected, String... cmd) {
        byte[][] args = new byte[cmd.length - 1][];
        for (int i = 1; i < cmd.length; i++) {
            args[i - 1] = cmd[i].getBytes();
        }
        JedisDataException e = assertThrows(JedisDataException.class,
                () -> j.sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode(cmd[0]), args));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void hgetdelHgetexHsetex() {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            j.hset("gd", Map.of("a", "1", "b", "2"));
            assertEquals(Arrays.asList("1", null), j.hgetdel("gd", "a", "zz"));
            assertEquals(Arrays.asList("2"), j.hgetdel("gd", "b"));
            assertFalse(j.exists("gd"));
            assertEquals(Arrays.asList((String) null), j.hgetdel("gd", "b"));

            j.hset("gx", Map.of("a", "1", "b", "2"));
            assertEquals(Arrays.asList("1", null), j.hgetex("gx", HGetExParams.hGetExParams().ex(100), "a", "zz"));
            long t = j.httl("gx", "a").get(0);
            assertTrue(t > 90 && t <= 100);
            assertEquals(List.of("1"), j.hgetex("gx", HGetExParams.hGetExParams().persist(), "a"));
            assertEquals(List.of(-1L), j.httl("gx", "a"));
            assertEquals(List.of("2"), j.hgetex("gx", HGetExParams.hGetExParams().pxAt(1), "b"));
            assertEquals(0, j.hexists("gx", "b") ? 1 : 0);

            assertEquals(1, j.hsetex("sx", HSetExParams.hSetExParams().ex(100), Map.of("a", "1", "b", "2")));
            t = j.httl("sx", "b").get(0);
            assertTrue(t > 90 && t <= 100);
            assertEquals(0, j.hsetex("sx", HSetExParams.hSetExParams().fnx(), Map.of("a", "x", "c", "3")));
            assertEquals(0, j.hsetex("sx", HSetExParams.hSetExParams().fxx(), Map.of("a", "x", "c", "3")));
            assertEquals(1, j.hsetex("sx", HSetExParams.hSetExParams().fxx().keepTtl(), Map.of("a", "x")));
            assertTrue(j.httl("sx", "a").get(0) > 90);
            assertEquals("x", j.hget("sx", "a"));
            assertEquals(1, j.hsetex("sx", HSetExParams.hSetExParams(), Map.of("a", "y")));
            assertEquals(List.of(-1L), j.httl("sx", "a"));
            assertEquals(0, j.hsetex("nx", HSetExParams.hSetExParams().fxx(), Map.of("a", "1")));
            assertFalse(j.exists("nx"));
        }
    }

    @Test
    void passiveExpiryHidesAndRemovesFields() throws InterruptedException {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            j.hset("pe", Map.of("keep", "1", "go", "2"));
            j.hpexpire("pe", 30, "go");
            await(() -> j.hget("pe", "go") == null, "field 'go' to expire");
            assertEquals(1, j.hlen("pe"));
            assertEquals(Map.of("keep", "1"), j.hgetAll("pe"));
            assertEquals(List.of(-2L), j.httl("pe", "go"));
            j.hpexpire("pe", 30, "keep");
            await(() -> j.exists("pe") == false || j.hlen("pe") == 0, "hash 'pe' to vanish");
            assertEquals(0, j.hlen("pe"));
            assertFalse(j.exists("pe"));
        }
    }

    @Test
    void activeExpiryRemovesFieldsNobodyReads() throws InterruptedException {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            j.select(3);
            j.flushDB();
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                m.put("f" + i, "v" + i);
            }
            // one listpack hash and one hashtable hash whose fields all expire, one that keeps a field
            j.hset("a1", Map.of("x", "1", "y", "2"));
            j.hset("a2", m);
            j.hset("a3", m);
            j.hset("a3", "stay", "1");
            List<String> fields = new ArrayList<>(m.keySet());
            j.hpexpire("a1", 40, "x", "y");
            j.hpexpire("a2", 40, fields.toArray(new String[0]));
            j.hpexpire("a3", 40, fields.toArray(new String[0]));
            long before = j.memoryUsage("a3");
            // DBSIZE and MEMORY USAGE do not run the hash commands, so only the active cycle can do this
            await(() -> j.dbSize() == 1, "active expiry of a1 and a2");
            await(() -> j.memoryUsage("a3") < before / 2, "active expiry of a3's fields");
            assertEquals(1, j.hlen("a3"));
            assertEquals("1", j.hget("a3", "stay"));
            j.flushDB();
        }
    }

    @Test
    void activeExpiryFollowsRenameAndMove() throws InterruptedException {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            j.select(5);
            j.flushDB();
            j.select(6);
            j.flushDB();
            j.select(5);
            j.hset("r1", Map.of("a", "1", "b", "2"));
            j.hset("m1", Map.of("a", "1"));
            // the TTLs are set under the old names; only the rename_to/move_to events tell the
            // active cycle about the new ones (1 s leaves ample time for RENAME and MOVE)
            j.hpexpire("r1", 1000, "a", "b");
            j.hpexpire("m1", 1000, "a");
            j.rename("r1", "r2");
            j.move("m1", 6);
            j.select(6);
            await(() -> j.dbSize() == 0, "active expiry of the moved hash");
            j.select(5);
            await(() -> j.dbSize() == 0, "active expiry of the renamed hash");
        }
    }
}
