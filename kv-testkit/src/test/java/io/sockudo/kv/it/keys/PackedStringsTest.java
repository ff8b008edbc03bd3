package io.sockudo.kv.it.keys;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small strings are stored packed with their key (docs/architecture.md, "Keyspace"): every string
 * command must see the same values and encodings whichever form a key is in, across the changes
 * of form (in-place edits, expiry set and cleared, RENAME/MOVE, a reload), and MEMORY USAGE
 * reports the smaller packed size.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PackedStringsTest {
    private static long integer(String reply) {
        assertTrue(reply.startsWith(":"), reply);
        return Long.parseLong(reply.substring(1).trim());
    }

    @Test
    void stringCommandsOnPackedKeys() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--enable-debug-command", "yes"); RespClient c = new RespClient(kv.port())) {
            assertEquals("+OK\r\n", c.callText("SET", "n", "10"));
            assertEquals("$3\r\nint\r\n", c.callText("OBJECT", "ENCODING", "n"));
            assertEquals(":11\r\n", c.callText("INCR", "n"));               // inflated, changed in place
            assertEquals(":12\r\n", c.callText("INCR", "n"));
            assertEquals("$3\r\nint\r\n", c.callText("OBJECT", "ENCODING", "n"));
            assertEquals("$4\r\n12.5\r\n", c.callText("INCRBYFLOAT", "n", "0.5"));
            assertEquals("$6\r\nembstr\r\n", c.callText("OBJECT", "ENCODING", "n"));

            assertEquals("+OK\r\n", c.callText("SET", "s", "hello"));
            assertEquals("$6\r\nembstr\r\n", c.callText("OBJECT", "ENCODING", "s"));
            assertEquals(":11\r\n", c.callText("APPEND", "s", " world"));
            assertEquals("$3\r\nraw\r\n", c.callText("OBJECT", "ENCODING", "s"));
            assertEquals(":11\r\n", c.callText("SETRANGE", "s", "0", "J"));
            assertEquals("$11\r\nJello world\r\n", c.callText("GET", "s"));
            assertEquals("+OK\r\n", c.callText("SET", "s", "again"));
            assertEquals("$6\r\nembstr\r\n", c.callText("OBJECT", "ENCODING", "s"));
            assertEquals(":0\r\n", c.callText("SETBIT", "s", "0", "1"));  // 'a' = 0x61 -> 0xe1
            assertEquals(":1\r\n", c.callText("GETBIT", "s", "0"));
            assertEquals(":5\r\n", c.callText("STRLEN", "s"));
            assertEquals("$3\r\nraw\r\n", c.callText("OBJECT", "ENCODING", "s"));

            // expiry set and cleared, RENAME and MOVE, GETDEL
            assertEquals("+OK\r\n", c.callText("SET", "e", "v"));
            assertEquals(":1\r\n", c.callText("EXPIRE", "e", "100"));
            assertTrue(integer(c.callText("TTL", "e")) > 0);
            assertEquals(":1\r\n", c.callText("PERSIST", "e"));
            assertEquals(":-1\r\n", c.callText("TTL", "e"));
            assertEquals("+OK\r\n", c.callText("SET", "e", "v2"));
            assertEquals("+OK\r\n", c.callText("RENAME", "e", "e2"));
            assertEquals("$2\r\nv2\r\n", c.callText("GET", "e2"));
            assertEquals(":1\r\n", c.callText("MOVE", "e2", "1"));
            assertEquals("+OK\r\n", c.callText("SELECT", "1"));
            assertEquals("$2\r\nv2\r\n", c.callText("GETDEL", "e2"));
            assertEquals("+OK\r\n", c.callText("SELECT", "0"));
            assertEquals("+OK\r\n", c.callText("SET", "x", "1", "EX", "100"));
            assertEquals("+OK\r\n", c.callText("SET", "x", "2", "KEEPTTL"));
            assertTrue(integer(c.callText("TTL", "x")) > 0);
            assertEquals(":1\r\n", c.callText("COPY", "x", "xcopy"));
            assertEquals("$1\r\n2\r\n", c.callText("GET", "xcopy"));

            // a packed key is smaller than the same key as objects (an expiry makes it an object)
            assertEquals("+OK\r\n", c.callText("SET", "key:0000001", "0123456789"));
            long packed = integer(c.callText("MEMORY", "USAGE", "key:0000001"));
            assertEquals(":1\r\n", c.callText("EXPIRE", "key:0000001", "1000"));
            long object = integer(c.callText("MEMORY", "USAGE", "key:0000001"));
            assertTrue(packed < 64 && object > 100, packed + " / " + object);

            // reload: small strings load packed, values and encodings unchanged
            assertEquals("+OK\r\n", c.callText("SET", "r", "12345"));
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD"));
            assertEquals("$5\r\n12345\r\n", c.callText("GET", "r"));
            assertEquals("$3\r\nint\r\n", c.callText("OBJECT", "ENCODING", "r"));
            // a raw string of 5 bytes loads as embstr, as redis-server 7.0 loads it (now packed)
            assertEquals("$6\r\nembstr\r\n", c.callText("OBJECT", "ENCODING", "s"));
            assertEquals("$4\r\n12.5\r\n", c.callText("GET", "n"));
            assertTrue(integer(c.callText("TTL", "key:0000001")) > 0);
            assertEquals("$1\r\n2\r\n", c.callText("GET", "xcopy"));
        }
    }

    @Test
    void lfuCounterSurvivesChangesOfForm() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--maxmemory-policy", "allkeys-lfu");
             RespClient c = new RespClient(kv.port())) {
            assertEquals("+OK\r\n", c.callText("SET", "f", "v"));
            for (int i = 0; i < 50; i++) {
                c.callText("GET", "f");
            }
            long freq = integer(c.callText("OBJECT", "FREQ", "f"));
            assertTrue(freq > 1, "freq " + freq);
            assertEquals(":1\r\n", c.callText("EXPIRE", "f", "1000"));   // packed -> object
            assertTrue(integer(c.callText("OBJECT", "FREQ", "f")) >= freq);
            assertEquals(":1\r\n", c.callText("PERSIST", "f"));
            assertEquals("+OK\r\n", c.callText("RENAME", "f", "g"));
            assertTrue(integer(c.callText("OBJECT", "FREQ", "g")) >= freq);
        }
    }
}
