package io.sockudo.kv.it.scripting;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripts through Jedis: pipelined EVALSHAs reply in order with other commands between them,
 * WATCH fails on a script's write, blocked clients are served after the script that wrote their
 * key, scripts inside MULTI/EXEC, FUNCTION DUMP/RESTORE round trip.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScriptFeaturesTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Jedis jedis() {
        return new Jedis("127.0.0.1", server.port(), 30_000);
    }

    @Test
    void pipelinedScriptsAndCommandsReplyInOrder() {
        try (Jedis j = jedis()) {
            String sha = j.scriptLoad("return redis.call('incr', KEYS[1])");
            j.del("order");
            Pipeline p = j.pipelined();
            List<Response<?>> replies = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                replies.add(p.evalsha(sha, 1, "order"));
                if (i % 10 == 0) {
                    replies.add(p.get("order"));
                }
                if (i % 25 == 0) {
                    replies.add(p.evalsha("0000000000000000000000000000000000000000", 0));
                    // refused before it runs (arity): its error must still come after the scripts' replies
                    replies.add(p.sendCommand(redis.clients.jedis.Protocol.Command.GET, new String[0]));
                }
            }
            try {
                p.sync();
            } catch (JedisDataException ignored) {
                // the NOSCRIPT replies are checked one by one below
            }
            long expected = 0;
            for (Response<?> r : replies) {
                Object v;
                try {
                    v = r.get();
                } catch (JedisDataException e) {
                    assertTrue(e.getMessage().startsWith("NOSCRIPT")
                            || e.getMessage().equals("ERR wrong number of arguments for 'get' command"), e.getMessage());
                    continue;
                }
                if (v instanceof Long l) {
                    assertEquals(++expected, l);
                } else {
                    assertEquals(String.valueOf(expected), v);
                }
            }
            assertEquals(200, expected);
        }
    }

    @Test
    void watchFailsWhenAScriptWritesTheKey() {
        try (Jedis a = jedis(); Jedis b = jedis()) {
            a.set("watched", "1");
            a.watch("watched");
            b.eval("redis.call('set', KEYS[1], '2')", 1, "watched");
            Transaction tx = a.multi();
            tx.get("watched");
            assertNull(tx.exec());
        }
    }

    @Test
    void blockedClientsAreServedAfterTheScript() throws Exception {
        try (Jedis waiter = jedis(); Jedis writer = jedis()) {
            waiter.del("queue");
            CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> waiter.blpop(10, "queue"));
            Thread.sleep(200);
            writer.eval("redis.call('rpush', KEYS[1], 'a', 'b') redis.call('lpop', KEYS[1])", 1, "queue");
            assertEquals(List.of("queue", "b"), popped.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void scriptsRunInsideMultiExec() {
        try (Jedis j = jedis()) {
            j.del("txs");
            Transaction tx = j.multi();
            tx.eval("return redis.call('incrby', KEYS[1], 5)", 1, "txs");
            tx.eval("return redis.call('incrby', KEYS[1], ARGV[1])", 1, "txs", "2");
            tx.get("txs");
            List<Object> out = tx.exec();
            assertEquals(List.of(5L, 7L, "7"), out);
        }
    }

    @Test
    void functionDumpRestoreRoundTrip() {
        try (Jedis j = jedis()) {
            j.functionFlush();
            j.functionLoad("#!lua name=rt\nredis.register_function('rt_echo', function(k, a) return a[1] end)");
            byte[] dump = j.functionDump();
            j.functionFlush();
            assertThrows(JedisDataException.class, () -> j.fcall("rt_echo", List.of(), List.of("x")));
            assertEquals("OK", j.functionRestore(dump));
            assertEquals("x", j.fcall("rt_echo", List.of(), List.of("x")));
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.functionRestore(dump));
            assertEquals("ERR Library rt already exists", e.getMessage());
            j.functionFlush();
        }
    }

    @Test
    void infoMemoryCountsScriptsFunctionsAndLibraries() {
        try (Jedis j = jedis()) {
            j.scriptFlush();
            j.functionFlush();
            j.scriptLoad("return 'counted'");
            j.functionLoad("#!lua name=info\nredis.register_function('a', function() return 1 end)\n"
                    + "redis.register_function('b', function() return 2 end)");
            String info = j.info("memory");
            assertTrue(info.contains("\r\nnumber_of_cached_scripts:1\r\n"), info);
            assertTrue(info.contains("\r\nnumber_of_functions:2\r\n"), info);
            assertTrue(info.contains("\r\nnumber_of_libraries:1\r\n"), info);
            assertTrue(info.contains("\r\nused_memory_scripts_eval:" + "return 'counted'".length() + "\r\n"), info);
            j.scriptFlush();
            j.functionFlush();
            assertTrue(j.info("memory").contains("\r\nnumber_of_libraries:0\r\n"));
        }
    }
}
