package io.sockudo.kv.it.json;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON keys as the rest of the server sees them, over raw RESP: TYPE, OBJECT ENCODING, MEMORY
 * USAGE, COMMAND INFO and GETKEYS, transactions, WATCH, COPY, TTLs, MODULE LIST, used_memory.
 * (The module's keyspace events are checked by the family's unit tests: the kernel hands them to
 * keyspace listeners and does not publish pub/sub notifications yet.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonServerTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void typeEncodingMemory() throws IOException {
        try (RespClient c = new RespClient(server.port())) {
            assertEquals("+OK\r\n", c.callText("JSON.SET", "tm", "$", "{\"name\":\"x\",\"list\":[1,2,3]}"));
            assertEquals("+ReJSON-RL\r\n", c.callText("TYPE", "tm"));
            assertEquals("$3\r\nraw\r\n", c.callText("OBJECT", "ENCODING", "tm"));
            String usage = c.callText("MEMORY", "USAGE", "tm");
            assertTrue(usage.startsWith(":") && Long.parseLong(usage.substring(1).trim()) > 20, usage);
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", c.callText("GET", "tm"));
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", c.callText("LPUSH", "tm", "x"));
            c.callText("SET", "plain", "x");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", c.callText("JSON.GET", "plain"));
        }
    }

    @Test
    void commandMetadata() throws IOException {
        try (RespClient c = new RespClient(server.port())) {
            String info = c.callText("COMMAND", "INFO", "json.get");
            assertTrue(info.contains("json.get") && info.contains("module") && info.contains("@json"), info);
            assertEquals("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
                    c.callText("COMMAND", "GETKEYS", "JSON.MSET", "a", "$", "1", "b", "$", "2", "c", "$", "3"));
            assertEquals("*2\r\n$1\r\na\r\n$1\r\nb\r\n", c.callText("COMMAND", "GETKEYS", "JSON.MGET", "a", "b", "$"));
            assertEquals("*1\r\n$1\r\nk\r\n", c.callText("COMMAND", "GETKEYS", "JSON.DEBUG", "MEMORY", "k", "$"));
            String list = c.callText("MODULE", "LIST");
            assertTrue(list.contains("stack"), list);
        }
    }

    @Test
    void transactionsWatchCopyAndTtl() throws IOException {
        try (RespClient c = new RespClient(server.port()); RespClient other = new RespClient(server.port())) {
            c.callText("JSON.SET", "tx", "$", "{\"n\":1}");
            assertEquals("+OK\r\n", c.callText("MULTI"));
            assertEquals("+QUEUED\r\n", c.callText("JSON.NUMINCRBY", "tx", "$.n", "5"));
            assertEquals("+QUEUED\r\n", c.callText("JSON.GET", "tx"));
            assertEquals("*2\r\n$3\r\n[6]\r\n$7\r\n{\"n\":6}\r\n", c.callText("EXEC"));
            assertEquals("+OK\r\n", c.callText("WATCH", "tx"));
            other.callText("JSON.NUMINCRBY", "tx", "$.n", "1");
            c.callText("MULTI");
            c.callText("JSON.SET", "tx", "$.n", "0");
            assertEquals("*-1\r\n", c.callText("EXEC"), "an in-place edit invalidates WATCH");
            assertEquals(":1\r\n", c.callText("COPY", "tx", "tx2"));
            c.callText("JSON.SET", "tx2", "$.n", "100");
            assertEquals("$7\r\n{\"n\":7}\r\n", c.callText("JSON.GET", "tx"));
            assertEquals(":1\r\n", c.callText("EXPIRE", "tx", "1000"));
            c.callText("JSON.SET", "tx", "$", "{\"replaced\":true}");
            String ttl = c.callText("TTL", "tx");
            assertTrue(!ttl.equals(":-1\r\n"), "JSON.SET at the root keeps the TTL: " + ttl);
        }
    }

    @Test
    void resp3RepliesOnTheWire() throws IOException {
        try (RespClient c = new RespClient(server.port())) {
            assertTrue(c.callText("HELLO", "3").startsWith("%"));
            assertEquals("+OK\r\n", c.callText("JSON.SET", "r3", "$", "{\"a\":1,\"b\":{\"c\":[true,null,2.5]}}"));
            assertEquals("*1\r\n*1\r\n$6\r\nobject\r\n", c.callText("JSON.TYPE", "r3", "$.b"));
            assertEquals("*1\r\n$7\r\ninteger\r\n", c.callText("JSON.TYPE", "r3", ".a"));
            assertEquals("*2\r\n:3\r\n_\r\n", c.callText("JSON.NUMINCRBY", "r3", "$['a','b']", "2"));
            // one array per path, holding the matches
            assertEquals("*1\r\n*1\r\n*3\r\n#t\r\n_\r\n,2.5\r\n", c.callText("JSON.GET", "r3", "FORMAT", "EXPAND", "$.b.c"));
            assertEquals("*1\r\n*1\r\n%1\r\n$1\r\nc\r\n*3\r\n#t\r\n_\r\n,2.5\r\n", c.callText("JSON.GET", "r3", "FORMAT", "EXPAND", "$.b"));
            assertEquals("$23\r\n[{\"c\":[true,null,2.5]}]\r\n", c.callText("JSON.GET", "r3", "$.b"));
            assertEquals("_\r\n", c.callText("JSON.GET", "nothing"));
            assertEquals("*1\r\n$3\r\n2.5\r\n", c.callText("JSON.ARRPOP", "r3", "$.b.c"));
            assertEquals("*1\r\n:0\r\n", c.callText("JSON.TOGGLE", "r3", "$.b.c[0]"));
        }
    }

    @Test
    void memoryUsageCountsDocuments() throws IOException {
        // used_memory is the JVM heap in use, garbage included, so it cannot show 50 documents
        // reliably; MEMORY USAGE is the family's own estimate and is deterministic.
        try (RespClient c = new RespClient(server.port())) {
            StringBuilder doc = new StringBuilder("{\"items\":[");
            for (int i = 0; i < 200; i++) {
                doc.append(i > 0 ? "," : "").append("{\"id\":").append(i).append(",\"name\":\"item number ").append(i).append("\"}");
            }
            doc.append("]}");
            long total = 0;
            for (int i = 0; i < 50; i++) {
                c.callText("JSON.SET", "mem:" + i, "$", doc.toString());
                String usage = c.callText("MEMORY", "USAGE", "mem:" + i);
                total += Long.parseLong(usage.substring(1, usage.length() - 2));
            }
            assertTrue(total > 50L * doc.length() / 2, "total " + total);
        }
    }

    private static long usedMemory(RespClient c) throws IOException {
        String info = c.callText("INFO", "memory");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new AssertionError(info);
    }
}
