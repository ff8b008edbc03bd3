package io.sockudo.kv.it.vectorset;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sockudo.kv.it.vectorset.VectorSetDocsExamplesTest.bool;
import static io.sockudo.kv.it.vectorset.VectorSetDocsExamplesTest.bulk;
import static io.sockudo.kv.it.vectorset.VectorSetDocsExamplesTest.bulks;
import static io.sockudo.kv.it.vectorset.VectorSetDocsExamplesTest.dbl;
import static io.sockudo.kv.it.vectorset.VectorSetDocsExamplesTest.elements;
import static io.sockudo.kv.it.vectorset.VectorSetDocsExamplesTest.map;
import static io.sockudo.kv.it.vectorset.VectorSetDocsExamplesTest.nil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors in Redis's words and order, option semantics (EPSILON, WITHATTRIBS, TRUTH, NOTHREAD,
 * updates, SETATTR), the key-level behaviour of the type (TYPE, OBJECT ENCODING, MEMORY USAGE,
 * COPY, RENAME, expiry, WRONGTYPE), MULTI/EXEC and COMMAND INFO.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VectorSetCommandsTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RespClient connect(int protocol) throws IOException {
        RespClient c = new RespClient(server.port());
        c.callText("FLUSHALL");
        if (protocol == 3) {
            c.callText("HELLO", "3");
        }
        return c;
    }

    private static String err(String text) {
        return "-" + text + "\r\n";
    }

    private static void points(RespClient c) throws IOException {
        c.callText("VADD", "points", "VALUES", "2", "1.0", "1.0", "pt:A");
        c.callText("VADD", "points", "VALUES", "2", "-1.0", "-1.0", "pt:B");
        c.callText("VADD", "points", "VALUES", "2", "-1.0", "1.0", "pt:C");
        c.callText("VADD", "points", "VALUES", "2", "1.0", "-1.0", "pt:D");
        c.callText("VADD", "points", "VALUES", "2", "1.0", "0", "pt:E");
    }

    // ---------------------------------------------------------------------------------------
    // VADD
    // ---------------------------------------------------------------------------------------

    @Test
    void vaddErrors() throws IOException {
        try (RespClient c = connect(2)) {
            String spec = err("ERR invalid vector specification");
            assertEquals(spec, c.callText("VADD", "k", "VALUES", "2", "1", "el"));
            assertEquals(spec, c.callText("VADD", "k", "VALUES", "0", "el"));
            assertEquals(spec, c.callText("VADD", "k", "VALUES", "65537", "el"));
            assertEquals(spec, c.callText("VADD", "k", "VALUES", "1", " 1", "el"), "Redis's strict double parsing");
            assertEquals(spec, c.callText("VADD", "k", "VALUES", "1", "1e999", "el"));
            assertEquals(spec, c.callText("VADD", "k", "FP32", "abc", "el"));
            assertEquals(spec, c.callText("VADD", "k", "FLOATS", "1", "el"));
            assertEquals(spec, c.callText("VADD", "k", "REDUCE", "0", "VALUES", "1", "1", "el"));
            assertEquals(spec, c.callText("VADD", "k", "REDUCE", "x", "VALUES", "1", "1", "el"));
            assertEquals(spec, c.callText("VADD", "k", "REDUCE", "3", "VALUES", "2", "1", "1", "el"));
            assertEquals(err("ERR wrong number of arguments for 'VADD' command"),
                    c.callText("VADD", "k", "VALUES", "1", "1"));
            assertEquals(err("ERR invalid EF"), c.callText("VADD", "k", "VALUES", "1", "1", "el", "EF", "0"));
            assertEquals(err("ERR invalid EF"), c.callText("VADD", "k", "VALUES", "1", "1", "el", "EF", "1000001"));
            assertEquals(err("ERR invalid EF"), c.callText("VADD", "k", "VALUES", "1", "1", "el", "EF", "x"));
            assertEquals(err("ERR invalid M"), c.callText("VADD", "k", "VALUES", "1", "1", "el", "M", "3"));
            assertEquals(err("ERR invalid M"), c.callText("VADD", "k", "VALUES", "1", "1", "el", "M", "4097"));
            assertEquals(err("ERR invalid option after element"),
                    c.callText("VADD", "k", "VALUES", "1", "1", "el", "FOO"));
            assertEquals(err("ERR invalid option after element"),
                    c.callText("VADD", "k", "VALUES", "1", "1", "el", "EF"));
            assertEquals(":0\r\n", c.callText("EXISTS", "k"), "nothing was created");

            assertEquals(":1\r\n", c.callText("VADD", "k", "VALUES", "2", "1", "1", "a"));
            assertEquals(err("ERR asked quantization mismatch with existing vector set"),
                    c.callText("VADD", "k", "VALUES", "2", "1", "1", "b", "NOQUANT"));
            assertEquals(err("ERR asked quantization mismatch with existing vector set"),
                    c.callText("VADD", "k", "VALUES", "2", "1", "1", "b", "BIN"));
            assertEquals(":1\r\n", c.callText("VADD", "k", "VALUES", "2", "1", "1", "b", "Q8"));
            assertEquals(err("ERR asked M value mismatch with existing vector set"),
                    c.callText("VADD", "k", "VALUES", "2", "1", "1", "c", "M", "32"));
            assertEquals(err("ERR Vector dimension mismatch - got 3 but set has 2"),
                    c.callText("VADD", "k", "VALUES", "3", "1", "1", "1", "c"));
            assertEquals(err("ERR cannot add projection to existing set without projection"),
                    c.callText("VADD", "k", "REDUCE", "1", "VALUES", "2", "1", "1", "c"));

            assertEquals(":1\r\n", c.callText("VADD", "p", "REDUCE", "2", "VALUES", "4", "1", "2", "3", "4", "a"));
            assertEquals(err("ERR Vector dimension mismatch - got 4 but set has 2"),
                    c.callText("VADD", "p", "VALUES", "4", "1", "2", "3", "4", "b"));
            assertEquals(err("ERR Input dimension mismatch for projection - got 3 but projection expects 4"),
                    c.callText("VADD", "p", "REDUCE", "2", "VALUES", "3", "1", "2", "3", "b"));
            assertEquals(":1\r\n", c.callText("VADD", "p", "REDUCE", "2", "VALUES", "4", "1", "2", "3", "5", "b"));

            c.callText("SET", "str", "x");
            assertEquals(err("WRONGTYPE Operation against a key holding the wrong kind of value"),
                    c.callText("VADD", "str", "VALUES", "1", "1", "el"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void updatesAndAttributes(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals(bool(p, true), c.callText("VADD", "k", "VALUES", "2", "1", "0", "a", "NOQUANT", "SETATTR",
                    "{\"x\": 1}"));
            assertEquals(bool(p, true), c.callText("VADD", "k", "VALUES", "2", "0", "1", "b", "NOQUANT"));
            // an update returns false, moves the vector, keeps the attributes
            assertEquals(bool(p, false), c.callText("VADD", "k", "VALUES", "2", "0", "2", "a", "NOQUANT"));
            assertEquals("*2\r\n" + dbl(p, "0") + dbl(p, "2"), c.callText("VEMB", "k", "a"));
            assertEquals(bulk("{\"x\": 1}"), c.callText("VGETATTR", "k", "a"));
            assertEquals(bool(p, false), c.callText("VADD", "k", "VALUES", "2", "0", "2", "a", "NOQUANT", "SETATTR",
                    "{\"x\": 2}"));
            assertEquals(bulk("{\"x\": 2}"), c.callText("VGETATTR", "k", "a"));
            assertEquals(bool(p, false), c.callText("VADD", "k", "VALUES", "2", "0", "2", "a", "NOQUANT", "SETATTR", ""));
            assertEquals(nil(p), c.callText("VGETATTR", "k", "a"));
            // Redis keeps an empty SETATTR string on a new element (and counts it)
            assertEquals(bool(p, true), c.callText("VADD", "k", "VALUES", "2", "1", "1", "c", "NOQUANT", "SETATTR", ""));
            assertEquals("$0\r\n\r\n", c.callText("VGETATTR", "k", "c"));
            assertEquals(":3\r\n", c.callText("VCARD", "k"));
            String info = c.callText("VINFO", "k");
            assertTrue(info.contains("+attributes-count\r\n:1\r\n"), info);
            // a now points the way b does: equal scores, the older element (b) first; the update
            // gave a a new node, so it comes after
            assertEquals(map(p, 2) + bulk("b") + dbl(p, "1") + bulk("a") + dbl(p, "1"),
                    c.callText("VSIM", "k", "ELE", "a", "WITHSCORES", "COUNT", "2"));
        }
    }

    @Test
    void fp32AndRaw() throws IOException {
        try (RespClient c = connect(2)) {
            byte[] blob = VectorSetDocsExamplesTest.fp32(new float[]{3f, 4f});
            assertEquals(":1\r\n", new String(c.call(List.of("VADD".getBytes(), "k".getBytes(), "FP32".getBytes(), blob,
                    "a".getBytes(), "NOQUANT".getBytes()))));
            assertEquals("*2\r\n" + bulk("3") + bulk("4"), c.callText("VEMB", "k", "a"));
            // RAW: f32, the normalised floats (little endian), the norm
            byte[] raw = c.call(List.of("VEMB".getBytes(), "k".getBytes(), "a".getBytes(), "RAW".getBytes()));
            byte[] expected = VectorSetDocsExamplesTest.fp32(new float[]{0.6f, 0.8f});
            String head = "*3\r\n+f32\r\n$8\r\n";
            assertEquals(head, new String(raw, 0, head.length()));
            assertEquals(new String(expected, java.nio.charset.StandardCharsets.ISO_8859_1),
                    new String(raw, head.length(), 8, java.nio.charset.StandardCharsets.ISO_8859_1));
            assertTrue(new String(raw).endsWith("\r\n$1\r\n5\r\n"), new String(raw));
            assertEquals(":1\r\n", c.callText("VADD", "b", "VALUES", "3", "1", "-1", "2", "a", "BIN"));
            assertEquals("*3\r\n" + bulk("1") + bulk("-1") + bulk("1"), c.callText("VEMB", "b", "a"));
            assertEquals("*3\r\n+bin\r\n$8\r\n\u0005\0\0\0\0\0\0\0\r\n" + bulk("2.4494898319244385"),
                    c.callText("VEMB", "b", "a", "RAW"));
            assertEquals(err("ERR invalid option"), c.callText("VEMB", "nokey", "a", "RAWX"));
            assertEquals("$-1\r\n", c.callText("VEMB", "nokey", "a"));
            assertEquals("$-1\r\n", c.callText("VEMB", "k", "zz"));
        }
    }

    // ---------------------------------------------------------------------------------------
    // VSIM
    // ---------------------------------------------------------------------------------------

    @Test
    void vsimErrors() throws IOException {
        try (RespClient c = connect(2)) {
            assertEquals("*0\r\n", c.callText("VSIM", "nokey", "BOGUS", "x", "COUNT", "0"), "no key: empty, whatever follows");
            points(c);
            assertEquals(err("ERR element not found in set"), c.callText("VSIM", "points", "ELE", "nope"));
            assertEquals(err("ERR invalid vector specification"), c.callText("VSIM", "points", "FOO", "1"));
            assertEquals(err("ERR invalid vector specification"),
                    c.callText("VSIM", "points", "REDUCE", "1", "VALUES", "2", "1", "1"));
            assertEquals(err("ERR Vector dimension mismatch - got 3 but set has 2"),
                    c.callText("VSIM", "points", "VALUES", "3", "1", "1", "1"));
            String[] q = {"VSIM", "points", "VALUES", "2", "1", "1"};
            assertEquals(err("ERR invalid COUNT"), c.callText(with(q, "COUNT", "0")));
            assertEquals(err("ERR invalid COUNT"), c.callText(with(q, "COUNT", "x")));
            assertEquals(err("ERR invalid EPSILON"), c.callText(with(q, "EPSILON", "0")));
            assertEquals(err("ERR invalid EPSILON"), c.callText(with(q, "EPSILON", "x")));
            assertEquals(err("ERR invalid EF"), c.callText(with(q, "EF", "0")));
            assertEquals(err("ERR invalid EF"), c.callText(with(q, "EF", "1000001")));
            assertEquals(err("ERR invalid FILTER-EF"), c.callText(with(q, "FILTER-EF", "0")));
            assertEquals(err("ERR syntax error in FILTER expression near: .a >"), c.callText(with(q, "FILTER", ".a >")));
            assertEquals(err("ERR syntax error in FILTER expression near:  > 1"), c.callText(with(q, "FILTER", "foo > 1")));
            assertEquals(err("ERR syntax error in VSIM command"), c.callText(with(q, "BOGUS")));
            assertEquals(err("ERR syntax error in VSIM command"), c.callText(with(q, "COUNT")));
            assertEquals(err("ERR invalid COUNT"), c.callText(with(q, "WITHSCORES", "COUNT", "-1", "BOGUS")),
                    "options are checked in order");
            c.callText("SET", "str", "x");
            assertEquals(err("WRONGTYPE Operation against a key holding the wrong kind of value"),
                    c.callText("VSIM", "str", "ELE", "x"));
        }
    }

    private static String[] with(String[] base, String... more) {
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void vsimOptions(int p) throws IOException {
        try (RespClient c = connect(p)) {
            points(c);
            c.callText("VSETATTR", "points", "pt:E", "{\"n\": 1}");
            // EPSILON 0.2: similarity at least 0.8
            assertEquals(bulks("pt:A", "pt:E"), c.callText("VSIM", "points", "ELE", "pt:A", "EPSILON", "0.2"));
            // WITHATTRIBS alone: RESP3 map element => attributes (null when none)
            assertEquals(map(p, 2) + bulk("pt:A") + nil(p) + bulk("pt:E") + bulk("{\"n\": 1}"),
                    c.callText("VSIM", "points", "ELE", "pt:A", "WITHATTRIBS", "COUNT", "2"));
            // both: RESP2 element, score, attributes; RESP3 element => [score, attributes]
            String both = p == 3
                    ? "%1\r\n" + bulk("pt:A") + "*2\r\n" + dbl(p, "1") + nil(p)
                    : "*3\r\n" + bulk("pt:A") + bulk("1") + nil(p);
            assertEquals(both, c.callText("VSIM", "points", "ELE", "pt:A", "WITHSCORES", "WITHATTRIBS", "COUNT", "1"));
            // TRUTH and NOTHREAD give the same answer on a small set
            String ref = c.callText("VSIM", "points", "VALUES", "2", "0.3", "-0.9", "WITHSCORES");
            assertEquals(ref, c.callText("VSIM", "points", "VALUES", "2", "0.3", "-0.9", "WITHSCORES", "TRUTH"));
            assertEquals(ref, c.callText("VSIM", "points", "VALUES", "2", "0.3", "-0.9", "WITHSCORES", "NOTHREAD"));
            assertEquals(ref, c.callText("VSIM", "points", "VALUES", "2", "0.3", "-0.9", "WITHSCORES", "EF", "1"),
                    "EF is raised to COUNT");
            // COUNT beyond the set size; lower-case keywords
            assertEquals(5, elements(c.callText("vsim", "points", "ele", "pt:A", "count", "1000")).size());
            // FILTER with FILTER-EF 1: at most one candidate expanded
            c.callText("VSETATTR", "points", "pt:B", "{\"n\": 2}");
            assertEquals(bulks("pt:E", "pt:B"), c.callText("VSIM", "points", "ELE", "pt:A", "FILTER", ".n"));
            String few = c.callText("VSIM", "points", "ELE", "pt:A", "FILTER", ".n", "FILTER-EF", "1");
            assertTrue(elements(few).size() <= 2, few);
        }
    }

    @Test
    void reduceQueries() throws IOException {
        try (RespClient c = connect(2)) {
            for (int i = 0; i < 20; i++) {
                c.callText("VADD", "r", "REDUCE", "4", "VALUES", "8", "" + i, "1", "2", "3", "4", "5", "6", "" + (i % 3),
                        "e" + i);
            }
            assertEquals(":4\r\n", c.callText("VDIM", "r"));
            String info = c.callText("VINFO", "r");
            assertTrue(info.contains("+vector-dim\r\n:4\r\n+projection-input-dim\r\n:8\r\n"), info);
            // a full-size query is projected; so is ELE's stored (reduced) vector
            List<String> full = elements(c.callText("VSIM", "r", "VALUES", "8", "5", "1", "2", "3", "4", "5", "6", "2"));
            assertEquals("e5", full.get(0));
            assertEquals("e5", elements(c.callText("VSIM", "r", "ELE", "e5")).get(0));
            assertEquals(err("ERR Input dimension mismatch for projection - got 3 but projection expects 8"),
                    c.callText("VSIM", "r", "VALUES", "3", "1", "2", "3"));
            assertTrue(c.callText("VEMB", "r", "e1").startsWith("*4\r\n"), "VEMB gives the reduced vector");
        }
    }

    // ---------------------------------------------------------------------------------------
    // Other commands
    // ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void otherCommandErrors(int p) throws IOException {
        try (RespClient c = connect(p)) {
            points(c);
            assertEquals(err("ERR wrong number of arguments for 'VLINKS' command"),
                    c.callText("VLINKS", "points", "pt:A", "FOO"));
            assertEquals(err("ERR wrong number of arguments for 'VLINKS' command"),
                    c.callText("VLINKS", "points", "pt:A", "WITHSCORES", "x"));
            assertEquals(err("ERR COUNT value is not an integer"), c.callText("VRANDMEMBER", "points", "x"));
            assertEquals("*0\r\n", c.callText("VRANDMEMBER", "points", "0"));
            assertEquals("*0\r\n", c.callText("VRANDMEMBER", "nokey", "0"));
            assertEquals(err("ERR wrong number of arguments for 'VRANDMEMBER' command"),
                    c.callText("VRANDMEMBER", "points", "1", "2"));
            assertEquals(5, elements(c.callText("VRANDMEMBER", "points", "-5")).size());
            assertEquals(4, new java.util.HashSet<>(elements(c.callText("VRANDMEMBER", "points", "4"))).size());
            assertEquals(bool(p, false), c.callText("VREM", "nokey", "x"));
            assertEquals(bool(p, false), c.callText("VREM", "points", "nope"));
            c.callText("SET", "str", "x");
            String wrong = err("WRONGTYPE Operation against a key holding the wrong kind of value");
            for (String[] cmd : new String[][]{{"VREM", "str", "a"}, {"VCARD", "str"}, {"VDIM", "str"}, {"VINFO", "str"},
                {"VEMB", "str", "a"}, {"VLINKS", "str", "a"}, {"VGETATTR", "str", "a"}, {"VSETATTR", "str", "a", "{}"},
                {"VISMEMBER", "str", "a"}, {"VRANDMEMBER", "str"}}) {
                assertEquals(wrong, c.callText(cmd), String.join(" ", cmd));
            }
            // VLINKS: every link is reciprocal
            for (String e : new String[]{"pt:A", "pt:B", "pt:C", "pt:D", "pt:E"}) {
                for (String other : elements(c.callText("VLINKS", "points", e))) {
                    assertTrue(elements(c.callText("VLINKS", "points", other)).contains(e), e + " <-> " + other);
                }
            }
        }
    }

    @Test
    void keyLevel() throws IOException {
        try (RespClient c = connect(2)) {
            points(c);
            assertEquals("+vectorset\r\n", c.callText("TYPE", "points"));
            assertEquals(bulk("raw"), c.callText("OBJECT", "ENCODING", "points"));
            String mem = c.callText("MEMORY", "USAGE", "points");
            assertTrue(mem.startsWith(":") && Long.parseLong(mem.substring(1).trim()) > 500, mem);
            assertEquals(":1\r\n", c.callText("COPY", "points", "copy"));
            assertEquals(":1\r\n", c.callText("VREM", "copy", "pt:A"));
            assertEquals(":5\r\n", c.callText("VCARD", "points"), "COPY is deep");
            assertEquals(":4\r\n", c.callText("VCARD", "copy"));
            assertEquals("+OK\r\n", c.callText("RENAME", "copy", "moved"));
            assertEquals(":4\r\n", c.callText("VCARD", "moved"));
            assertEquals(":1\r\n", c.callText("PEXPIRE", "moved", "1"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!c.callText("EXISTS", "moved").equals(":0\r\n") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(":0\r\n", c.callText("VCARD", "moved"));
            // the last VREM deletes the key
            for (String e : new String[]{"pt:A", "pt:B", "pt:C", "pt:D"}) {
                assertEquals(":1\r\n", c.callText("VREM", "points", e));
            }
            assertEquals(":1\r\n", c.callText("EXISTS", "points"));
            assertEquals(":1\r\n", c.callText("VREM", "points", "pt:E"));
            assertEquals(":0\r\n", c.callText("EXISTS", "points"));
            c.callText("VADD", "v", "VALUES", "1", "1", "a");
            assertEquals(err("WRONGTYPE Operation against a key holding the wrong kind of value"), c.callText("GET", "v"));
        }
    }

    @Test
    void multiExec() throws IOException {
        try (RespClient c = connect(2)) {
            points(c);
            assertEquals("+OK\r\n", c.callText("MULTI"));
            assertEquals("+QUEUED\r\n", c.callText("VADD", "points", "VALUES", "2", "0.2", "0.9", "pt:G", "CAS"));
            assertEquals("+QUEUED\r\n", c.callText("VSIM", "points", "ELE", "pt:G", "COUNT", "2"));
            assertEquals("+QUEUED\r\n", c.callText("VCARD", "points"));
            assertEquals("*3\r\n:1\r\n" + bulks("pt:G", "pt:A") + ":6\r\n", c.callText("EXEC"));
        }
    }

    @Test
    void commandInfo() throws IOException {
        try (RespClient c = connect(2)) {
            String vadd = c.callText("COMMAND", "INFO", "VADD");
            assertTrue(vadd.contains(bulk("vadd") + ":-5\r\n*3\r\n+write\r\n+denyoom\r\n+module\r\n:1\r\n:1\r\n:1\r\n"), vadd);
            assertTrue(vadd.contains("+@write\r\n+@slow\r\n"), vadd);
            String vsim = c.callText("COMMAND", "INFO", "VSIM");
            assertTrue(vsim.contains(bulk("vsim") + ":-4\r\n*2\r\n+readonly\r\n+module\r\n"), vsim);
            String vcard = c.callText("COMMAND", "INFO", "VCARD");
            assertTrue(vcard.contains(":2\r\n*3\r\n+readonly\r\n+module\r\n+fast\r\n"), vcard);
            assertTrue(vcard.contains("+@read\r\n+@fast\r\n"), vcard);
            String keys = c.callText("COMMAND", "GETKEYS", "VSIM", "k", "ELE", "e");
            assertEquals("*1\r\n" + bulk("k"), keys);
        }
    }
}
