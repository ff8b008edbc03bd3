package io.sockudo.kv.it.persistence;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-part AOF: appending, reloading at start-up, BGREWRITEAOF while clients write, CONFIG
 * SET appendonly, truncated files, and files exchanged with redis-server 7.0 and redis-check-aof.
 */
class AofTest {
    @TempDir
    Path dir;

    private EmbeddedServer start(String... more) {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--appendonly", "yes"));
        args.addAll(List.of(more));
        return EmbeddedServer.start(args.toArray(new String[0]));
    }

    private Path aofDir() {
        return dir.resolve("appendonlydir");
    }

    private static void fill(RespClient c) throws IOException {
        c.callText("SET", "s", "v");
        c.callText("SET", "n", "41");
        c.callText("INCR", "n");
        c.callText("SET", "ex", "x", "EX", "100000");
        c.callText("RPUSH", "l", "a", "b", "c");
        c.callText("LPOP", "l");
        c.callText("HSET", "h", "f", "1", "g", "2");
        c.callText("SADD", "set", "1", "2", "x");
        c.callText("ZADD", "z", "1", "a", "2", "b");
        c.callText("XADD", "st", "1-1", "f", "v");
        c.callText("MULTI");
        c.callText("SET", "t1", "a");
        c.callText("SET", "t2", "b");
        c.callText("EXEC");
        c.callText("SELECT", "2");
        c.callText("SET", "db2", "yes");
        c.callText("SELECT", "0");
        c.callText("DEL", "gone");
        c.callText("SET", "gone", "1");
        c.callText("DEL", "gone");
    }

    private static String dump(RespClient c) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(c.callText("GET", "s")).append(c.callText("GET", "n"))
                .append(c.callText("LRANGE", "l", "0", "-1")).append(c.callText("HGETALL", "h"))
                .append(c.callText("SORT", "set", "ALPHA")).append(c.callText("ZRANGE", "z", "0", "-1", "WITHSCORES"))
                .append(c.callText("XRANGE", "st", "-", "+")).append(c.callText("MGET", "t1", "t2", "gone"))
                .append(c.callText("DBSIZE"));
        String ttl = c.callText("TTL", "ex");
        sb.append(Long.parseLong(ttl.substring(1).trim()) > 99_000 ? "ttl ok" : "ttl " + ttl);
        c.callText("SELECT", "2");
        sb.append(c.callText("GET", "db2"));
        c.callText("SELECT", "0");
        return sb.toString();
    }

    private static String info(RespClient c, String field) throws IOException {
        for (String line : c.callText("INFO", "persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + field);
    }

    private static void awaitRewrite(RespClient c) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!info(c, "aof_rewrite_in_progress").equals("0") || !info(c, "aof_rewrite_scheduled").equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rewrite did not finish");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void writesSurviveARestart() throws IOException {
        String before;
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals("1", info(c, "aof_enabled"));
            fill(c);
            before = dump(c);
        }
        String manifest = Files.readString(aofDir().resolve("appendonly.aof.manifest"));
        assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                manifest);
        String incr = Files.readString(aofDir().resolve("appendonly.aof.1.incr.aof"), StandardCharsets.ISO_8859_1);
        assertTrue(incr.startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\ns\r\n$1\r\nv\r\n"), incr);
        assertTrue(incr.contains("PXAT"), "relative expiry is appended as absolute: " + incr);
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(before, dump(c));
            assertEquals("0", info(c, "rdb_changes_since_last_save"));
        }
    }

    @Test
    void bgrewriteaofWhileClientsWrite() throws Exception {
        String before;
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port());
             RespClient w = new RespClient(kv.port())) {
            for (int i = 0; i < 20_000; i++) {
                c.sendRaw(RespClient.encode(List.of("SET".getBytes(StandardCharsets.UTF_8),
                        ("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8))));
            }
            for (int i = 0; i < 20_000; i++) {
                c.readReply();
            }
            assertEquals("+Background append only file rewriting started\r\n", c.callText("BGREWRITEAOF"));
            for (int i = 0; i < 500; i++) {
                w.callText("SET", "k" + i, "changed");
                w.callText("DEL", "k" + (19_999 - i));
                w.callText("INCR", "counter");
            }
            awaitRewrite(c);
            assertEquals("ok", info(c, "aof_last_bgrewrite_status"));
            assertEquals("1", info(c, "aof_rewrites"));
            w.callText("SET", "after", "rewrite");
            before = c.callText("DBSIZE") + c.callText("MGET", "k0", "k499", "k500", "k19999", "k19000", "counter",
                    "after");
        }
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                Files.readString(aofDir().resolve("appendonly.aof.manifest")));
        assertFalse(Files.exists(aofDir().resolve("appendonly.aof.1.incr.aof")));
        assertFalse(Files.exists(aofDir().resolve("appendonly.aof.1.base.rdb")));
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(before, c.callText("DBSIZE") + c.callText("MGET", "k0", "k499", "k500", "k19999", "k19000",
                    "counter", "after"));
        }
    }

    @Test
    void configSetAppendonlyAtRunTime() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--dir", dir.toString());
             RespClient c = new RespClient(kv.port())) {
            c.callText("SET", "before", "1");
            assertEquals("+OK\r\n", c.callText("CONFIG", "SET", "appendonly", "yes"));
            awaitRewrite(c);
            c.callText("SET", "after", "2");
            assertEquals("1", info(c, "aof_enabled"));
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", c.callText("MGET", "before", "after"));
        }
    }

    @Test
    void truncatedTailLoadsWhenAllowedAndStopsTheStartOtherwise() throws IOException {
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            c.callText("SET", "a", "1");
            c.callText("MULTI");
            c.callText("SET", "b", "2");
            c.callText("EXEC");
        }
        Path incr = aofDir().resolve("appendonly.aof.1.incr.aof");
        long good = Files.size(incr);
        // a transaction cut before its EXEC, then a command cut in the middle
        Files.write(incr, ("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        Files.write(incr, "*3\r\n$3\r\nSET\r\n$1\r\nd\r\n$".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        assertThrows(IllegalStateException.class, () -> start("--aof-load-truncated", "no").close());
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals("*4\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n$-1\r\n", c.callText("MGET", "a", "b", "c", "d"));
        }
        assertEquals(good, Files.size(incr), "truncated back to the last complete command");
        Files.write(incr, "GARBAGE\r\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start().close());
        assertTrue(e.getMessage().contains("Bad file format reading the append only file"), e.getMessage());
    }

    @Test
    void singleFileAofOfOlderRedisLoadsAndIsConverted() throws IOException {
        Files.writeString(dir.resolve("appendonly.aof"), "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"
                + "*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$5\r\nstyle\r\n", StandardCharsets.US_ASCII);
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals("$5\r\nstyle\r\n", c.callText("GET", "old"));
        }
        assertTrue(Files.exists(aofDir().resolve("appendonly.aof.1.base.rdb")));
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals("$5\r\nstyle\r\n", c.callText("GET", "old"));
        }
    }

    @Test
    void timestampAnnotations() throws Exception {
        try (EmbeddedServer kv = start("--aof-timestamp-enabled", "yes"); RespClient c = new RespClient(kv.port())) {
            c.callText("SET", "a", "1");
            c.callText("SET", "b", "2");
        }
        String incr = Files.readString(aofDir().resolve("appendonly.aof.1.incr.aof"), StandardCharsets.ISO_8859_1);
        assertTrue(incr.matches("(?s)#TS:\\d{10}\r\n\\*2\r\n\\$6\r\nSELECT.*"), incr);
        Process p = new ProcessBuilder("/usr/bin/redis-check-aof", aofDir().resolve("appendonly.aof.manifest").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", c.callText("MGET", "a", "b"));
        }
    }

    @Test
    void appendfsyncAlwaysWritesBeforeTheReply() throws IOException {
        try (EmbeddedServer kv = start("--appendfsync", "always"); RespClient c = new RespClient(kv.port())) {
            Path incr = aofDir().resolve("appendonly.aof.1.incr.aof");
            for (int i = 0; i < 50; i++) {
                c.callText("SET", "key" + i, "value" + i);
                String onDisk = Files.readString(incr, StandardCharsets.ISO_8859_1);
                assertTrue(onDisk.endsWith("$" + ("key" + i).length() + "\r\nkey" + i + "\r\n$"
                        + ("value" + i).length() + "\r\nvalue" + i + "\r\n"), onDisk);
            }
        }
    }

    @Test
    void redisServerAndRedisCheckAofReadOurFilesAndWeReadTheirs() throws Exception {
        String ours;
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            fill(c);
            c.callText("BGREWRITEAOF");
            awaitRewrite(c);
            c.callText("SET", "s", "after-rewrite");
            ours = dump(c);
        }
        String check = "/usr/bin/redis-check-aof";
        if (Files.isExecutable(Path.of(check))) {
            Process p = new ProcessBuilder(check, aofDir().resolve("appendonly.aof.manifest").toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("is valid"), out);
        }
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--appendonly", "yes");
             RespClient c = new RespClient(redis.port())) {
            assertEquals(ours, dump(c));
            c.callText("SET", "from", "redis");
            c.callText("BGREWRITEAOF");
            Thread.sleep(500);
            c.callText("SET", "later", "x");
            ours = dump(c) + c.callText("MGET", "from", "later");
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(ours, dump(c) + c.callText("MGET", "from", "later"));
        }
    }
}
