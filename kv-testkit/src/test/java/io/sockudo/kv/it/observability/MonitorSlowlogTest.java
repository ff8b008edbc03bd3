package io.sockudo.kv.it.observability;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MONITOR's lines and SLOWLOG's entries against redis-server's: the same commands on both, the
 * output compared after the parts that differ by nature (timestamps, ports, durations) are masked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitorSlowlogTest {
    interface Server {
        int port();
    }

    static List<String> commandsSeenByMonitor(int port) throws Exception {
        try (RespClient monitor = new RespClient(port); RespClient c = new RespClient(port)) {
            assertEquals("+OK\r\n", monitor.callText("MONITOR"));
            c.callText("SET", "a b", "x\"y");
            c.callText("SET", "\u0001bin\n", "v\t");
            c.callText("AUTH", "secret");
            c.callText("HELLO", "2", "AUTH", "default", "secret");
            c.callText("EVAL", "redis.call('set','k','v') return 1", "0");
            c.callText("GET");                  // refused before it runs: not shown
            c.callText("CONFIG", "GET", "hz");  // admin: not shown
            c.callText("MULTI");
            c.callText("SET", "q", "1");
            c.callText("INCR", "q");
            c.callText("EXEC");
            c.callText("SELECT", "3");
            c.callText("SET", "in3", "v");
            c.callText("SET", "foo", "bar", "EX", "0"); // fails while running: shown
            c.callText("PING");
            String raw = new String(monitor.readAvailable(300), StandardCharsets.ISO_8859_1);
            List<String> lines = new ArrayList<>();
            for (String line : raw.split("\r\n")) {
                // +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"
                assertTrue(line.matches("\\+\\d{10}\\.\\d{6} \\[\\d+ (127\\.0\\.0\\.1:\\d+|lua)\\]( \".*\")+"), line);
                lines.add(line.substring(line.indexOf('[')).replaceAll("127\\.0\\.0\\.1:\\d+", "ADDR"));
            }
            return lines;
        }
    }

    @Test
    void monitorLinesAreRedisLines() throws Exception {
        List<String> ours;
        try (EmbeddedServer kv = EmbeddedServer.start()) {
            ours = commandsSeenByMonitor(kv.port());
        }
        List<String> redis;
        try (RedisServerProcess r = RedisServerProcess.start()) {
            redis = commandsSeenByMonitor(r.port());
        }
        assertEquals(String.join("\n", redis), String.join("\n", ours));
        assertTrue(ours.contains("[0 lua] \"set\" \"k\" \"v\""), ours.toString());
    }

    static String slowlogEntries(int port) throws IOException {
        try (RespClient c = new RespClient(port)) {
            c.callText("CONFIG", "SET", "slowlog-log-slower-than", "0");
            c.callText("SLOWLOG", "RESET");
            c.callText("CLIENT", "SETNAME", "slow-one");
            List<String> args = new ArrayList<>(List.of("SADD", "s"));
            for (int i = 0; i < 40; i++) {
                args.add("m" + i);
            }
            c.callText(args.toArray(new String[0]));
            c.callText("SET", "big", "v".repeat(200));
            c.callText("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            List<Object> log = RespValue.parse(c.call(List.of("SLOWLOG".getBytes(), "GET".getBytes(), "-1".getBytes())));
            StringBuilder sb = new StringBuilder();
            for (Object e : log) {
                List<?> f = (List<?>) e;
                assertEquals(6, f.size());
                assertTrue((Long) f.get(2) >= 0);
                assertTrue((Long) f.get(1) > 1_700_000_000L);
                String peer = text(f.get(4));
                assertTrue(peer.matches("127\\.0\\.0\\.1:\\d+"), peer);
                List<String> argv = new ArrayList<>();
                for (Object a : (List<?>) f.get(3)) {
                    argv.add(text(a));
                }
                sb.append(argv).append(' ').append(text(f.get(5))).append('\n');
            }
            c.callText("CONFIG", "SET", "slowlog-max-len", "2");
            sb.append("len after slowlog-max-len 2: ").append(c.callText("SLOWLOG", "LEN"));
            c.callText("CONFIG", "SET", "slowlog-max-len", "128");
            return sb.toString();
        }
    }

    static String text(Object o) {
        return new String((byte[]) o, StandardCharsets.ISO_8859_1);
    }

    @Test
    void slowlogEntriesAreRedisEntries() throws Exception {
        String ours;
        try (EmbeddedServer kv = EmbeddedServer.start()) {
            ours = slowlogEntries(kv.port());
        }
        String redis;
        try (RedisServerProcess r = RedisServerProcess.start()) {
            redis = slowlogEntries(r.port());
        }
        assertEquals(redis, ours);
        assertTrue(ours.contains("... (11 more arguments)"), ours);
        assertTrue(ours.contains("... (72 more bytes)"), ours);
    }
}
