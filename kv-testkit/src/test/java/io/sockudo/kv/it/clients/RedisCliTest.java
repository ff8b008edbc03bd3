package io.sockudo.kv.it.clients;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's redis-cli against sockudo-kv: one-shot commands, stdin (inline) mode and --pipe mass insertion. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisCliTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        assertTrue(new File("/usr/bin/redis-cli").canExecute(), "redis-cli missing: apt-get install -y redis-tools");
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String cli(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(server.port())));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "redis-cli did not finish");
        return out;
    }

    @Test
    void oneShotCommands() throws Exception {
        assertEquals("PONG\n", cli(null, "PING"));
        assertEquals("OK\n", cli(null, "SET", "cli:k", "hello world"));
        assertEquals("hello world\n", cli(null, "GET", "cli:k"));
        assertEquals("\n", cli(null, "GET", "cli:missing"));
        assertEquals("(nil)\n", cli(null, "--no-raw", "GET", "cli:missing"));
        // redis-cli prints an error and then an empty line when not on a terminal (same against redis-server)
        assertEquals("ERR wrong number of arguments for 'get' command\n\n", cli(null, "GET"));
    }

    @Test
    void commandsFromStdin() throws Exception {
        String out = cli("SET cli:a 1\nINCR cli:a\nGET cli:a\n");
        assertEquals("OK\n2\n2\n", out);
    }

    @Test
    void pipeMassInsertion() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            String k = "pipe:" + i;
            sb.append("*3\r\n$3\r\nSET\r\n$").append(k.length()).append("\r\n").append(k).append("\r\n$1\r\nx\r\n");
        }
        String out = cli(sb.toString(), "--pipe");
        assertTrue(out.contains("errors: 0, replies: 10000"), out);
        assertEquals("x\n", cli(null, "GET", "pipe:9999"));
    }
}
