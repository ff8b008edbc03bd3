package io.sockudo.kv.it.persistence;

import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KeyspaceListener;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.testkit.EmbeddedServer;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys a file load adds reach the indexes the families keep from keyspace events (the
 * {@code KeyspaceListener.onLoaded} hook): hash field TTLs still expire, TimeSeries label filters
 * and FT.SEARCH find the loaded keys, after a restart and after DEBUG RELOAD; DEBUG RELOAD's flush
 * reaches the listeners as FLUSHALL's does; a file holding a key twice is refused as redis-server
 * refuses it.
 */
class LoadedKeysTest {
    @TempDir
    Path dir;

    private EmbeddedServer start(String... more) {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--enable-debug-command", "yes"));
        args.addAll(List.of(more));
        return EmbeddedServer.start(args.toArray(new String[0]));
    }

    private static void awaitReply(RespClient c, String expected, String... command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last;
        while (!(last = c.callText(command)).equals(expected)) {
            assertTrue(System.nanoTime() < deadline, String.join(" ", command) + " still answers " + last);
            Thread.sleep(20);
        }
    }

    /** A hash whose only field has a TTL: once loaded, the active cycle must delete the key. */
    private static void volatileHash(RespClient c) throws IOException {
        assertEquals(":1\r\n", c.callText("HSET", "h", "f", "v"));
        assertEquals("*1\r\n:1\r\n", c.callText("HPEXPIRE", "h", "6000", "FIELDS", "1", "f"));
        c.callText("HSET", "keep", "f", "v");
    }

    @Test
    void hashFieldTtlsStillExpireAfterARestart() throws Exception {
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            volatileHash(c);
            assertEquals("+OK\r\n", c.callText("SAVE"));
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            String ttl = c.callText("HPTTL", "h", "FIELDS", "1", "f");
            assertTrue(ttl.startsWith("*1\r\n:") && !ttl.startsWith("*1\r\n:-"), "the field loaded with its TTL: " + ttl);
            // DBSIZE counts keys without looking at fields: only the active cycle can bring it to 1
            awaitReply(c, ":1\r\n", "DBSIZE");
            assertEquals(":0\r\n", c.callText("EXISTS", "h"));
        }
    }

    @Test
    void hashFieldTtlsStillExpireAfterDebugReload() throws Exception {
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            volatileHash(c);
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD"));
            String ttl = c.callText("HPTTL", "h", "FIELDS", "1", "f");
            assertTrue(ttl.startsWith("*1\r\n:") && !ttl.startsWith("*1\r\n:-"), ttl);
            awaitReply(c, ":1\r\n", "DBSIZE");
        }
    }

    private static void series(RespClient c) throws IOException {
        assertEquals("+OK\r\n", c.callText("TS.CREATE", "ts:1", "LABELS", "sensor", "a", "room", "x"));
        assertEquals("+OK\r\n", c.callText("TS.CREATE", "ts:2", "LABELS", "sensor", "b", "room", "x"));
        c.callText("TS.ADD", "ts:1", "1000", "1.5");
        c.callText("TS.ADD", "ts:2", "1000", "2.5");
    }

    @Test
    void timeSeriesFiltersFindLoadedSeries() throws Exception {
        String mrange;
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            series(c);
            mrange = c.callText("TS.MRANGE", "-", "+", "FILTER", "room=x");
            assertTrue(mrange.startsWith("*2\r\n"), mrange);
            assertEquals("+OK\r\n", c.callText("SAVE"));
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(mrange, c.callText("TS.MRANGE", "-", "+", "FILTER", "room=x"));
            assertEquals("*1\r\n$4\r\nts:1\r\n", c.callText("TS.QUERYINDEX", "sensor=a"));
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD"));
            assertEquals(mrange, c.callText("TS.MRANGE", "-", "+", "FILTER", "room=x"));
        }
    }

    @Test
    void debugReloadLeavesNoDroppedSeriesInTheLabelIndex() throws Exception {
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            series(c);
            assertEquals("+OK\r\n", c.callText("SAVE"));
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "ts:3", "LABELS", "room", "x"));
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD", "NOSAVE"));
            assertEquals(":0\r\n", c.callText("EXISTS", "ts:3"));
            assertEquals("*2\r\n$4\r\nts:1\r\n$4\r\nts:2\r\n", sorted(c.callText("TS.QUERYINDEX", "room=x")),
                    "the series the reload dropped left the label index");
        }
    }

    /** QUERYINDEX's order is not specified: sort a flat array of bulk strings. */
    private static String sorted(String reply) {
        String[] lines = reply.split("\r\n");
        List<String> items = new ArrayList<>();
        for (int i = 2; i < lines.length; i += 2) {
            items.add(lines[i]);
        }
        items.sort(null);
        StringBuilder sb = new StringBuilder("*" + items.size() + "\r\n");
        for (String s : items) {
            sb.append('$').append(s.length()).append("\r\n").append(s).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void searchFindsLoadedDocuments() throws Exception {
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals("+OK\r\n", c.callText("FT.CREATE", "idx", "ON", "HASH", "PREFIX", "1", "doc:", "SCHEMA",
                    "title", "TEXT"));
            for (int i = 0; i < 50; i++) {
                c.callText("HSET", "doc:" + i, "title", i % 2 == 0 ? "hello world" : "goodbye");
            }
            assertEquals("+OK\r\n", c.callText("SAVE"));
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertTrue(c.callText("FT.SEARCH", "idx", "hello", "NOCONTENT", "LIMIT", "0", "0").startsWith("*1\r\n:25\r\n"));
            // keys present before a NOFLUSH reload, and not in the file, are indexed too
            c.callText("HSET", "doc:extra", "title", "hello there");
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"));
            awaitReply(c, "*1\r\n:26\r\n", "FT.SEARCH", "idx", "hello", "NOCONTENT", "LIMIT", "0", "0");
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD"));
            assertTrue(c.callText("FT.SEARCH", "idx", "hello", "NOCONTENT", "LIMIT", "0", "0").startsWith("*1\r\n:26\r\n"));
        }
    }

    /** What a module's listener hears of a DEBUG RELOAD. */
    private static final class Recorder implements KeyspaceListener {
        final List<Integer> flushes = new CopyOnWriteArrayList<>();
        final List<String> loaded = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(Keyspace db, EventClass eventClass, String event, byte[] key) {
            events.add(event);
        }

        @Override
        public void onFlush(int db) {
            flushes.add(db);
        }

        @Override
        public void onLoaded(Keyspace db, byte[] key, KvValue value) {
            // the key is in place, holding value, when the listener hears of it (a small string is
            // stored packed, so peek gives an equal read-only copy rather than the same object)
            KvValue now = db.peek(key);
            boolean holds = now == value || now != null && now.type() == value.type()
                    && now.encoding().equals(value.encoding()) && now.memoryUsage() == value.memoryUsage();
            loaded.add(db.index() + ":" + new String(key, StandardCharsets.UTF_8) + (holds ? "" : "!"));
        }
    }

    @Test
    void listenersHearTheReloadFlushAndEveryLoadedKey() throws Exception {
        Recorder rec = new Recorder();
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            kv.server().registerModule(new KvModule() {
                @Override
                public String name() {
                    return "loadrec";
                }

                @Override
                public int version() {
                    return 1;
                }

                @Override
                public void register(ModuleRegistry registry, List<String> args) {
                    registry.keyspaceListener(rec);
                }
            });
            c.callText("SET", "a", "1");
            c.callText("SELECT", "2");
            c.callText("SADD", "b", "x");
            rec.events.clear();
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD"));
            assertEquals(List.of(-1), rec.flushes, "DEBUG RELOAD empties the databases as FLUSHALL does");
            List<String> loaded = new ArrayList<>(rec.loaded);
            loaded.sort(null);
            assertEquals(List.of("0:a", "2:b"), loaded);
            assertEquals(List.of(), rec.events, "a load raises no other event");
        }
    }

    /** An RDB 10 file with string keys, checksum disabled (0), written by hand. */
    private static byte[] rdb(String... keyValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("REDIS0010".getBytes(StandardCharsets.US_ASCII));
        out.write(0xFE); // SELECTDB 0
        out.write(0);
        for (int i = 0; i < keyValues.length; i += 2) {
            out.write(0); // RDB_TYPE_STRING
            for (String s : new String[] {keyValues[i], keyValues[i + 1]}) {
                out.write(s.length());
                out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.write(0xFF);
        out.writeBytes(new byte[8]);
        return out.toByteArray();
    }

    @Test
    void aFileWithADuplicateKeyIsRefused() throws Exception {
        // redis-server 7.0 logs "RDB has duplicated key 'dup' in DB 0" and stops ("Duplicated key
        // found in RDB file"); a silent replacement would hide a damaged or hand-made file
        Files.write(dir.resolve("dump.rdb"), rdb("a", "1", "dup", "first", "b", "2", "dup", "second"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start().close());
        assertTrue(e.getMessage().contains("Duplicated key found in RDB file"), e.getMessage());

        Files.write(dir.resolve("dump.rdb"), rdb("a", "1", "dup", "first"));
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals("$5\r\nfirst\r\n", c.callText("GET", "dup"));
            c.callText("SET", "dup", "changed");
            c.callText("SET", "mine", "x");
            // NOFLUSH without MERGE: the file's keys clash with the ones present (Redis panics)
            assertTrue(c.callText("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH").startsWith("-ERR Error trying to load"));
            // MERGE: the file's keys replace the ones present, the others stay
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"));
            assertEquals("$5\r\nfirst\r\n", c.callText("GET", "dup"));
            assertEquals("$1\r\nx\r\n", c.callText("GET", "mine"));
        }
    }
}
