package io.sockudo.kv.it.persistence;

import io.sockudo.kv.kernel.persistence.rdb.RdbWriter;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole RDB files exchanged with redis-server 7.0.15 and checked by redis-check-rdb: a file
 * redis-server SAVEs (every scenario of {@link DumpRestoreInteropTest} as its own key, over three
 * databases, some keys with expiries, with and without LZF) loads here through {@code RdbReader}
 * with the same contents; a file {@code RdbWriter} writes from the same dataset built here passes
 * redis-check-rdb and loads in redis-server with the same contents; and hand-made files in the
 * older versions and encodings (zipmap, ziplists, plain lists/sets/hashes, text scores, quicklist
 * v1, stream v1, second-resolution expiries) load here as redis-server loads them. "The same
 * contents": DEBUG DIGEST, every key's OBJECT ENCODING and PEXPIRETIME, the DUMP payload of every
 * value whose layout is determined by its contents, and XINFO STREAM FULL.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RdbFileInteropTest {
    private static final HexFormat HEX = HexFormat.of();
    private static RedisServerProcess redis;
    private static EmbeddedServer kv;
    private static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        kv = EmbeddedServer.start("--enable-debug-command", "yes");
        kv.server().registerModule(new RdbTestModule(kv.server().kernel().codecs()));
        tmp = Files.createTempDirectory("rdb-interop");
    }

    @AfterAll
    static void stop() throws IOException {
        if (kv != null) {
            kv.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (tmp != null) {
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] call(RespClient c, String... args) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return c.call(a);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void resetConfig(RespClient c) throws IOException {
        call(c, "CONFIG", "SET", "list-compress-depth", "0");
        call(c, "CONFIG", "SET", "list-max-listpack-size", "-2");
        call(c, "SELECT", "0");
    }

    /** Every scenario of DumpRestoreInteropTest as its own key, spread over databases 0-2, every fourth with an expiry. */
    private static void build(RespClient c) throws IOException {
        call(c, "FLUSHALL");
        resetConfig(c);
        int i = 0;
        for (DumpRestoreInteropTest.Scenario s : DumpRestoreInteropTest.scenarios()) {
            call(c, "SELECT", Integer.toString(i % 3));
            for (String[] cmd : s.commands()) {
                call(c, cmd);
            }
            String key = "key:" + i + ":" + s.name().replace(' ', '-');
            assertEquals("+OK\r\n", text(call(c, "RENAME", "k", key)), s.name());
            if (i % 4 == 1) {
                call(c, "PEXPIREAT", key, Long.toString(4102444800000L + i));
            }
            i++;
        }
        resetConfig(c);
    }

    /** Asserts that two servers hold the same dataset in the same encodings. */
    private static void assertSameDataset(RespClient expected, RespClient actual) throws IOException {
        assertEquals(text(call(expected, "DEBUG", "DIGEST")), text(call(actual, "DEBUG", "DIGEST")), "DEBUG DIGEST");
        for (int db = 0; db < 16; db++) {
            call(expected, "SELECT", Integer.toString(db));
            call(actual, "SELECT", Integer.toString(db));
            List<String> keys = new ArrayList<>();
            for (Object k : RespValue.parse(call(expected, "KEYS", "*"))) {
                keys.add(new String((byte[]) k, StandardCharsets.UTF_8));
            }
            List<String> actualKeys = new ArrayList<>();
            for (Object k : RespValue.parse(call(actual, "KEYS", "*"))) {
                actualKeys.add(new String((byte[]) k, StandardCharsets.UTF_8));
            }
            Collections.sort(keys);
            Collections.sort(actualKeys);
            assertEquals(keys, actualKeys, "keys of db " + db);
            for (String key : keys) {
                String enc = text(call(expected, "OBJECT", "ENCODING", key));
                assertEquals(enc, text(call(actual, "OBJECT", "ENCODING", key)), "encoding of " + key);
                assertEquals(text(call(expected, "PEXPIRETIME", key)), text(call(actual, "PEXPIRETIME", key)),
                        "expiry of " + key);
                if (!enc.contains("hashtable")) {
                    assertEquals(HEX.formatHex(dump(expected, key)), HEX.formatHex(dump(actual, key)), "DUMP of " + key);
                }
                if (text(call(expected, "TYPE", key)).equals("+stream\r\n")) {
                    assertEquals(DumpRestoreInteropTest.without72Fields(text(call(expected, "XINFO", "STREAM", key, "FULL"))),
                            DumpRestoreInteropTest.without72Fields(text(call(actual, "XINFO", "STREAM", key, "FULL"))),
                            "XINFO STREAM FULL of " + key);
                }
            }
        }
        call(expected, "SELECT", "0");
        call(actual, "SELECT", "0");
    }

    private static byte[] dump(RespClient c, String key) throws IOException {
        return (byte[]) RespValue.parse(call(c, "DUMP", key)).get(0);
    }

    private static Path redisDumpFile(RespClient r) throws IOException {
        List<Object> dir = RespValue.parse(call(r, "CONFIG", "GET", "dir"));
        return Path.of(new String((byte[]) dir.get(1), StandardCharsets.UTF_8), "dump.rdb");
    }

    @Test
    void redisFileLoadsHere() throws IOException {
        try (RespClient r = new RespClient(redis.port()); RespClient k = new RespClient(kv.port())) {
            build(r);
            String digest = text(call(r, "DEBUG", "DIGEST"));
            for (String compression : new String[] {"yes", "no"}) {
                call(r, "CONFIG", "SET", "rdbcompression", compression);
                call(k, "CONFIG", "SET", "rdbcompression", compression); // DUMPs compared below
                assertEquals("+OK\r\n", text(call(r, "SAVE")));
                call(k, "FLUSHALL");
                String loaded = text(call(k, "RDBTEST.LOAD", redisDumpFile(r).toString()));
                assertEquals(":" + DumpRestoreInteropTest.scenarios().size() + "\r\n", loaded, "keys loaded");
                assertEquals(digest, text(call(k, "DEBUG", "DIGEST")), "digest of the loaded dataset");
                // encodings of loaded values are the loader's choice: compare with redis-server's own load
                assertEquals("+OK\r\n", text(call(r, "DEBUG", "RELOAD")));
                assertSameDataset(r, k);
            }
            call(r, "CONFIG", "SET", "rdbcompression", "yes");
            call(k, "CONFIG", "SET", "rdbcompression", "yes");
            call(r, "FLUSHALL");
            call(k, "FLUSHALL");
        }
    }

    @Test
    void ourFilePassesRedisCheckRdbAndLoadsInRedis() throws Exception {
        Path file = tmp.resolve("ours.rdb");
        try (RespClient k = new RespClient(kv.port())) {
            build(k);
            String digest = text(call(k, "DEBUG", "DIGEST"));
            assertEquals("+OK\r\n", text(call(k, "RDBTEST.SAVE", file.toString())));
            checkRdb(file);
            // both servers load the same file: the same dataset, encodings chosen alike
            call(k, "FLUSHALL");
            assertEquals(":" + DumpRestoreInteropTest.scenarios().size() + "\r\n",
                    text(call(k, "RDBTEST.LOAD", file.toString())));
            assertEquals(digest, text(call(k, "DEBUG", "DIGEST")), "our own file reloads as it was");
            try (RedisServerProcess loaded = RedisServerProcess.start("--dir", tmp.toString(), "--dbfilename",
                    "ours.rdb"); RespClient r = new RespClient(loaded.port())) {
                assertSameDataset(r, k);
            }
            call(k, "FLUSHALL");
        }
    }

    /** redis-check-rdb (redis-tools 7.0.15) accepts the file. */
    private static void checkRdb(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("RDB looks OK!"), out);
    }

    // ---- files in older versions and encodings ---------------------------------------------

    @Test
    void olderVersionsAndEncodingsLoadAsInRedis() throws Exception {
        writeOldFile(tmp.resolve("v6.rdb"), 6);
        writeOldFile(tmp.resolve("v9.rdb"), 9);
        for (String name : new String[] {"v6.rdb", "v9.rdb"}) {
            checkRdb(tmp.resolve(name));
            try (RedisServerProcess loaded = RedisServerProcess.start("--dir", tmp.toString(), "--dbfilename", name);
                 RespClient r = new RespClient(loaded.port()); RespClient k = new RespClient(kv.port())) {
                call(k, "FLUSHALL");
                String n = text(call(k, "RDBTEST.LOAD", tmp.resolve(name).toString()));
                assertTrue(n.startsWith(":"), n);
                assertEquals(text(call(r, "DBSIZE")), text(call(k, "DBSIZE")), name);
                assertSameDataset(r, k);
                call(k, "FLUSHALL");
            }
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * An RDB file of {@code version} with a key of every record type that version could hold
     * (version 6: Redis 2.8's types 0-4 and 9-13; version 9 adds ZSET_2, quicklist v1 and stream v1).
     */
    private static void writeOldFile(Path file, int version) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            RdbWriter w = new RdbWriter(out, kv.server().kernel().codecs(), true, true);
            w.writeRaw(b(String.format("REDIS%04d", version)), 0, 9);
            w.selectDb(0);
            // strings: integer encodings, LZF, second-resolution expiry
            key(w, 0, "s:int");
            w.writeString(b("-1234"));
            key(w, 0, "s:text");
            w.writeString(b("hello world"));
            key(w, 0, "s:long");
            w.writeString(b("abc".repeat(100)));
            w.writeByte(253); // RDB_OPCODE_EXPIRETIME: seconds, 32 bits little-endian
            le(w, 2000000000L, 4);
            key(w, 0, "s:expiring");
            w.writeString(b("v"));
            // plain list, set, sorted set (text scores), hash
            key(w, 1, "l:plain");
            w.writeLength(4);
            for (String e : new String[] {"a", "1", "x".repeat(100), "-70000"}) {
                w.writeString(b(e));
            }
            key(w, 2, "set:plain");
            w.writeLength(3);
            for (String e : new String[] {"x", "y", "3"}) {
                w.writeString(b(e));
            }
            key(w, 2, "set:plain-ints");
            w.writeLength(4);
            for (String e : new String[] {"5", "1", "-3", "100000"}) {
                w.writeString(b(e));
            }
            key(w, 3, "z:text");
            w.writeLength(4);
            textScore(w, "a", "1.5");
            textScore(w, "b", null);
            textScore(w, "c", "-2");
            textScore(w, "d", "3e10");
            key(w, 4, "h:plain");
            w.writeLength(2);
            for (String e : new String[] {"f1", "v1", "f2", "2"}) {
                w.writeString(b(e));
            }
            key(w, 4, "h:plain-big");
            w.writeLength(600);
            for (int i = 0; i < 600; i++) {
                w.writeString(b("field" + i));
                w.writeString(b("value" + i));
            }
            // packed encodings of Redis 2.x-6.x
            blob(w, 9, "h:zipmap", OldBlobs.zipmap("f", "v", "n", "12", "long", "y".repeat(300)));
            blob(w, 9, "h:zipmap-small", OldBlobs.zipmap("a", "1", "b", "2"));
            blob(w, 10, "l:ziplist", OldBlobs.ziplist("a", "0", "12", "13", "-1", "127", "-128", "300", "-32768",
                    "70000", "-8388608", "2147483647", "9223372036854775807", "x".repeat(70), "y".repeat(20000)));
            blob(w, 11, "set:intset", new byte[] {2, 0, 0, 0, 3, 0, 0, 0, (byte) 0xfd, (byte) 0xff, 1, 0, 7, 0});
            // as Redis kept it: ordered by score, scores in d2string form
            blob(w, 12, "z:ziplist", OldBlobs.ziplist("c", "-3", "e", "0.10000000000000001", "a", "1", "b", "2.5",
                    "d", "1000"));
            blob(w, 13, "h:ziplist", OldBlobs.ziplist("f", "v", "f2", "100000", "f3", "z".repeat(80)));
            if (version >= 9) {
                key(w, 5, "z:zset2");
                w.writeLength(3);
                w.writeString(b("m1"));
                w.writeBinaryDouble(1.25);
                w.writeString(b("m2"));
                w.writeBinaryDouble(Double.NEGATIVE_INFINITY);
                w.writeString(b("m3"));
                w.writeBinaryDouble(-0.5);
                key(w, 14, "l:quicklist");
                w.writeLength(2);
                byte[] n1 = OldBlobs.ziplist("n1a", "1", "n1c");
                byte[] n2 = OldBlobs.ziplist("x".repeat(50), "2", "-3");
                w.writeString(n1, 0, n1.length);
                w.writeString(n2, 0, n2.length);
                key(w, 15, "x:stream-v1");
                streamV1(w);
            }
            w.finish();
        }
    }

    private static void key(RdbWriter w, int type, String key) throws IOException {
        w.writeByte(type);
        w.writeString(b(key));
    }

    private static void blob(RdbWriter w, int type, String key, byte[] blob) throws IOException {
        key(w, type, key);
        w.writeString(blob, 0, blob.length);
    }

    private static void le(RdbWriter w, long v, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            w.writeByte((int) (v >>> (8 * i)) & 0xff);
        }
    }

    /** RDB_TYPE_ZSET's member and score: the score as a length byte and ASCII (null: 254, +inf). */
    private static void textScore(RdbWriter w, String member, String score) throws IOException {
        w.writeString(b(member));
        if (score == null) {
            w.writeByte(254);
            return;
        }
        w.writeByte(score.length());
        w.writeRaw(b(score), 0, score.length());
    }

    private static void id(RdbWriter w, long ms, long seq) throws IOException {
        for (int i = 7; i >= 0; i--) {
            w.writeByte((int) (ms >>> (8 * i)) & 0xff);
        }
        for (int i = 7; i >= 0; i--) {
            w.writeByte((int) (seq >>> (8 * i)) & 0xff);
        }
    }

    /**
     * A Redis 5 stream (RDB_TYPE_STREAM_LISTPACKS): one node with master ID 1-1 holding 1-1 {f v},
     * 1-2 {f w} (same fields as the master entry) and 2-0 {a 1, b 2}; length 3, last ID 2-0; a
     * group "g" delivered up to 1-2 with 1-2 pending for consumer "alice".
     */
    private static void streamV1(RdbWriter w) throws IOException {
        w.writeLength(1);
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        for (long v : new long[] {1, 1}) {
            for (int i = 7; i >= 0; i--) {
                key.write((int) (v >>> (8 * i)) & 0xff);
            }
        }
        w.writeString(key.toByteArray(), 0, 16);
        byte[] lp = OldBlobs.listpack(3, 0, 1, "f", 0,
                2, 0, 0, "v", 4,
                2, 0, 1, "w", 4,
                0, 1, -1, 2, "a", "1", "b", "2", 8);
        w.writeString(lp, 0, lp.length);
        w.writeLength(3); // length
        w.writeLength(2); // last ID
        w.writeLength(0);
        w.writeLength(1); // groups
        w.writeString(b("g"));
        w.writeLength(1);
        w.writeLength(2);
        w.writeLength(1); // PEL
        id(w, 1, 2);
        w.writeMillis(1700000000123L);
        w.writeLength(3);
        w.writeLength(1); // consumers
        w.writeString(b("alice"));
        w.writeMillis(1700000000456L);
        w.writeLength(1);
        id(w, 1, 2);
    }
}
