package io.sockudo.kv.it.bitmaps;

import io.lettuce.core.BitFieldArgs;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.args.BitCountOption;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.BitPosParams;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bitmap commands through Jedis and Lettuce, over RESP2 and RESP3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BitmapClientsTest {
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

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void jedis(RedisProtocol protocol) {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(5000).build())) {
            String p = "jb:" + protocol.name() + ":";
            assertFalse(j.setbit(p + "a", 7, true));
            assertTrue(j.setbit(p + "a", 7, true));
            assertTrue(j.getbit(p + "a", 7));
            assertFalse(j.getbit(p + "a", 1000));
            assertArrayEquals(new byte[] {1}, j.get((p + "a").getBytes()));
            j.set(p + "s", "foobar");
            assertEquals(26, j.bitcount(p + "s"));
            assertEquals(6, j.bitcount(p + "s", 1, 1));
            assertEquals(17, j.bitcount(p + "s", 5, 30, BitCountOption.BIT));
            j.set(p + "z", "\u0000\u00ff");
            assertEquals(8, j.bitpos(p + "z", true));
            assertEquals(0, j.bitpos(p + "z", false));
            assertEquals(-1, j.bitpos(p + "z", true, new BitPosParams(0, 0)));
            assertEquals(6, j.bitop(BitOP.AND, p + "d", p + "a", p + "s"));
            assertEquals(6, j.bitop(BitOP.OR, p + "d", p + "a", p + "s"));
            assertEquals(1, j.bitop(BitOP.NOT, p + "d", p + "a"));
            assertArrayEquals(new byte[] {(byte) 0xfe}, j.get((p + "d").getBytes()));
            List<Long> r = j.bitfield(p + "f", "SET", "i8", "0", "100", "INCRBY", "i8", "0", "100",
                    "OVERFLOW", "SAT", "INCRBY", "i8", "0", "100", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "1",
                    "GET", "u4", "#1");
            assertEquals(Arrays.asList(0L, -56L, 44L, 45L, 13L), r);
            assertEquals(List.of(45L), j.bitfieldReadonly(p + "f", "GET", "i8", "0"));
            r = j.bitfield(p + "f", "OVERFLOW", "FAIL", "INCRBY", "u2", "100", "5");
            assertEquals(1, r.size());
            assertEquals(null, r.get(0));
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.bitfield(p + "f", "GET", "u64", "0"));
            assertTrue(e.getMessage().startsWith("ERR Invalid bitfield type"));
            e = assertThrows(JedisDataException.class, () -> j.setbit(p + "a", 4294967296L, true));
            assertEquals("ERR bit offset is not an integer or out of range", e.getMessage());
            e = assertThrows(JedisDataException.class, () -> j.bitfieldReadonly(p + "f", "SET", "u8", "0", "1"));
            assertEquals("ERR BITFIELD_RO only supports the GET subcommand", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void lettuce(ProtocolVersion version) {
        lettuce.setOptions(ClientOptions.builder().protocolVersion(version).build());
        try (StatefulRedisConnection<String, String> c = lettuce.connect()) {
            RedisCommands<String, String> r = c.sync();
            String p = "lb:" + version.name() + ":";
            assertEquals(0L, r.setbit(p + "a", 100, 1));
            assertEquals(1L, r.getbit(p + "a", 100));
            assertEquals(13L, r.strlen(p + "a"));
            assertEquals(1L, r.bitcount(p + "a"));
            assertEquals(100L, r.bitpos(p + "a", true));
            assertEquals(0L, r.bitpos(p + "a", false));
            r.set(p + "b", "abc");
            assertEquals(13L, r.bitopOr(p + "o", p + "a", p + "b"));
            assertEquals(13L, r.bitopXor(p + "x", p + "a", p + "b"));
            assertEquals(13L, r.bitopAnd(p + "n", p + "a", p + "b"));
            assertEquals(0L, r.bitcount(p + "n"));
            assertEquals(3L, r.bitopNot(p + "t", p + "b"));
            assertEquals(24L - r.bitcount(p + "b"), r.bitcount(p + "t"));
            List<Long> got = r.bitfield(p + "f", BitFieldArgs.Builder.set(BitFieldArgs.unsigned(8), 0, 255)
                    .incrBy(BitFieldArgs.unsigned(8), 0, 10).get(BitFieldArgs.signed(8), 0));
            assertEquals(List.of(0L, 9L, 9L), got);
            got = r.bitfield(p + "f", BitFieldArgs.Builder.overflow(BitFieldArgs.OverflowType.SAT)
                    .incrBy(BitFieldArgs.unsigned(8), 0, 1000));
            assertEquals(List.of(255L), got);
        }
    }
}
