package io.sockudo.kv.it.persistence;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The families' types outside Redis core persist as Redis module-type records
 * ({@code RDB_TYPE_MODULE_2} with the module's 9-character type name and encoding version): per
 * type, DUMP gives such a record, RESTORE (and an RDB file written and read back) gives a value
 * that answers the type's read commands exactly as the original, and redis-check-rdb, which knows
 * no module, reads the type id of the record as the real module's name ("no matching module type
 * 'ReJSON-RL'"), so a redis-server with that module would recognise it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ModuleTypesPersistenceTest {
    private static EmbeddedServer kv;
    private static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        kv = EmbeddedServer.start("--enable-debug-command", "yes");
        kv.server().registerModule(new RdbTestModule(kv.server().kernel().codecs()));
        tmp = Files.createTempDirectory("module-types");
    }

    @AfterAll
    static void stop() throws IOException {
        if (kv != null) {
            kv.close();
        }
        try (var files = Files.list(tmp)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(tmp);
    }

    /** A module type: the commands that build key {@code K}, the read commands compared, the type name. */
    record Case(String typeName, String[][] build, String[][] reads) {
    }

    private static String[] c(String... words) {
        return words;
    }

    static List<Case> cases() {
        return List.of(
                new Case("ReJSON-RL",
                        new String[][] {c("JSON.SET", "K", "$", "{\"a\":[1,2.5,{\"b\":null}],\"s\":\"x\",\"t\":true}")},
                        new String[][] {c("JSON.GET", "K"), c("JSON.TYPE", "K", "$.a")}),
                new Case("TSDB-TYPE",
                        new String[][] {c("TS.CREATE", "K", "RETENTION", "0", "LABELS", "area", "north"),
                            c("TS.ADD", "K", "1000", "1.5"), c("TS.ADD", "K", "2000", "2.5"),
                            c("TS.ADD", "K", "3000", "-7")},
                        new String[][] {c("TS.RANGE", "K", "-", "+"), c("TS.GET", "K"),
                            c("TS.QUERYINDEX", "area=north")}),
                new Case("MBbloom--",
                        new String[][] {c("BF.RESERVE", "K", "0.01", "100"), c("BF.MADD", "K", "a", "b", "c")},
                        new String[][] {c("BF.MEXISTS", "K", "a", "b", "c", "d", "e"), c("BF.INFO", "K")}),
                new Case("MBbloomCF",
                        new String[][] {c("CF.RESERVE", "K", "100"), c("CF.ADD", "K", "a"), c("CF.ADD", "K", "b"),
                            c("CF.ADD", "K", "a")},
                        new String[][] {c("CF.EXISTS", "K", "a"), c("CF.COUNT", "K", "a"), c("CF.INFO", "K")}),
                new Case("CMSk-TYPE",
                        new String[][] {c("CMS.INITBYDIM", "K", "100", "5"), c("CMS.INCRBY", "K", "a", "3", "b", "4")},
                        new String[][] {c("CMS.QUERY", "K", "a", "b", "z"), c("CMS.INFO", "K")}),
                new Case("TopK-TYPE",
                        new String[][] {c("TOPK.RESERVE", "K", "3"), c("TOPK.ADD", "K", "a", "b", "a", "c", "a", "d")},
                        new String[][] {c("TOPK.LIST", "K", "WITHCOUNT"), c("TOPK.INFO", "K")}),
                new Case("TDIS-TYPE",
                        new String[][] {c("TDIGEST.CREATE", "K"), c("TDIGEST.ADD", "K", "1", "2", "3", "4", "5", "10")},
                        new String[][] {c("TDIGEST.QUANTILE", "K", "0.5", "0.9"), c("TDIGEST.MIN", "K"),
                            c("TDIGEST.MAX", "K")}));
    }

    private static byte[] call(RespClient c, String key, String... args) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (String s : args) {
            a.add((s.equals("K") ? key : s).getBytes(StandardCharsets.UTF_8));
        }
        return c.call(a);
    }

    /** What redis-server (no modules) logs while trying to load {@code file} at start-up; it exits on failure. */
    private static String redisLoadLog(Path file) throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(
                io.sockudo.kv.testkit.RedisServerProcess.freePort()), "--bind", "127.0.0.1", "--save", "",
                "--daemonize", "no",
                "--dir", file.getParent().toString(), "--dbfilename", file.getFileName().toString())
                .redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("redis-server loaded a file with a module type it does not know");
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> reads(RespClient c, Case t, String key) throws IOException {
        List<String> out = new ArrayList<>();
        for (String[] r : t.reads()) {
            out.add(text(call(c, key, r)));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> moduleTypes() {
        return cases().stream().map(t -> DynamicTest.dynamicTest(t.typeName(), () -> check(t)));
    }

    private static void check(Case t) throws Exception {
        try (RespClient c = new RespClient(kv.port())) {
            call(c, "", "FLUSHALL");
            for (String[] b : t.build()) {
                String r = text(call(c, "k", b));
                assertTrue(!r.startsWith("-"), String.join(" ", b) + " -> " + r);
            }
            List<String> expected = reads(c, t, "k");
            assertEquals("+" + t.typeName() + "\r\n", text(call(c, "k", "TYPE", "K")));
            // DUMP / RESTORE
            byte[] payload = (byte[]) RespValue.parse(call(c, "k", "DUMP", "K")).get(0);
            assertEquals(7, payload[0], "RDB_TYPE_MODULE_2");
            assertEquals("+OK\r\n", text(c.call(List.of("RESTORE".getBytes(), "k2".getBytes(), "0".getBytes(), payload))));
            if (!t.typeName().equals("TSDB-TYPE")) { // a restored series joins the index: QUERYINDEX lists both
                assertEquals(expected, reads(c, t, "k2"), "restored value");
            } else {
                assertEquals(expected.subList(0, 2), reads(c, t, "k2").subList(0, 2), "restored series");
            }
            List<Object> d = RespValue.parse(call(c, "", "DEBUG", "DIGEST-VALUE", "k", "k2"));
            String digest = text((byte[]) d.get(0));
            if (!t.typeName().equals("TSDB-TYPE")) { // a series' record carries its key name, as RedisTimeSeries's
                assertEquals(digest, text((byte[]) d.get(1)), "digests");
            }
            assertTrue(!digest.equals("0".repeat(40)), "a module value has a digest");
            call(c, "", "DEL", "k2");
            // an RDB file, written and read back
            Path file = tmp.resolve(t.typeName() + ".rdb");
            assertEquals("+OK\r\n", text(call(c, "", "RDBTEST.SAVE", file.toString())));
            call(c, "", "FLUSHALL");
            assertEquals(":1\r\n", text(call(c, "", "RDBTEST.LOAD", file.toString())));
            assertEquals(expected, reads(c, t, "k"), "value loaded from the file");
            assertEquals(digest, text((byte[]) RespValue.parse(call(c, "", "DEBUG", "DIGEST-VALUE", "k")).get(0)));
            // redis-check-rdb walks module records item by item without the module: the items are well formed
            Process p = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("RDB looks OK!"), out);
            // redis-server without the module reads the type id as the module's name and refuses the file
            String log = redisLoadLog(file);
            assertTrue(log.contains("no matching module type '" + t.typeName() + "'"), log);
            call(c, "", "FLUSHALL");
        }
    }
}
