package io.sockudo.kv.it.zsets;

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
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sorted sets through Jedis, RESP2 and RESP3, including blocking pops served in FIFO order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZSetJedisTest {
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
                DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(10000).build());
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void basicCommands(RedisProtocol protocol) {
        try (Jedis j = connect(protocol)) {
            String k = protocol.name() + ":z";
            assertEquals(3, j.zadd(k, Map.of("a", 1.0, "b", 2.5, "c", 3.0)));
            assertEquals(0, j.zadd(k, 10, "a", ZAddParams.zAddParams().nx()));
            assertEquals(2.5, j.zscore(k, "b"));
            assertEquals(4.0, j.zincrby(k, 3, "a"));
            assertEquals(List.of("b", "c", "a"), j.zrange(k, 0, -1));
            List<Tuple> ws = j.zrangeWithScores(k, 0, 0);
            assertEquals(new Tuple("b", 2.5), ws.get(0));
            assertEquals(List.of("a", "c"), j.zrange(k, ZRangeParams.zrangeByScoreParams(10, 3).rev()));
            assertEquals(2L, j.zrank(k, "a"));
            assertEquals(0L, j.zrevrank(k, "a"));
            KeyValue<Long, Double> rs = j.zrankWithScore(k, "c");
            assertEquals(1L, rs.getKey());
            assertEquals(3.0, rs.getValue());
            assertNull(j.zrankWithScore(k, "nosuch"));
            assertEquals(2, j.zcount(k, "(2.5", "+inf"));
            List<Tuple> popped = j.zpopmin(k, 2);
            assertEquals(List.of(new Tuple("b", 2.5), new Tuple("c", 3.0)), popped);
            assertEquals(1, j.zcard(k));
            j.set(k + "str", "x");
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.zadd(k + "str", 1, "a"));
            assertTrue(e.getMessage().startsWith("WRONGTYPE"));
        }
    }

    @Test
    void setOperationsAndScan() {
        try (Jedis j = connect(RedisProtocol.RESP2)) {
            j.zadd("ops:a", Map.of("x", 1.0, "y", 2.0));
            j.zadd("ops:b", Map.of("y", 10.0, "z", 20.0));
            assertEquals(List.of("x", "y", "z"), j.zunion(new ZParams(), "ops:a", "ops:b"));
            assertEquals(1, j.zinterstore("ops:d", new ZParams().weights(2, 1).aggregate(ZParams.Aggregate.MAX), "ops:a", "ops:b"));
            assertEquals(10.0, j.zscore("ops:d", "y"));
            assertEquals(List.of("x"), j.zdiff("ops:a", "ops:b"));
            assertEquals(1, j.zintercard("ops:a", "ops:b"));
            KeyValue<String, List<Tuple>> mp = j.zmpop(SortedSetOption.MAX, "ops:none", "ops:b");
            assertEquals("ops:b", mp.getKey());
            assertEquals(new Tuple("z", 20.0), mp.getValue().get(0));

            for (int i = 0; i < 500; i++) {
                j.zadd("scan:z", i, "m" + i);
            }
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            do {
                ScanResult<Tuple> r = j.zscan("scan:z", cursor);
                for (Tuple t : r.getResult()) {
                    seen.add(t.getElement());
                }
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
            assertEquals(500, seen.size());
        }
    }

    /** Two clients block on the same key; one ZADD of two members serves both, oldest first. */
    @Test
    void blockedPopIgnoresKeyTurnedIntoAnotherType() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try (Jedis admin = connect(RedisProtocol.RESP2)) {
            Future<KeyValue<String, Tuple>> waiter = pool.submit(() -> {
                try (Jedis c = connect(RedisProtocol.RESP2)) {
                    return c.bzpopmin(0, "blk:wt");
                }
            });
            server.awaitBlockedClients(1);
            // as Redis: a blocked client is served only from a sorted set, and keeps waiting
            admin.set("blk:wt", "string");
            assertEquals("PONG", admin.ping());
            server.awaitBlockedClients(1);
            assertTrue(!waiter.isDone());
            assertThrows(JedisDataException.class, () -> admin.bzpopmin(0, "blk:wt"));
            admin.del("blk:wt");
            admin.zadd("blk:wt", 4.0, "m");
            assertEquals(new Tuple("m", 4.0), waiter.get(10, TimeUnit.SECONDS).getValue());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void blockingPopsServeClientsInOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Jedis admin = connect(RedisProtocol.RESP2)) {
            Future<KeyValue<String, Tuple>> first = pool.submit(() -> {
                try (Jedis c = connect(RedisProtocol.RESP2)) {
                    return c.bzpopmin(5, "blk:z");
                }
            });
            server.awaitBlockedClients(1);
            Future<KeyValue<String, Tuple>> second = pool.submit(() -> {
                try (Jedis c = connect(RedisProtocol.RESP3)) {
                    return c.bzpopmin(5, "blk:other", "blk:z");
                }
            });
            server.awaitBlockedClients(2);
            admin.zadd("blk:z", Map.of("a", 1.0, "b", 2.0));
            KeyValue<String, Tuple> r1 = first.get(10, TimeUnit.SECONDS);
            KeyValue<String, Tuple> r2 = second.get(10, TimeUnit.SECONDS);
            assertEquals("blk:z", r1.getKey());
            assertEquals(new Tuple("a", 1.0), r1.getValue());
            assertEquals(new Tuple("b", 2.0), r2.getValue());
            assertEquals(0, admin.exists("blk:z") ? 1 : 0);

            // BZMPOP with COUNT and a timeout that expires
            Future<KeyValue<String, List<Tuple>>> third = pool.submit(() -> {
                try (Jedis c = connect(RedisProtocol.RESP2)) {
                    return c.bzmpop(5, SortedSetOption.MAX, 2, "blk:m");
                }
            });
            server.awaitBlockedClients(1);
            admin.zadd("blk:m", Map.of("x", 1.0, "y", 2.0, "z", 3.0));
            KeyValue<String, List<Tuple>> r3 = third.get(10, TimeUnit.SECONDS);
            List<String> names = new ArrayList<>();
            for (Tuple t : r3.getValue()) {
                names.add(t.getElement());
            }
            assertEquals(List.of("z", "y"), names);
            try (Jedis c = connect(RedisProtocol.RESP2)) {
                assertNull(c.bzpopmax(0.05, "blk:never"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

}
