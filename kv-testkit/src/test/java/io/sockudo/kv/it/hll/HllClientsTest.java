package io.sockudo.kv.it.hll;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
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
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HyperLogLog through Jedis and Lettuce, and a randomized comparison with redis-server: the same
 * random PFADD/PFMERGE sequence must leave byte-identical values and equal counts on both.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HllClientsTest {
    private static EmbeddedServer server;
    private static RedisClient lettuce;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
        lettuce = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
                .withTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterAll
    static void stop() {
        lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        server.close();
    }

    private static Jedis jedis(int port, RedisProtocol protocol) {
        return new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(10000).build());
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void jedisCommands(RedisProtocol protocol) {
        try (Jedis j = jedis(server.port(), protocol)) {
            String p = "jh:" + protocol.name() + ":";
            assertEquals(1, j.pfadd(p + "a", "x", "y", "z"));
            assertEquals(0, j.pfadd(p + "a", "x"));
            assertEquals(3, j.pfcount(p + "a"));
            assertEquals(1, j.pfadd(p + "b", "z", "w"));
            assertEquals(4, j.pfcount(p + "a", p + "b"));
            assertEquals("OK", j.pfmerge(p + "m", p + "a", p + "b"));
            assertEquals(4, j.pfcount(p + "m"));
            j.set(p + "s", "not an hll at all");
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.pfadd(p + "s", "x"));
            assertEquals("WRONGTYPE Key is not a valid HyperLogLog string value.", e.getMessage());
            j.set((p + "c").getBytes(), new byte[] {'H', 'Y', 'L', 'L', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80, 0x7f});
            e = assertThrows(JedisDataException.class, () -> j.pfcount(p + "c"));
            assertEquals("INVALIDOBJ Corrupted HLL object detected", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void lettuceCommands(ProtocolVersion version) {
        lettuce.setOptions(ClientOptions.builder().protocolVersion(version).build());
        try (StatefulRedisConnection<String, String> c = lettuce.connect()) {
            RedisCommands<String, String> r = c.sync();
            String p = "lh:" + version.name() + ":";
            String[] many = new String[5000];
            for (int i = 0; i < many.length; i++) {
                many[i] = "e" + i;
            }
            assertEquals(1L, r.pfadd(p + "a", many));
            long count = r.pfcount(p + "a");
            assertTrue(Math.abs(count - 5000) < 5000 * 0.05, "count " + count);
            assertEquals(1L, r.pfadd(p + "b", "one"));
            assertEquals("OK", r.pfmerge(p + "m", p + "a", p + "b"));
            assertEquals(r.pfcount(p + "a", p + "b"), r.pfcount(p + "m"));
            assertEquals(12304L, r.strlen(p + "m"));
        }
    }

    @Test
    void randomSequencesMatchRedisServerByteForByte() throws Exception {
        randomSequence(2024, 3000, 300);
    }

    @Test
    void randomSequencesWithSmallSparseLimitMatchRedisServer() throws Exception {
        // frequent promotions, and sparse destinations merged from several sparse sources
        randomSequence(99, 400, 300);
    }

    private void randomSequence(long seed, int sparseMax, int steps) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             Jedis ours = jedis(server.port(), RedisProtocol.RESP2);
             Jedis theirs = jedis(redis.port(), RedisProtocol.RESP2)) {
            ours.configSet("hll-sparse-max-bytes", Integer.toString(sparseMax));
            theirs.configSet("hll-sparse-max-bytes", Integer.toString(sparseMax));
            SplittableRandom rnd = new SplittableRandom(seed);
            String[] keys = {"rh:a", "rh:b", "rh:c", "rh:d", "rh:e"};
            ours.del(keys);
            try {
                for (int step = 0; step < steps; step++) {
                    String key = keys[rnd.nextInt(keys.length)];
                    int action = rnd.nextInt(10);
                    if (action < 7) {
                        int n = rnd.nextInt(10) == 0 ? 200 + rnd.nextInt(800) : 1 + rnd.nextInt(12);
                        byte[][] els = new byte[n][];
                        for (int i = 0; i < n; i++) {
                            els[i] = new byte[1 + rnd.nextInt(12)];
                            for (int k = 0; k < els[i].length; k++) {
                                els[i][k] = (byte) rnd.nextInt(256);
                            }
                        }
                        assertEquals(theirs.pfadd(key.getBytes(), els), ours.pfadd(key.getBytes(), els), "step " + step);
                    } else if (action < 9) {
                        String[] sources = new String[1 + rnd.nextInt(3)];
                        for (int i = 0; i < sources.length; i++) {
                            sources[i] = keys[rnd.nextInt(keys.length)];
                        }
                        assertEquals(theirs.pfmerge(key, sources), ours.pfmerge(key, sources));
                    } else {
                        assertEquals(theirs.pfcount(key), ours.pfcount(key), "step " + step);
                    }
                    assertArrayEquals(theirs.get(key.getBytes()), ours.get(key.getBytes()), "step " + step + " key " + key);
                }
                assertEquals(theirs.pfcount(keys), ours.pfcount(keys));
            } finally {
                ours.configSet("hll-sparse-max-bytes", "3000");
            }
        }
    }
}
