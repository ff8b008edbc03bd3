package io.sockudo.kv.it.plugins;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.sockudo.kv.it.plugins.CounterPluginTest.assertLoadFailed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading, unloading and reloading plugins while clients are served: MULTI against UNLOAD, keys
 * that must not outlive their type, LOAD off the event loop, the unload hook, MODULE RELOAD keeping
 * keys through the codec (and refusing a version that cannot read them), one-line load errors.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PluginLifecycleTest {
    static final String OK = "+OK\r\n";
    @TempDir
    static Path work;
    private static String v1;
    private static String v2;
    private static String v3;

    @BeforeAll
    static void build() throws IOException {
        v1 = FixturePlugins.ratelimit(work, 1, 1).toString();
        v2 = FixturePlugins.ratelimit(work, 2, 2).toString();
        v3 = FixturePlugins.ratelimit(work, 3, 3).toString();
    }

    private static EmbeddedServer server() {
        return EmbeddedServer.start("--enable-module-command", "yes");
    }

    @Test
    void execDoesNotRunCommandsOfAModuleUnloadedMeanwhile() throws IOException {
        try (EmbeddedServer s = server(); RespClient a = new RespClient(s.port()); RespClient b = new RespClient(s.port())) {
            assertEquals(OK, a.callText("MODULE", "LOAD", v1));
            assertEquals(OK, a.callText("MULTI"));
            assertEquals("+QUEUED\r\n", a.callText("RL.ALLOW", "k", "5"));
            assertEquals(OK, b.callText("MODULE", "UNLOAD", "ratelimit"));
            assertEquals("*1\r\n-ERR unknown command 'RL.ALLOW', with args beginning with: 'k' '5' \r\n",
                    a.callText("EXEC"));
            assertEquals(":0\r\n", a.callText("DBSIZE")); // no orphan key of a type nobody owns
            assertEquals(OK, a.callText("MODULE", "LOAD", v1)); // and it loads again
        }
    }

    @Test
    void unloadRefusedWhileKeysOfItsTypesExistEvenExpiredOnes() throws Exception {
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes", "--enable-debug-command", "yes");
             RespClient c = new RespClient(s.port())) {
            assertEquals(OK, c.callText("MODULE", "LOAD", v1));
            assertEquals(OK, c.callText("DEBUG", "SET-ACTIVE-EXPIRE", "0")); // the expired key stays in the table
            assertEquals(":1\r\n", c.callText("RL.ALLOW", "k", "5"));
            String refused = "-ERR Error unloading module: the module exports one or more module-side data types, "
                    + "can't unload\r\n";
            assertEquals(refused, c.callText("MODULE", "UNLOAD", "ratelimit"));
            assertEquals(":1\r\n", c.callText("PEXPIRE", "k", "1"));
            Thread.sleep(20);
            assertEquals(refused, c.callText("MODULE", "UNLOAD", "ratelimit"));
            assertEquals(":0\r\n", c.callText("EXISTS", "k")); // expires it
            assertEquals(OK, c.callText("MODULE", "UNLOAD", "ratelimit"));
            assertEquals(":0\r\n", c.callText("DBSIZE"));
        }
    }

    @Test
    void multiAgainstUnloadRaceLeavesNoOrphanKey() throws Exception {
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes", "--io-threads", "1");
             RespClient admin = new RespClient(s.port())) {
            for (int round = 0; round < 15; round++) {
                assertEquals(OK, admin.callText("MODULE", "LOAD", v1));
                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<String> bad = new AtomicReference<>();
                List<CompletableFuture<Void>> writers = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    int id = w;
                    writers.add(CompletableFuture.runAsync(() -> {
                        try (RespClient c = new RespClient(s.port())) {
                            for (int i = 0; !stop.get() && i < 200; i++) {
                                c.callText("MULTI");
                                c.callText("RL.ALLOW", "k" + id + ":" + i, "5");
                                c.callText("DEL", "k" + id + ":" + i);
                                String r = c.callText("EXEC");
                                if (!r.startsWith("*2\r\n") && !r.startsWith("-EXECABORT")) {
                                    bad.set(r);
                                }
                            }
                        } catch (IOException e) {
                            bad.set(e.toString());
                        }
                    }));
                }
                String unload;
                do {
                    unload = admin.callText("MODULE", "UNLOAD", "ratelimit");
                } while (!unload.equals(OK));
                stop.set(true);
                CompletableFuture.allOf(writers.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
                assertNull(bad.get());
                // every transaction that ran after the unload got unknown command, and created nothing
                assertEquals("*0\r\n", admin.callText("KEYS", "k*"));
            }
        }
    }

    @Test
    void loadRunsOffTheEventLoop() throws Exception {
        Path slow = FixturePlugins.simple(work, "slowpoke", "slowpoke", "slow-register", 1500);
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes", "--io-threads", "1");
             RespClient a = new RespClient(s.port()); RespClient b = new RespClient(s.port())) {
            AtomicInteger order = new AtomicInteger();
            CompletableFuture<Integer> load = CompletableFuture.supplyAsync(() -> {
                try {
                    assertEquals(OK, a.callText("MODULE", "LOAD", slow.toString()));
                    return order.incrementAndGet();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(300); // the load has started (register() sleeps 1.5 s)
            assertEquals("+PONG\r\n", b.callText("PING"));
            int pingDone = order.incrementAndGet();
            assertEquals(1, pingDone, "PING answered while MODULE LOAD was still running");
            assertEquals(2, load.get(30, TimeUnit.SECONDS));
            assertEquals("+PONG-slowpoke\r\n", b.callText("SLOWPOKE.PING"));
        }
    }

    @Test
    void unloadHookStopsThePluginsThreads() throws IOException {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            assertEquals(OK, c.callText("MODULE", "LOAD", v1));
            assertTrue(threadAlive("ratelimit-worker-1"));
            assertEquals(OK, c.callText("MODULE", "UNLOAD", "ratelimit"));
            assertFalse(threadAlive("ratelimit-worker-1"));
        }
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void reloadKeepsKeysThroughTheCodecWhileClientsWrite() throws Exception {
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            assertEquals(OK, c.callText("MODULE", "LOAD", v1));
            for (int i = 0; i < 50; i++) {
                c.callText("RL.ALLOW", "key:" + i, "1000");
            }
            assertEquals(":1\r\n", c.callText("EXPIRE", "key:0", "1000"));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> bad = new AtomicReference<>();
            AtomicInteger writes = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (RespClient w = new RespClient(s.port())) {
                    while (!stop.get()) {
                        String r = w.callText("RL.ALLOW", "key:" + (writes.get() % 50), "1000");
                        if (!r.equals(":1\r\n")) {
                            bad.set(r);
                            return;
                        }
                        writes.incrementAndGet();
                    }
                } catch (IOException e) {
                    bad.set(e.toString());
                }
            });
            while (writes.get() < 20) {
                Thread.sleep(5);
            }
            assertEquals(OK, c.callText("MODULE", "RELOAD", "ratelimit", v2));
            int atReload = writes.get();
            while (writes.get() < atReload + 20 && bad.get() == null) {
                Thread.sleep(5);
            }
            stop.set(true);
            writer.get(30, TimeUnit.SECONDS);
            assertNull(bad.get(), "a client writing during the reload got an error");
            assertEquals(":2\r\n", c.callText("RL.VERSION"));
            assertEquals(":50\r\n", c.callText("DBSIZE"));
            assertEquals("+ratelimit\r\n", c.callText("TYPE", "key:49"));
            long total = 0;
            for (int i = 0; i < 50; i++) {
                String r = c.callText("RL.GET", "key:" + i);
                assertTrue(r.startsWith("*3\r\n:"), r);
                total += Long.parseLong(r.substring(5, r.indexOf('\r', 5)));
            }
            assertEquals(50 + writes.get(), total, "every count survived the reload");
            String ttl = c.callText("TTL", "key:0");
            assertTrue(Long.parseLong(ttl.substring(1).trim()) > 900, ttl);
            assertTrue(c.callText("INFO", "ratelimit").contains("ratelimit_version:2"));
            // DUMP/RESTORE now carry encoding version 2
            assertEquals(OK, new String(c.call(List.of("RESTORE".getBytes(), "copy".getBytes(), "0".getBytes(),
                    dumpOf(c, "key:1")))));
            assertEquals(c.callText("RL.GET", "key:1"), c.callText("RL.GET", "copy"));

            // a version that cannot read encoding version 2: refused, the loaded one stays
            String r = c.callText("MODULE", "RELOAD", "ratelimit", v3);
            assertTrue(r.startsWith("-ERR Error reloading module: the new version cannot read key '")
                    && r.contains("ratelimit 3 cannot read encoding version 2; the loaded version stays"), r);
            assertEquals(":2\r\n", c.callText("RL.VERSION"));
            assertTrue(c.callText("RL.GET", "key:3").startsWith("*3\r\n"));
            // a same-id plugin cannot be loaded beside it, only reloaded
            assertTrue(assertLoadFailed(c.callText("MODULE", "LOAD", v2)).contains("is already loaded"));
            assertTrue(c.callText("MODULE", "RELOAD", "core").startsWith(
                    "-ERR Error reloading module: module 'core' was not loaded from a plugin file"));
            assertTrue(c.callText("MODULE", "RELOAD", "nope").startsWith("-ERR Error reloading module: no such module"));
        }
    }

    private static byte[] dumpOf(RespClient c, String key) throws IOException {
        // the payload is binary: cut it out of the raw bulk reply
        byte[] raw = c.call(List.of("DUMP".getBytes(), key.getBytes()));
        int start = 0;
        while (raw[start] != '\n') {
            start++;
        }
        start++;
        return java.util.Arrays.copyOfRange(raw, start, raw.length - 2);
    }

    @Test
    void loadFailuresSayWhyInOneLine() throws IOException {
        Path throwing = FixturePlugins.simple(work, "thrower", "thrower", "register-throws", 0);
        Path mismatch = FixturePlugins.simple(work, "future", "future", "spi-mismatch", 0);
        Path dupCommand = FixturePlugins.simple(work, "dupcmd", "dupcmd", "duplicate-command", 0);
        Path notModule = FixturePlugins.build(work, "notmodule", Map.of());
        Path noVersion = PluginJars.jar(work.resolve("noversion.jar"), Map.of("Plugin-Id", "noversion"),
                Map.of("x.txt", PluginJars.utf8("x")));
        try (EmbeddedServer s = server(); RespClient c = new RespClient(s.port())) {
            assertTrue(assertLoadFailed(c.callText("MODULE", "LOAD", throwing.toString()))
                    .contains("module 'thrower': register() failed: java.lang.IllegalStateException: cannot start: no license"));
            assertTrue(assertLoadFailed(c.callText("MODULE", "LOAD", mismatch.toString()))
                    .contains("module 'future' built against SPI 9.0, this server has SPI "
                            + io.sockudo.kv.spi.SpiVersion.CURRENT));
            assertTrue(assertLoadFailed(c.callText("MODULE", "LOAD", dupCommand.toString()))
                    .contains("command 'get' of module 'dupcmd' is already registered by module 'core'"));
            assertTrue(assertLoadFailed(c.callText("MODULE", "LOAD", notModule.toString()))
                    .contains("is not a io.sockudo.kv.spi.KvModule"));
            String r = assertLoadFailed(c.callText("MODULE", "LOAD", noVersion.toString()));
            assertTrue(r.contains("Plugin-Version"), r);
            assertTrue(assertLoadFailed(c.callText("MODULE", "LOAD", work.resolve("missing.jar").toString()))
                    .contains("No such file or directory"));
            // nothing half loaded: the good version of the same file loads
            assertEquals(OK, c.callText("MODULE", "LOAD",
                    FixturePlugins.simple(work, "thrower", "thrower", "ok", 0).toString()));
        }
    }
}
