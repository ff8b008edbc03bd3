package io.sockudo.kv.it.server;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differences from redis-server found by trying the server as a new user would (issue 13 item 7),
 * each checked against a real redis-server in the same run.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisDifferencesTest {

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String waitForField(RespClient c, String section, String name, String want) throws Exception {
        String v = null;
        for (int i = 0; i < 200; i++) {
            v = field(c.callText("INFO", section), name);
            if (want.equals(v)) {
                return v;
            }
            Thread.sleep(10);
        }
        return v;
    }

    /** A client held by CLIENT PAUSE counts in blocked_clients, as in Redis (tools wait on it). */
    @Test
    void pausedClientsAreBlockedClients() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(); EmbeddedServer kv = EmbeddedServer.start()) {
            for (int port : new int[]{redis.port(), kv.port()}) {
                try (RespClient admin = new RespClient(port); RespClient writer = new RespClient(port)) {
                    admin.callText("CLIENT", "PAUSE", "10000", "WRITE");
                    writer.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("1", waitForField(admin, "clients", "blocked_clients", "1"), "port " + port);
                    assertTrue(admin.callText("CLIENT", "LIST").contains(" flags=b "), "port " + port);
                    admin.callText("CLIENT", "UNPAUSE");
                    assertEquals("+OK\r\n", new String(writer.readReply(), StandardCharsets.US_ASCII));
                    assertEquals("0", waitForField(admin, "clients", "blocked_clients", "0"), "port " + port);
                }
            }
        }
    }

    /** A blocked XREADGROUP woken by XGROUP DESTROY is one call (and one failed call), as in Redis. */
    @Test
    void aWokenBlockingCommandIsCountedOnce() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(); EmbeddedServer kv = EmbeddedServer.start()) {
            String[] stats = new String[2];
            int i = 0;
            for (int port : new int[]{redis.port(), kv.port()}) {
                try (RespClient admin = new RespClient(port); RespClient reader = new RespClient(port)) {
                    admin.callText("CONFIG", "RESETSTAT");
                    admin.callText("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
                    reader.sendRaw(RespClient.encode(java.util.List.of("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0",
                            "STREAMS", "s", ">").stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList()));
                    waitForField(admin, "clients", "blocked_clients", "1");
                    admin.callText("XGROUP", "DESTROY", "s", "g");
                    assertTrue(new String(reader.readReply(), StandardCharsets.UTF_8).startsWith("-NOGROUP"));
                    String line = field(admin.callText("INFO", "commandstats"), "cmdstat_xreadgroup");
                    stats[i++] = line.replaceAll("usec=[0-9]+,usec_per_call=[0-9.]+,", "");
                }
            }
            assertEquals("calls=1,rejected_calls=0,failed_calls=1", stats[0]);
            assertEquals(stats[0], stats[1]);
        }
    }

    /** Redis's own test suite sets use-exit-on-panic: the server starts with it. */
    @Test
    void useExitOnPanicIsAccepted() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--use-exit-on-panic", "yes");
             RespClient c = new RespClient(kv.port())) {
            assertEquals("*2\r\n$17\r\nuse-exit-on-panic\r\n$3\r\nyes\r\n", c.callText("CONFIG", "GET", "use-exit-on-panic"));
        }
    }
}
