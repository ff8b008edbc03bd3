package io.sockudo.kv.it.search;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a document can change keeps the index exact: hash and JSON edits, deletes, expiry,
 * RENAME in and out of the prefix, MOVE, COPY, SWAPDB, type changes, MULTI/EXEC (the kernel has no scripting yet).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SearchKeyspaceTest {
    private static EmbeddedServer server;
    private Ft ft;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void index() throws Exception {
        ft = new Ft(server.port());
        ft.q("FLUSHALL");
        assertEquals("OK", ft.q("FT.CREATE", "h", "PREFIX", "1", "d:", "SCHEMA", "t", "TEXT", "n", "NUMERIC", "SORTABLE"));
        assertEquals("OK", ft.q("FT.CREATE", "j", "ON", "JSON", "PREFIX", "1", "j:", "SCHEMA", "$.t", "AS", "t", "TEXT",
                "$.n", "AS", "n", "NUMERIC", "$.tags[*]", "AS", "tags", "TAG"));
    }

    private String ids(String index, String q) throws Exception {
        return ft.q("FT.SEARCH", index, q, "NOCONTENT", "SORTBY", "n");
    }

    @Test
    void hashEdits() throws Exception {
        ft.q("HSET", "d:1", "t", "hello world", "n", "1");
        ft.q("HSET", "d:2", "t", "hello there", "n", "2");
        assertEquals("[2, \"d:1\", \"d:2\"]", ids("h", "hello"));
        ft.q("HSET", "d:1", "t", "goodbye");
        assertEquals("[1, \"d:2\"]", ids("h", "hello"));
        assertEquals("[1, \"d:1\"]", ids("h", "goodbye"));
        ft.q("HDEL", "d:2", "n");
        assertEquals("[1, \"d:1\"]", ids("h", "@n:[-inf inf]"));
        ft.q("HINCRBY", "d:1", "n", "41");
        assertEquals("[1, \"d:1\"]", ids("h", "@n:[42 42]"));
        ft.q("HDEL", "d:1", "t", "n");
        assertEquals("[1, \"d:2\"]", ids("h", "*"));
        ft.q("DEL", "d:2");
        assertEquals("[0]", ids("h", "*"));
    }

    @Test
    void expiry() throws Exception {
        ft.q("HSET", "d:1", "t", "soon gone", "n", "1");
        ft.q("HSET", "d:2", "t", "stays", "n", "2");
        ft.q("PEXPIRE", "d:1", "20");
        Thread.sleep(50);
        ft.q("EXISTS", "d:1"); // passive expiry
        assertEquals("[1, \"d:2\"]", ids("h", "*"));
        ft.q("HSET", "d:3", "t", "active expiry", "n", "3");
        ft.q("PEXPIRE", "d:3", "10");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!ids("h", "*").equals("[1, \"d:2\"]") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("[1, \"d:2\"]", ids("h", "*"));
    }

    @Test
    void renamesMovesCopiesAndTypeChanges() throws Exception {
        ft.q("HSET", "d:1", "t", "alpha", "n", "1");
        ft.q("HSET", "x:1", "t", "beta", "n", "2");
        ft.q("RENAME", "d:1", "x:9");
        assertEquals("[0]", ids("h", "*"));
        ft.q("RENAME", "x:1", "d:5");
        assertEquals("[1, \"d:5\"]", ids("h", "beta"));
        ft.q("COPY", "d:5", "d:6");
        assertEquals("[2, \"d:5\", \"d:6\"]", ids("h", "beta"));
        ft.q("MOVE", "d:6", "1");
        assertEquals("[1, \"d:5\"]", ids("h", "beta"));
        ft.q("SELECT", "1");
        ft.q("MOVE", "d:6", "0");
        ft.q("SELECT", "0");
        assertEquals("[2, \"d:5\", \"d:6\"]", ids("h", "beta"));
        ft.q("SET", "d:6", "now a string");
        assertEquals("[1, \"d:5\"]", ids("h", "beta"));
        ft.q("SWAPDB", "0", "1");
        assertEquals("[0]", ids("h", "*"));
        ft.q("SWAPDB", "0", "1");
        ft.awaitIndexed("h");
        assertEquals("[1, \"d:5\"]", ids("h", "*"));
    }

    @Test
    void restoredDocumentsAreIndexed() throws Exception {
        ft.q("HSET", "d:1", "t", "restored words", "n", "3");
        ft.q("JSON.SET", "j:1", "$", "{\"t\":\"restored json\",\"n\":4,\"tags\":[\"q\"]}");
        List<byte[]> dumpHash = List.of("DUMP".getBytes(StandardCharsets.UTF_8), "d:1".getBytes(StandardCharsets.UTF_8));
        byte[] hashPayload = ft.c.call(dumpHash);
        byte[] jsonPayload = ft.c.call(List.of("DUMP".getBytes(StandardCharsets.UTF_8),
                "j:1".getBytes(StandardCharsets.UTF_8)));
        ft.q("DEL", "d:1", "j:1");
        assertEquals("[0]", ids("h", "restored"));
        assertEquals("[0]", ids("j", "restored"));
        assertEquals("OK", ft.q(List.of("RESTORE".getBytes(StandardCharsets.UTF_8), "d:2".getBytes(StandardCharsets.UTF_8),
                "0".getBytes(StandardCharsets.UTF_8), bulk(hashPayload))));
        assertEquals("OK", ft.q(List.of("RESTORE".getBytes(StandardCharsets.UTF_8), "j:2".getBytes(StandardCharsets.UTF_8),
                "0".getBytes(StandardCharsets.UTF_8), bulk(jsonPayload))));
        assertEquals("[1, \"d:2\"]", ids("h", "restored"));
        assertEquals("[1, \"j:2\"]", ids("j", "@tags:{q}"));
        // RESTORE ... REPLACE over an indexed document re-indexes it
        ft.q("HSET", "d:3", "t", "other", "n", "5");
        assertEquals("OK", ft.q(List.of("RESTORE".getBytes(StandardCharsets.UTF_8), "d:3".getBytes(StandardCharsets.UTF_8),
                "0".getBytes(StandardCharsets.UTF_8), bulk(hashPayload), "REPLACE".getBytes(StandardCharsets.UTF_8))));
        assertEquals("[2, \"d:2\", \"d:3\"]", ids("h", "restored"));
        assertEquals("[0]", ids("h", "other"));
    }

    /** The bulk string of a raw RESP bulk reply ({@code $n\r\n...\r\n}). */
    private static byte[] bulk(byte[] reply) {
        int nl = 0;
        while (reply[nl] != '\n') {
            nl++;
        }
        int len = Integer.parseInt(new String(reply, 1, nl - 2, StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOfRange(reply, nl + 1, nl + 1 + len);
    }

    @Test
    void jsonEdits() throws Exception {
        ft.q("JSON.SET", "j:1", "$", "{\"t\":\"red apple\",\"n\":1,\"tags\":[\"a\",\"b\"]}");
        assertEquals("[1, \"j:1\"]", ids("j", "apple"));
        ft.q("JSON.SET", "j:1", "$.t", "\"green pear\"");
        assertEquals("[0]", ids("j", "apple"));
        assertEquals("[1, \"j:1\"]", ids("j", "pear"));
        ft.q("JSON.NUMINCRBY", "j:1", "$.n", "10");
        assertEquals("[1, \"j:1\"]", ids("j", "@n:[11 11]"));
        ft.q("JSON.ARRAPPEND", "j:1", "$.tags", "\"c\"");
        assertEquals("[1, \"j:1\"]", ids("j", "@tags:{c}"));
        ft.q("JSON.DEL", "j:1", "$.tags[0]");
        assertEquals("[0]", ids("j", "@tags:{a}"));
        ft.q("JSON.DEL", "j:1");
        assertEquals("[0]", ids("j", "*"));
        // a JSON document under the hash index's prefix is not a hash document
        ft.q("JSON.SET", "d:1", "$", "{\"t\":\"x\"}");
        assertEquals("[0]", ids("h", "*"));
    }

    @Test
    void transactionsSeeTheirWrites() throws Exception {
        ft.q("MULTI");
        ft.q("HSET", "d:1", "t", "inside", "n", "1");
        ft.q("FT.SEARCH", "h", "inside", "NOCONTENT");
        String exec = ft.q("EXEC");
        assertEquals("[2, [1, \"d:1\"]]", exec);
    }

    @Test
    void dropIndexWithDocuments() throws Exception {
        ft.q("HSET", "d:1", "t", "a", "n", "1");
        ft.q("HSET", "d:2", "t", "b", "n", "2");
        ft.q("HSET", "other", "t", "c");
        assertEquals("OK", ft.q("FT.DROPINDEX", "h", "DD"));
        assertEquals("0", ft.q("EXISTS", "d:1", "d:2"));
        assertEquals("1", ft.q("EXISTS", "other"));
        assertTrue(ft.q("FT.SEARCH", "h", "*").startsWith("(error) h: no such index"));
        assertEquals("(error) Unknown Index name", ft.q("FT.DROPINDEX", "h"));
    }

    @Test
    void filterExpressionDecidesMembership() throws Exception {
        assertEquals("OK", ft.q("FT.CREATE", "f", "PREFIX", "1", "f:", "FILTER", "@n > 5 && startswith(@__key, \"f:a\")",
                "SCHEMA", "t", "TEXT", "n", "NUMERIC"));
        ft.q("HSET", "f:a1", "t", "x", "n", "10");
        ft.q("HSET", "f:a2", "t", "x", "n", "1");
        ft.q("HSET", "f:b1", "t", "x", "n", "10");
        assertEquals("[1, \"f:a1\"]", ft.q("FT.SEARCH", "f", "*", "NOCONTENT"));
        ft.q("HSET", "f:a2", "n", "6");
        assertEquals("[2, \"f:a1\", \"f:a2\"]", ft.q("FT.SEARCH", "f", "*", "NOCONTENT", "SORTBY", "n", "DESC"));
    }
}
