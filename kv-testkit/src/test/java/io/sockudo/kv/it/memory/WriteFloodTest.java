package io.sockudo.kv.it.memory;

import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of 1 MB SETs against a server in its own JVM with a small heap and
 * {@code -XX:+ExitOnOutOfMemoryError} (as the launcher runs it): the server never dies. With
 * {@code maxmemory} unset the heap budget answers OOM; with {@code maxmemory 64mb} and noeviction
 * it answers OOM as redis-server does (the counts are printed side by side); with allkeys-lru
 * every write succeeds and old keys go.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WriteFloodTest {
    static final byte[] MB = new byte[1024 * 1024];

    static {
        java.util.Arrays.fill(MB, (byte) 'x');
    }

    /** A sockudo-kv server in a JVM of its own. */
    static final class ServerProcess implements AutoCloseable {
        final Process process;
        final int port;
        final Path log;

        ServerProcess(String heap, String... args) throws Exception {
            port = freePort();
            Path dir = Files.createTempDirectory("sockudo-kv-flood");
            log = dir.resolve("server.log");
            String cp = System.getProperty("jdk.module.path", "") + File.pathSeparator
                    + System.getProperty("java.class.path", "");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-cp", cp,
                    "io.sockudo.kv.kernel.Main", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--dir", dir.toString()));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try (RespClient c = new RespClient(port)) {
                    if (c.callText("PING").startsWith("+PONG")) {
                        return;
                    }
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("server did not start: " + Files.readString(log));
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** SETs {@code n} 1 MB values; the number of OK replies (and fails on any other error). */
    static int flood(int port, int n) throws IOException {
        int ok = 0;
        try (RespClient c = new RespClient(port)) {
            for (int i = 0; i < n; i++) {
                String r = new String(c.call(List.of("SET".getBytes(StandardCharsets.US_ASCII),
                        ("key:" + i).getBytes(StandardCharsets.US_ASCII), MB)), StandardCharsets.UTF_8);
                if (r.equals("+OK\r\n")) {
                    ok++;
                } else {
                    assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", r);
                }
            }
        }
        return ok;
    }

    @Test
    void withoutMaxmemoryTheHeapBudgetAnswersOomInsteadOfDying() throws Exception {
        try (ServerProcess s = new ServerProcess("160m")) {
            int ok = flood(s.port, 300);
            assertTrue(s.process.isAlive(), Files.readString(s.log));
            assertTrue(ok > 20 && ok < 300, "ok " + ok);
            try (RespClient c = new RespClient(s.port)) {
                assertEquals("+PONG\r\n", c.callText("PING"));
                assertEquals(":" + ok + "\r\n", c.callText("DBSIZE"));
                String info = c.callText("INFO", "memory");
                assertTrue(info.contains("maxmemory:0\r\n"), info);
                // reads and deletes go on, and make room
                assertEquals(":" + MB.length + "\r\n", c.callText("STRLEN", "key:0"));
                c.callText("DEL", "key:0", "key:1", "key:2");
                assertEquals("+OK\r\n", new String(c.call(List.of("SET".getBytes(StandardCharsets.US_ASCII),
                        "again".getBytes(StandardCharsets.US_ASCII), MB)), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void maxmemoryWithNoevictionAnswersOomAsRedisDoes() throws Exception {
        int ours;
        try (ServerProcess s = new ServerProcess("256m", "--maxmemory", "64mb")) {
            ours = flood(s.port, 150);
            assertTrue(s.process.isAlive(), Files.readString(s.log));
        }
        int redis;
        try (RedisServerProcess r = RedisServerProcess.start("--maxmemory", "64mb")) {
            redis = flood(r.port(), 150);
        }
        System.out.println("1 MB SETs accepted under maxmemory 64mb: sockudo-kv " + ours + ", redis-server " + redis);
        assertTrue(ours >= redis / 2 && ours <= 64, "sockudo-kv " + ours + ", redis-server " + redis);
    }

    @Test
    void allkeysLruKeepsAcceptingWritesPastTheHeap() throws Exception {
        try (ServerProcess s = new ServerProcess("160m", "--maxmemory-policy", "allkeys-lru")) {
            int ok = flood(s.port, 400);
            assertEquals(400, ok);
            assertTrue(s.process.isAlive());
            try (RespClient c = new RespClient(s.port)) {
                assertTrue(EvictionTest.infoLong(c, "evicted_keys") > 200);
                assertEquals(":" + MB.length + "\r\n", c.callText("STRLEN", "key:399"));
            }
        }
    }
}
