package io.sockudo.kv.it.plugins;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.sockudo.kv.it.plugins.CounterPluginTest.assertLoadFailed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rows of issue 15's table, each against a fixture plugin of {@code plugin-fixtures/}: what a
 * misbehaving plugin did, and that it now fails alone, with a well-formed reply, on a connection
 * that stays open, next to a well-behaved plugin (the counter) that keeps working.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PluginMisbehaviourTest {
    @TempDir
    static Path work;
    private static Path misbehave;
    private static String counter;

    @BeforeAll
    static void build() throws IOException {
        misbehave = FixturePlugins.build(work, "misbehave", Map.of());
        counter = PluginJars.counterJar().toString();
    }

    private static EmbeddedServer server() {
        return EmbeddedServer.start("--enable-module-command", "yes", "--loadmodule", misbehave.toString(),
                "--loadmodule", counter);
    }

    @Test
    void throwingKeyspaceListenerNeverFailsAWrite() throws IOException {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            // the listener throws for every event on keys starting with "boom"
            assertEquals("+OK\r\n", c.callText("SET", "boomkey", "v"));
            assertEquals("$1\r\nv\r\n", c.callText("GET", "boomkey"));
            assertEquals(":2\r\n", c.callText("RPUSH", "boomlist", "a", "b"));
            assertEquals(":0\r\n", c.callText("EXISTS", "boommissing")); // the keymiss event
            assertEquals(":2\r\n", c.callText("DEL", "boomkey", "boomlist"));
            assertEquals(":3\r\n", c.callText("CNT.INCR", "boomcnt", "3")); // another module's command
            assertEquals("+PONG\r\n", c.callText("PING"));
        }
    }

    @Test
    void throwingInfoProviderLeavesInfoWorking() throws IOException {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            String everything = c.callText("INFO", "everything");
            assertTrue(everything.startsWith("$") && everything.contains("# Server"), everything);
            assertTrue(everything.contains("# misbehave\r\nmodule_info_error:java.lang.IllegalStateException"), everything);
            assertFalse(everything.contains("half:written"), "a failing section adds no half section");
            assertTrue(c.callText("INFO").contains("# Keyspace"));
            assertTrue(c.callText("INFO", "misbehave").contains("module_info_error"));
        }
    }

    @Test
    void throwingTimeoutHandlerAnswersOneErrorAndKeepsTheConnection() throws IOException {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            assertEquals("-ERR internal error while running 'mb.timeoutthrow' (module 'misbehave'): "
                    + "java.lang.IllegalStateException: timeout handler exploded\r\n", c.callText("MB.TIMEOUTTHROW"));
            assertEquals("+PONG\r\n", c.callText("PING"));
            assertEquals(":1\r\n", c.callText("CNT.INCR", "cnt", "1"));
        }
    }

    @Test
    void unloadWaitsForClientsBlockedInTheModule() throws IOException {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port()); RespClient waiter = new RespClient(s.port())) {
            String id = waiter.callText("CLIENT", "ID").substring(1).trim();
            waiter.sendRaw("*1\r\n$7\r\nMB.WAIT\r\n".getBytes());
            s.awaitBlockedClients(1);
            assertEquals("-ERR Error unloading module: the module has blocked clients. Please wait them unblocked and "
                    + "try again\r\n", c.callText("MODULE", "UNLOAD", "misbehave"));
            assertEquals(":1\r\n", c.callText("CLIENT", "UNBLOCK", id));
            assertEquals("*-1\r\n", new String(waiter.readReply()));
            assertEquals("+OK\r\n", c.callText("MODULE", "UNLOAD", "misbehave"));
        }
    }

    @Test
    void oneReplyContractIsEnforced() throws IOException {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            assertEquals("-ERR command 'mb.twice' of module 'misbehave' wrote 2 replies instead of one\r\n",
                    c.callText("MB.TWICE"));
            assertEquals("-ERR command 'mb.none' of module 'misbehave' returned without a reply\r\n",
                    c.callText("MB.NONE"));
            assertEquals("-ERR command 'mb.halfok' of module 'misbehave' left an incomplete reply\r\n",
                    c.callText("MB.HALFOK"));
            assertEquals("-ERR command 'mb.replyandblock' of module 'misbehave' replied and also asked to block\r\n",
                    c.callText("MB.REPLYANDBLOCK"));
            String half = c.callText("MB.HALF");
            assertTrue(half.startsWith("-ERR internal error while running 'mb.half' (module 'misbehave'): "
                    + "java.lang.IllegalStateException: half\r\n"), half);
            String big = c.callText("MB.BIGTHENTHROW");
            assertTrue(big.startsWith("-ERR internal error while running 'mb.bigthenthrow'") && big.length() < 300, big);
            // the connection is in step: the next reply is the next command's
            assertEquals("+PONG\r\n", c.callText("PING"));
            // inside MULTI the replies of EXEC stay one per queued command
            assertEquals("+OK\r\n", c.callText("MULTI"));
            assertEquals("+QUEUED\r\n", c.callText("MB.TWICE"));
            assertEquals("+QUEUED\r\n", c.callText("MB.NONE"));
            assertEquals("+QUEUED\r\n", c.callText("PING"));
            assertEquals("*3\r\n-ERR command 'mb.twice' of module 'misbehave' wrote 2 replies instead of one\r\n"
                    + "-ERR command 'mb.none' of module 'misbehave' returned without a reply\r\n+PONG\r\n",
                    c.callText("EXEC"));
            String stats = c.callText("INFO", "errorstats");
            assertTrue(stats.contains("errorstat_ERR:count="), stats);
        }
    }

    @Test
    void statusRepliesStayOneLine() throws IOException {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            assertEquals("+a  b\r\n", c.callText("MB.SIMPLE"));
            assertEquals("+PONG\r\n", c.callText("PING"));
        }
    }

    @Test
    void errorsFromHandlersKeepTheConnection() throws IOException {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            assertEquals("-ERR internal error while running 'mb.assert' (module 'misbehave'): "
                    + "java.lang.AssertionError: assertion in a plugin\r\n", c.callText("MB.ASSERT"));
            assertEquals("-ERR internal error while running 'mb.noclass' (module 'misbehave'): "
                    + "java.lang.NoClassDefFoundError: com/example/Unshaded\r\n", c.callText("MB.NOCLASS"));
            assertTrue(c.callText("MB.ILLEGAL").startsWith("-ERR internal error while running 'mb.illegal' (module "
                    + "'misbehave'): java.lang.IllegalAccessError"));
            assertEquals("+PONG\r\n", c.callText("PING"));
            String stats = c.callText("INFO", "errorstats");
            assertTrue(stats.contains("errorstat_ERR:count=3"), stats);
        }
    }

    @Test
    void putOfNullIsRefused() throws IOException {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            String r = c.callText("MB.PUTNULL", "ghost");
            assertTrue(r.startsWith("-ERR internal error while running 'mb.putnull' (module 'misbehave'): "
                    + "java.lang.IllegalArgumentException: a key's value cannot be null"), r);
            assertEquals(":0\r\n", c.callText("DBSIZE"));
            assertEquals("*0\r\n", c.callText("KEYS", "*"));
            assertEquals(":0\r\n", c.callText("EXISTS", "ghost"));
        }
    }

    @Test
    void failingCodecConfigValidatorAndExpireHookStayInside() throws Exception {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            assertEquals("+OK\r\n", c.callText("MB.NEW", "m"));
            String dump = c.callText("DUMP", "m");
            assertTrue(dump.startsWith("-ERR internal error while running 'dump'"), dump);
            assertEquals("+PONG\r\n", c.callText("PING"));
            String set = c.callText("CONFIG", "SET", "misbehave.limit", "boom");
            assertTrue(set.startsWith("-ERR CONFIG SET failed (possibly related to argument 'misbehave.limit') - "
                    + "module 'misbehave' failed to validate the value"), set);
            assertEquals("+OK\r\n", c.callText("CONFIG", "SET", "misbehave.limit", "5"));
            // the expire hook throws on every cycle: keys still expire
            assertEquals("+OK\r\n", c.callText("SET", "short", "v", "PX", "20"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!":1\r\n".equals(c.callText("DBSIZE")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(":1\r\n", c.callText("DBSIZE")); // "m" only: "short" expired actively
            assertEquals(":1\r\n", c.callText("DEL", "m"));
            assertEquals("+OK\r\n", c.callText("MODULE", "UNLOAD", "misbehave"));
        }
    }

    @Test
    void secondPluginWithTheSameTypeNameIsRefused() throws IOException {
        Path sameType = FixturePlugins.build(work, "dupvalue",
                Map.of("MODNAME", "dupvalue", "TYPENAME", "kvcounter", "CODECNAME", "dupvalue1"));
        Path sameCodec = FixturePlugins.build(work, "dupvalue",
                Map.of("MODNAME", "dupcodec", "TYPENAME", "othertype", "CODECNAME", "kvcounter"));
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            assertEquals(CounterPluginTest.LOAD_FAILED + "value type 'kvcounter' of module 'dupvalue' is already "
                    + "registered by module 'counter'\r\n", c.callText("MODULE", "LOAD", sameType.toString()));
            String r = assertLoadFailed(c.callText("MODULE", "LOAD", sameCodec.toString()));
            assertTrue(r.contains("kvcounter"), r);
            assertFalse(c.callText("MODULE", "LIST").contains("dupvalue"));
        }
    }
}
