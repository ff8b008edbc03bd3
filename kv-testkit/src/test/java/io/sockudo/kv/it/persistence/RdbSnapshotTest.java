package io.sockudo.kv.it.persistence;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SAVE, BGSAVE, LASTSAVE, save points, SHUTDOWN SAVE, FLUSHALL and start-up loading, and RDB files
 * exchanged with Debian's redis-server both ways. Uses the types whose codecs every build has
 * (sets and sorted sets, in their small and large encodings).
 */
class RdbSnapshotTest {
    @TempDir
    Path dir;

    private EmbeddedServer start(String... more) {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString()));
        args.addAll(List.of(more));
        return EmbeddedServer.start(args.toArray(new String[0]));
    }

    /** A dataset in several databases, encodings and with expiries. */
    private static void fill(RespClient c) throws IOException {
        c.callText("SADD", "small", "a", "b", "c");
        c.callText("SADD", "ints", "1", "2", "3", "-7");
        List<String> big = new ArrayList<>(List.of("SADD", "big"));
        for (int i = 0; i < 300; i++) {
            big.add("member:" + i);
        }
        c.callText(big.toArray(new String[0]));
        c.callText("ZADD", "z", "1.5", "x", "-2", "y", "inf", "top");
        List<String> bigz = new ArrayList<>(List.of("ZADD", "bigz"));
        for (int i = 0; i < 200; i++) {
            bigz.add(Integer.toString(i));
            bigz.add("m" + i);
        }
        c.callText(bigz.toArray(new String[0]));
        c.callText("SADD", "ttl", "v");
        c.callText("PEXPIREAT", "ttl", "4102444800000");
        c.callText("SELECT", "3");
        c.callText("SADD", "other", "db3");
        c.callText("SELECT", "0");
    }

    /** What the dataset looks like through commands (both servers answer these the same way). */
    private static String dump(RespClient c) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String k : List.of("small", "ints", "big", "ttl")) {
            sb.append(k).append(' ').append(c.callText("SORT", k, "ALPHA")).append('\n');
        }
        sb.append(c.callText("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        sb.append(c.callText("ZRANGE", "bigz", "0", "-1", "WITHSCORES"));
        sb.append(c.callText("PEXPIRETIME", "ttl"));
        sb.append(c.callText("OBJECT", "ENCODING", "ints"));
        sb.append(c.callText("OBJECT", "ENCODING", "big"));
        sb.append(c.callText("DBSIZE"));
        c.callText("SELECT", "3");
        sb.append(c.callText("SMEMBERS", "other"));
        c.callText("SELECT", "0");
        return sb.toString();
    }

    private static long infoField(RespClient c, String field) throws IOException {
        for (String line : c.callText("INFO", "persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + field);
    }

    @Test
    void saveThenRestartLoadsEverything() throws IOException {
        String before;
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            fill(c);
            before = dump(c);
            assertTrue(infoField(c, "rdb_changes_since_last_save") > 0);
            assertEquals("+OK\r\n", c.callText("SAVE"));
            assertEquals(0, infoField(c, "rdb_changes_since_last_save"));
            assertEquals(1, infoField(c, "rdb_saves"));
            long lastsave = Long.parseLong(c.callText("LASTSAVE").substring(1).trim());
            assertTrue(Math.abs(lastsave - System.currentTimeMillis() / 1000) < 60);
        }
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(before, dump(c));
            assertEquals(7, infoField(c, "rdb_last_load_keys_loaded"));
        }
    }

    @Test
    void bgsaveIsThePointInTimeOfItsStartWhileClientsWrite() throws Exception {
        int n = 40_000;
        String expectedCard;
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port());
             RespClient writer = new RespClient(kv.port())) {
            ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                pipeline.write(RespClient.encode(List.of("SADD".getBytes(StandardCharsets.UTF_8),
                        ("k" + i).getBytes(StandardCharsets.UTF_8), "a".getBytes(StandardCharsets.UTF_8))));
            }
            c.sendRaw(pipeline.toByteArray());
            for (int i = 0; i < n; i++) {
                c.readReply();
            }
            expectedCard = c.callText("DBSIZE");
            assertEquals("+Background saving started\r\n", c.callText("BGSAVE"));
            // Everything written after the reply is after the image's start: none of it may be in the file.
            int changed = 0;
            while (infoField(c, "rdb_bgsave_in_progress") == 1 || changed < 200) {
                writer.callText("SADD", "k" + changed, "b");
                writer.callText("DEL", "k" + (n - 1 - changed));
                writer.callText("SADD", "new" + changed, "x");
                changed++;
                if (changed > 20_000) {
                    break;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (infoField(c, "rdb_bgsave_in_progress") == 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, infoField(c, "rdb_bgsave_in_progress"));
            assertTrue(c.callText("INFO", "persistence").contains("rdb_last_bgsave_status:ok"));
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(expectedCard, c.callText("DBSIZE"));
            assertEquals("*1\r\n$1\r\na\r\n", c.callText("SMEMBERS", "k0"));
            assertEquals("*1\r\n$1\r\na\r\n", c.callText("SMEMBERS", "k" + (n - 1)));
            assertEquals(":0\r\n", c.callText("EXISTS", "new0"));
        }
    }

    @Test
    void debugReload() throws IOException {
        try (EmbeddedServer kv = start("--enable-debug-command", "yes"); RespClient c = new RespClient(kv.port())) {
            fill(c);
            String before = dump(c);
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD"));
            assertEquals(before, dump(c));
            c.callText("SADD", "small", "added-after");
            c.callText("SADD", "extra", "1");
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD", "NOSAVE"));
            assertEquals(before, dump(c), "back to the file's content");
            c.callText("SADD", "extra", "1");
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"));
            assertEquals(":1\r\n", c.callText("EXISTS", "extra"));
            assertEquals("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n",
                    c.callText("DEBUG", "RELOAD", "NOW"));
        }
    }

    @Test
    void aFailedBgsaveStopsWritesUntilASaveSucceeds() throws Exception {
        Path gone = dir.resolve("gone");
        Files.createDirectories(gone);
        try (EmbeddedServer kv = EmbeddedServer.start("--dir", gone.toString(), "--save", "3600 1");
             RespClient c = new RespClient(kv.port())) {
            c.callText("SET", "k", "v");
            Files.delete(gone);
            assertEquals("+Background saving started\r\n", c.callText("BGSAVE"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!c.callText("INFO", "persistence").contains("rdb_last_bgsave_status:err")) {
                assertTrue(System.nanoTime() < deadline, "BGSAVE never failed");
                Thread.sleep(10);
            }
            String misconf = c.callText("SET", "k", "w");
            assertTrue(misconf.startsWith("-MISCONF Redis is configured to save RDB snapshots"), misconf);
            assertTrue(c.callText("PING").startsWith("-MISCONF"));
            assertEquals("$1\r\nv\r\n", c.callText("GET", "k"), "reads go on");
            assertEquals("+OK\r\n", c.callText("CONFIG", "SET", "stop-writes-on-bgsave-error", "no"));
            assertEquals("+OK\r\n", c.callText("SET", "k", "w"));
            assertEquals("+OK\r\n", c.callText("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes"));
            assertTrue(c.callText("SET", "k", "x").startsWith("-MISCONF"));
            Files.createDirectories(gone);
            assertEquals("+OK\r\n", c.callText("SAVE"));
            assertEquals("+OK\r\n", c.callText("SET", "k", "x"));
        }
    }

    @Test
    void bgsaveErrorsAndSchedule() throws IOException {
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals("-ERR syntax error\r\n", c.callText("BGSAVE", "NOW"));
            c.callText("MULTI");
            c.callText("BGSAVE");
            assertEquals("*1\r\n+Background saving scheduled\r\n", c.callText("EXEC"));
            assertEquals("-ERR Command not allowed inside a transaction\r\n", multiSave(c));
        }
    }

    private static String multiSave(RespClient c) throws IOException {
        c.callText("MULTI");
        String r = c.callText("SAVE");
        c.callText("DISCARD");
        return r;
    }

    @Test
    void flushallWithSavePointsWritesAnEmptyFileAndShutdownSaves() throws IOException {
        try (EmbeddedServer kv = start("--save", "3600 1"); RespClient c = new RespClient(kv.port())) {
            c.callText("SADD", "s", "a");
            assertEquals("+OK\r\n", c.callText("SAVE"));
            c.callText("FLUSHALL");
        }
        try (EmbeddedServer kv = start("--save", "3600 1"); RespClient c = new RespClient(kv.port())) {
            assertEquals(":0\r\n", c.callText("DBSIZE"));
            c.callText("SADD", "kept", "by", "shutdown");
            c.sendRaw(RespClient.encode(List.of("SHUTDOWN".getBytes(StandardCharsets.UTF_8),
                    "SAVE".getBytes(StandardCharsets.UTF_8))));
            kv.server().awaitShutdown();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(":2\r\n", c.callText("SCARD", "kept"));
        }
    }

    @Test
    void redisServerLoadsOurFileAndWeLoadItsFile() throws Exception {
        String ours;
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            fill(c);
            ours = dump(c);
            assertEquals("+OK\r\n", c.callText("SAVE"));
        }
        Path file = dir.resolve("dump.rdb");
        String check = "/usr/bin/redis-check-rdb";
        if (Files.isExecutable(Path.of(check))) {
            Process p = new ProcessBuilder(check, file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("RDB looks OK"), out);
        }
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--dbfilename", "dump.rdb");
             RespClient c = new RespClient(redis.port())) {
            assertEquals(ours, dump(c));
            // and back: redis-server's own file of the same data loads here identically
            c.callText("SET", "placeholder", "x");
            c.callText("DEL", "placeholder");
            assertEquals("+OK\r\n", c.callText("SAVE"));
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(ours, dump(c));
        }
    }
}
