package io.sockudo.kv.it.sort;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SortArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SortingParams;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SORT through Jedis and Lettuce: BY a hash field, GET patterns, LIMIT, ALPHA, STORE. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SortClientsTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jedis() {
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.rpush("j:ids", "1", "2", "3");
            j.hset("j:user:1", "age", "30");
            j.hset("j:user:2", "age", "20");
            j.hset("j:user:3", "age", "25");
            j.hset("j:user:1", "name", "ann");
            j.hset("j:user:2", "name", "bob");
            j.hset("j:user:3", "name", "cid");
            assertEquals(List.of("1", "2", "3"), j.sort("j:ids"));
            assertEquals(List.of("bob", "cid", "ann"),
                    j.sort("j:ids", new SortingParams().by("j:user:*->age").get("j:user:*->name")));
            assertEquals(List.of("ann", "cid"),
                    j.sort("j:ids", new SortingParams().by("j:user:*->age").desc().limit(0, 2).get("j:user:*->name")));
            assertEquals(3, j.sort("j:ids", new SortingParams().desc(), "j:out"));
            assertEquals(List.of("3", "2", "1"), j.lrange("j:out", 0, -1));
            j.sadd("j:words", "pear", "apple", "fig");
            assertEquals(List.of("apple", "fig", "pear"), j.sort("j:words", new SortingParams().alpha()));
            assertEquals(List.of("fig", "apple"), j.sortReadonly("j:words", new SortingParams().alpha().desc().limit(1, 2)));
        }
    }

    @Test
    void lettuce() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            r.zadd("l:z", 3, "c");
            r.zadd("l:z", 1, "a");
            r.zadd("l:z", 2, "b");
            assertEquals(List.of("a", "b", "c"), r.sort("l:z", SortArgs.Builder.by("nosort")));
            assertEquals(List.of("c", "b", "a"), r.sort("l:z", SortArgs.Builder.alpha().desc()));
            r.mset(java.util.Map.of("l:w_a", "9", "l:w_b", "1", "l:w_c", "5"));
            assertEquals(List.of("b", "c", "a"), r.sort("l:z", SortArgs.Builder.by("l:w_*")));
            assertEquals(2L, r.sortStore("l:z", SortArgs.Builder.by("l:w_*").limit(0, 2), "l:dst"));
            assertEquals(List.of("b", "c"), r.lrange("l:dst", 0, -1));
        } finally {
            client.shutdown();
        }
    }
}
