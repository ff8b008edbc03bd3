package io.sockudo.kv.it.acl;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jedis and Lettuce authenticate as ACL users (AUTH user pass, HELLO 3 AUTH) and meet the user's
 * key patterns (read and write permissions), channels and commands, with Redis's NOPERM texts;
 * scripts run with their caller's permissions; a user defined by a {@code user} config line.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AclClientsTest {
    private static EmbeddedServer kv;

    @BeforeAll
    static void start() {
        kv = EmbeddedServer.start("--user", "ops on >ops-pass ~* &* +@all -flushall");
        try (Jedis admin = new Jedis("127.0.0.1", kv.port())) {
            assertEquals("OK", admin.aclSetUser("app", "on", ">app-pass", "~app:*", "%R~shared:*", "&news.*",
                    "+@all", "-@dangerous"));
        }
    }

    @AfterAll
    static void stop() {
        kv.close();
    }

    private static Jedis jedisAs(String user, String password) {
        return new Jedis(new HostAndPort("127.0.0.1", kv.port()),
                DefaultJedisClientConfig.builder().user(user).password(password).build());
    }

    @Test
    void jedisUserWithKeyPatterns() {
        try (Jedis admin = new Jedis("127.0.0.1", kv.port()); Jedis app = jedisAs("app", "app-pass")) {
            admin.set("shared:config", "v1");
            assertEquals("app", app.aclWhoAmI());
            assertEquals("OK", app.set("app:1", "x"));
            assertEquals("x", app.get("app:1"));
            assertEquals("v1", app.get("shared:config"));
            JedisDataException write = assertThrows(JedisDataException.class, () -> app.set("shared:config", "v2"));
            assertEquals("NOPERM this user has no permissions to access one of the keys used as arguments",
                    write.getMessage());
            JedisDataException other = assertThrows(JedisDataException.class, () -> app.get("other"));
            assertTrue(other.getMessage().startsWith("NOPERM"), other.getMessage());
            JedisDataException cmd = assertThrows(JedisDataException.class, () -> app.flushAll());
            assertEquals("NOPERM this user has no permissions to run the 'flushall' command", cmd.getMessage());
            assertEquals(0L, app.publish("news.sports", "goal"));
            JedisDataException ch = assertThrows(JedisDataException.class, () -> app.publish("private", "m"));
            assertEquals("NOPERM this user has no permissions to access one of the channels used as arguments",
                    ch.getMessage());
            // Scripts run with the caller's permissions.
            assertEquals("x", app.eval("return redis.call('get', KEYS[1])", 1, "app:1"));
            JedisDataException declared = assertThrows(JedisDataException.class,
                    () -> app.eval("return redis.call('get', KEYS[1])", 1, "other"));
            assertTrue(declared.getMessage().startsWith("NOPERM"), declared.getMessage());
            JedisDataException script = assertThrows(JedisDataException.class,
                    () -> app.eval("return redis.call('get', 'other')", 0));
            assertTrue(script.getMessage().startsWith("ERR The user executing the script can't access at least one "
                    + "of the keys mentioned in the command arguments"), script.getMessage());
            assertNull(app.eval("return redis.acl_check_cmd('set', 'shared:config', 'v')")); // false is nil
            // The denials are in ACL LOG, newest first.
            List<?> log = admin.sendCommand(redis.clients.jedis.Protocol.Command.ACL, "LOG", "1") instanceof List<?> l
                    ? l : List.of();
            assertEquals(1, log.size());
        }
    }

    @Test
    void wrongPasswordAndDisabledUser() {
        JedisDataException wrong = assertThrows(JedisDataException.class, () -> jedisAs("app", "nope").ping());
        assertEquals("WRONGPASS invalid username-password pair or user is disabled.", wrong.getMessage());
        try (Jedis admin = new Jedis("127.0.0.1", kv.port())) {
            admin.aclSetUser("off-user", "off", ">p", "+@all");
            assertThrows(JedisDataException.class, () -> jedisAs("off-user", "p").ping());
            admin.aclDelUser("off-user");
        }
    }

    @Test
    void userFromConfigLine() {
        try (Jedis ops = jedisAs("ops", "ops-pass")) {
            assertEquals("ops", ops.aclWhoAmI());
            assertEquals("OK", ops.set("ops:k", "v"));
            JedisDataException e = assertThrows(JedisDataException.class, ops::flushAll);
            assertTrue(e.getMessage().startsWith("NOPERM"), e.getMessage());
        }
    }

    @Test
    void lettuceResp3UserWithChannels() throws Exception {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(kv.port())
                .withAuthentication("app", "app-pass".toCharArray()).withTimeout(Duration.ofSeconds(10)).build();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> conn = client.connect();
             StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            RedisCommands<String, String> redis = conn.sync();
            assertEquals("app", redis.aclWhoami());
            assertEquals("OK", redis.set("app:lettuce", "1"));
            assertEquals(2L, redis.incr("app:lettuce"));
            RedisCommandExecutionException denied = assertThrows(RedisCommandExecutionException.class,
                    () -> redis.get("secret"));
            assertEquals("NOPERM this user has no permissions to access one of the keys used as arguments",
                    denied.getMessage());
            BlockingQueue<String> messages = new ArrayBlockingQueue<>(4);
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    messages.add(channel + "=" + message);
                }
            });
            sub.sync().subscribe("news.tech");
            assertEquals(1L, redis.publish("news.tech", "hello"));
            assertEquals("news.tech=hello", messages.poll(10, TimeUnit.SECONDS));
            RedisCommandExecutionException ch = assertThrows(RedisCommandExecutionException.class,
                    () -> sub.sync().subscribe("private"));
            assertTrue(ch.getMessage().startsWith("NOPERM"), ch.getMessage());
        } finally {
            client.shutdown();
        }
    }
}
