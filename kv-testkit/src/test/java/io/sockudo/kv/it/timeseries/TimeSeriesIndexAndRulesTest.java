package io.sockudo.kv.it.timeseries;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The label index follows every way a key changes (creates, TS.ALTER, DEL, UNLINK, RENAME,
 * overwrite by SET, expiry, COPY, MOVE, SWAPDB, FLUSHDB, FLUSHALL), and compaction rules stay
 * right when their source and destination live in different shards and are written, renamed and
 * queried from several connections at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimeSeriesIndexAndRulesTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String keys(String... k) {
        StringBuilder sb = new StringBuilder("*" + k.length + "\r\n");
        for (String s : k) {
            sb.append('$').append(s.length()).append("\r\n").append(s).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void indexFollowsTheKeyspace() throws Exception {
        try (RespClient c = new RespClient(server.port())) {
            c.callText("FLUSHALL");
            c.callText("TS.CREATE", "a", "LABELS", "x", "1");
            c.callText("TS.ADD", "b", "1", "1", "LABELS", "x", "1", "y", "2");
            assertEquals(keys("a", "b"), c.callText("TS.QUERYINDEX", "x=1"));
            c.callText("TS.ALTER", "a", "LABELS", "x", "2");
            assertEquals(keys("b"), c.callText("TS.QUERYINDEX", "x=1"));
            assertEquals(keys("a"), c.callText("TS.QUERYINDEX", "x=2"));
            c.callText("DEL", "a");
            assertEquals(keys(), c.callText("TS.QUERYINDEX", "x=2"));
            c.callText("RENAME", "b", "c");
            assertEquals(keys("c"), c.callText("TS.QUERYINDEX", "x=1"));
            assertTrue(c.callText("TS.INFO", "c", "DEBUG").contains("+keySelfName\r\n$1\r\nc\r\n"));
            c.callText("SET", "c", "string now");
            assertEquals(keys(), c.callText("TS.QUERYINDEX", "x=1"));
            c.callText("TS.CREATE", "d", "LABELS", "x", "1");
            c.callText("UNLINK", "d");
            assertEquals(keys(), c.callText("TS.QUERYINDEX", "x=1"));

            c.callText("TS.CREATE", "e", "LABELS", "x", "1");
            c.callText("PEXPIRE", "e", "20");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!c.callText("TS.QUERYINDEX", "x=1").equals(keys()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                c.callText("EXISTS", "e");
            }
            assertEquals(keys(), c.callText("TS.QUERYINDEX", "x=1"));

            c.callText("TS.CREATE", "f", "LABELS", "x", "1");
            assertEquals(":1\r\n", c.callText("COPY", "f", "g"));
            assertEquals(keys("f", "g"), c.callText("TS.QUERYINDEX", "x=1"));
            assertTrue(c.callText("TS.INFO", "g", "DEBUG").contains("+keySelfName\r\n$1\r\ng\r\n"));
            assertEquals(":1\r\n", c.callText("MOVE", "f", "1"));
            assertEquals(keys("g"), c.callText("TS.QUERYINDEX", "x=1"));
            c.callText("SELECT", "1");
            assertEquals(keys("f"), c.callText("TS.QUERYINDEX", "x=1"));
            c.callText("SWAPDB", "0", "1");
            assertEquals(keys("g"), c.callText("TS.QUERYINDEX", "x=1"));
            c.callText("SELECT", "0");
            assertEquals(keys("f"), c.callText("TS.QUERYINDEX", "x=1"));
            c.callText("FLUSHDB");
            assertEquals(keys(), c.callText("TS.QUERYINDEX", "x=1"));
            c.callText("SELECT", "1");
            assertEquals(keys("g"), c.callText("TS.QUERYINDEX", "x=1"));
            c.callText("FLUSHALL");
            assertEquals(keys(), c.callText("TS.QUERYINDEX", "x=1"));
            c.callText("SELECT", "0");

            c.callText("MULTI");
            c.callText("TS.ADD", "h", "5", "1", "LABELS", "x", "1");
            c.callText("TS.QUERYINDEX", "x=1");
            assertEquals("*2\r\n:5\r\n" + keys("h"), c.callText("EXEC"));
        }
    }

    @Test
    void rulesAcrossShardsUnderConcurrentWritesRenamesAndQueries() throws Exception {
        int sources = 4;
        try (RespClient c = new RespClient(server.port())) {
            c.callText("FLUSHALL");
            for (int i = 0; i < sources; i++) {
                c.callText("TS.CREATE", "src" + i, "LABELS", "role", "src");
                c.callText("TS.CREATE", "dst" + i, "LABELS", "role", "dst");
                c.callText("TS.CREATERULE", "src" + i, "dst" + i, "AGGREGATION", "sum", "100");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(sources + 2);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            int n = i;
            jobs.add(pool.submit(() -> {
                try (RespClient c = new RespClient(server.port())) {
                    for (int t = 0; t < 2000; t++) {
                        String r = c.callText("TS.ADD", "src" + n, Integer.toString(t * 10), "1");
                        assertEquals(":" + t * 10 + "\r\n", r);
                    }
                }
                return null;
            }));
        }
        jobs.add(pool.submit(() -> {
            try (RespClient c = new RespClient(server.port())) {
                while (writing.get()) {
                    for (int i = 0; i < sources; i++) {
                        c.callText("RENAME", "dst" + i, "moved" + i);
                        c.callText("RENAME", "moved" + i, "dst" + i);
                    }
                }
            }
            return null;
        }));
        jobs.add(pool.submit(() -> {
            try (RespClient c = new RespClient(server.port())) {
                while (writing.get()) {
                    String r = c.callText("TS.MRANGE", "-", "+", "LATEST", "AGGREGATION", "count", "1000000", "FILTER",
                            "role=dst");
                    assertTrue(r.startsWith("*" + sources + "\r\n"), r);
                }
            }
            return null;
        }));
        for (int i = 0; i < sources; i++) {
            jobs.get(i).get(100, TimeUnit.SECONDS);
        }
        writing.set(false);
        for (Future<?> f : jobs) {
            f.get(100, TimeUnit.SECONDS);
        }
        pool.shutdown();
        try (RespClient c = new RespClient(server.port())) {
            for (int i = 0; i < sources; i++) {
                assertEquals(c.callText("TS.RANGE", "src" + i, "-", "+", "AGGREGATION", "sum", "100"),
                        c.callText("TS.RANGE", "dst" + i, "-", "+", "LATEST"), "dst" + i);
                assertTrue(c.callText("TS.INFO", "dst" + i).contains("+sourceKey\r\n$4\r\nsrc" + i + "\r\n"));
            }
        }
    }

    @Test
    void readingAndWritingAcrossTypes() throws IOException {
        try (RespClient c = new RespClient(server.port())) {
            c.callText("FLUSHALL");
            c.callText("TS.CREATE", "k", "CHUNK_SIZE", "48");
            for (int t = 0; t < 1000; t++) {
                c.callText("TS.ADD", "k", Integer.toString(t), Integer.toString(t % 7));
            }
            String info = c.callText("TS.INFO", "k");
            assertTrue(info.contains("+totalSamples\r\n:1000\r\n"), info);
            String mem = c.callText("MEMORY", "USAGE", "k");
            assertTrue(mem.startsWith(":"), mem);
            assertTrue(Long.parseLong(mem.substring(1).trim()) > 1000, mem);
            c.callText("TS.ALTER", "k", "RETENTION", "100");
            c.callText("TS.ADD", "k", "1000", "1");
            assertTrue(c.callText("TS.RANGE", "k", "-", "+", "COUNT", "1").startsWith("*1\r\n*2\r\n:900\r\n+"));
            String trimmed = c.callText("TS.INFO", "k");
            assertTrue(trimmed.contains("+totalSamples\r\n:101\r\n"), trimmed);
            assertTrue(trimmed.contains("+firstTimestamp\r\n:900\r\n"), trimmed);
        }
    }
}
