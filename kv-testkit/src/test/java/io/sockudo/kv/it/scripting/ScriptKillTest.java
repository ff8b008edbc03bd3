package io.sockudo.kv.it.scripting;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long scripts with Jedis, on one event loop (the default, where the script must not occupy the
 * only I/O thread) and on several: other clients wait, then get BUSY past busy-reply-threshold;
 * SCRIPT KILL stops a script that has not written; one that has written is UNKILLABLE and only
 * SHUTDOWN NOSAVE gets past it; FUNCTION KILL does the same for functions.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScriptKillTest {
    static final String BUSY = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";

    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void scriptKillStopsARunawayScriptWhileOthersSeeBusy(String loops) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start("--event-loop-threads", loops,
                "--busy-reply-threshold", "200");
             Jedis runner = new Jedis("127.0.0.1", server.port(), 30_000);
             Jedis other = new Jedis("127.0.0.1", server.port(), 30_000);
             Jedis killer = new Jedis("127.0.0.1", server.port(), 30_000)) {
            other.set("k", "v");
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return runner.eval("local i = 0 while true do i = i + 1 end", 0);
                } catch (JedisDataException e) {
                    return e.getMessage();
                }
            });
            Thread.sleep(400);
            JedisDataException busy = assertThrows(JedisDataException.class, () -> other.get("k"));
            assertEquals(BUSY, busy.getMessage());
            assertThrows(JedisDataException.class, () -> other.set("k", "w"));
            // PING is not allow-busy in Redis 7.0 either
            assertThrows(JedisDataException.class, other::ping);
            assertEquals("OK", killer.scriptKill());
            String result = (String) running.get(10, TimeUnit.SECONDS);
            assertTrue(result.startsWith("ERR Script killed by user with SCRIPT KILL..."), result);
            assertEquals("v", other.get("k"));
            JedisDataException notBusy = assertThrows(JedisDataException.class, killer::scriptKill);
            assertEquals("NOTBUSY No scripts in execution right now.", notBusy.getMessage());
            assertEquals("PONG", runner.ping());
        }
    }

    @Test
    void aScriptThatWroteIsUnkillableAndShutdownNeedsNosave() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start("--busy-reply-threshold", "200");
             Jedis runner = new Jedis("127.0.0.1", server.port(), 30_000);
             Jedis other = new Jedis("127.0.0.1", server.port(), 30_000)) {
            CompletableFuture.runAsync(() -> {
                try {
                    runner.eval("redis.call('set', 'w', 1) while true do end", 0);
                } catch (RuntimeException ignored) {
                    // the connection ends with the server
                }
            });
            Thread.sleep(400);
            JedisDataException e = assertThrows(JedisDataException.class, other::scriptKill);
            assertTrue(e.getMessage().startsWith("UNKILLABLE Sorry the script already executed write commands"),
                    e.getMessage());
            JedisDataException fk = assertThrows(JedisDataException.class, other::functionKill);
            assertTrue(fk.getMessage().startsWith("UNKILLABLE"), fk.getMessage());
            JedisDataException shutdown = assertThrows(JedisDataException.class,
                    () -> other.sendCommand(redis.clients.jedis.Protocol.Command.SHUTDOWN));
            assertEquals(BUSY, shutdown.getMessage());
            // SHUTDOWN NOSAVE is let through (allow-busy); the embedded server then stops
            try {
                other.sendCommand(redis.clients.jedis.Protocol.Command.SHUTDOWN, "NOSAVE");
            } catch (RuntimeException expected) {
                // the server closes the connection
            }
        }
    }

    @Test
    void functionKillStopsARunawayFunction() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start("--busy-reply-threshold", "200");
             Jedis runner = new Jedis("127.0.0.1", server.port(), 30_000);
             Jedis other = new Jedis("127.0.0.1", server.port(), 30_000)) {
            runner.functionLoad("#!lua name=spin\nredis.register_function('spin', function() while true do end end)");
            CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> {
                try {
                    runner.fcall("spin", java.util.List.of(), java.util.List.of());
                    return "returned";
                } catch (JedisDataException e) {
                    return e.getMessage();
                }
            });
            Thread.sleep(400);
            JedisDataException busy = assertThrows(JedisDataException.class, () -> other.get("k"));
            assertEquals("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.",
                    busy.getMessage());
            JedisDataException wrongKill = assertThrows(JedisDataException.class, other::scriptKill);
            assertEquals("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.",
                    wrongKill.getMessage());
            assertEquals("OK", other.functionKill());
            String result = running.get(10, TimeUnit.SECONDS);
            assertTrue(result.contains("Script killed by user"), result);
            assertEquals("PONG", other.ping());
        }
    }

    @Test
    void beforeTheThresholdOtherClientsWaitForTheScript() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start();
             Jedis runner = new Jedis("127.0.0.1", server.port(), 30_000);
             Jedis other = new Jedis("127.0.0.1", server.port(), 30_000)) {
            // a script busy for ~300 ms, far below the default 5 s threshold: the GET waits, then sees its write
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> runner.eval(
                    "local t = redis.call('time') local start = t[1] * 1000000 + t[2] "
                            + "repeat local n = redis.call('time') until (n[1] * 1000000 + n[2]) - start > 300000 "
                            + "redis.call('set', 'late', 'written') return 1", 0));
            Thread.sleep(50);
            long t0 = System.nanoTime();
            assertEquals("written", other.get("late"));
            assertTrue(System.nanoTime() - t0 > 100_000_000L, "the GET should have waited for the script");
            assertEquals(1L, running.get(10, TimeUnit.SECONDS));
        }
    }
}
