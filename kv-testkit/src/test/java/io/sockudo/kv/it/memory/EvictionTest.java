package io.sockudo.kv.it.memory;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.PropagationScript;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per maxmemory-policy showing what it evicts: a dataset is written, part of it is made
 * "worth keeping" the policy's way (recently read, often read, far expiry, persistent), the limit
 * is set just above what is used, and new writes make room. The sampling is approximate as in
 * Redis, so the kept keys may lose a few, never most.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EvictionTest {
    static final String VALUE = "x".repeat(1000);

    static long infoLong(RespClient c, String field) throws IOException {
        for (String line : c.callText("INFO", "everything").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new AssertionError("no field " + field);
    }

    /** Limits memory to what is used now plus {@code headroom} bytes. */
    static void limitToCurrent(RespClient c, long headroom) throws IOException {
        long used = infoLong(c, "used_memory");
        assertEquals("+OK\r\n", c.callText("CONFIG", "SET", "maxmemory", Long.toString(used + headroom)));
    }

    static int existing(RespClient c, String prefix, int n) throws IOException {
        int found = 0;
        for (int i = 0; i < n; i++) {
            if (c.callText("EXISTS", prefix + i).equals(":1\r\n")) {
                found++;
            }
        }
        return found;
    }

    static void write(RespClient c, String prefix, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            String r = c.callText("SET", prefix + i, VALUE);
            assertEquals("+OK\r\n", r, prefix + i);
        }
    }

    @Test
    void allkeysLruKeepsTheRecentlyUsedKeys() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--maxmemory-policy", "allkeys-lru", "--maxmemory-samples", "10");
             RespClient c = new RespClient(kv.port())) {
            write(c, "old:", 200);
            write(c, "hot:", 50);
            Thread.sleep(2100); // the LRU clock counts seconds, as Redis's
            for (int i = 0; i < 50; i++) {
                c.callText("GET", "hot:" + i);
            }
            limitToCurrent(c, 10_000);
            write(c, "new:", 100);
            long evicted = infoLong(c, "evicted_keys");
            assertTrue(evicted >= 80, "evicted " + evicted);
            assertTrue(existing(c, "hot:", 50) >= 48, "recently read keys were evicted");
            assertTrue(existing(c, "old:", 200) <= 200 - 80 + 2, "idle keys were kept");
            assertTrue(infoLong(c, "used_memory") <= infoLong(c, "maxmemory"));
        }
    }

    @Test
    void allkeysLfuKeepsTheFrequentlyUsedKeys() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--maxmemory-policy", "allkeys-lfu", "--maxmemory-samples", "10");
             RespClient c = new RespClient(kv.port())) {
            write(c, "cold:", 200);
            write(c, "hot:", 50);
            for (int round = 0; round < 30; round++) {
                for (int i = 0; i < 50; i++) {
                    c.callText("GET", "hot:" + i);
                }
            }
            assertTrue(Long.parseLong(c.callText("OBJECT", "FREQ", "hot:0").substring(1).trim()) > 5);
            limitToCurrent(c, 10_000);
            write(c, "new:", 100);
            assertTrue(infoLong(c, "evicted_keys") >= 80);
            assertTrue(existing(c, "hot:", 50) >= 48, "frequently read keys were evicted");
        }
    }

    @Test
    void volatileTtlEvictsTheNearestExpiryFirstAndNeverPersistentKeys() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--maxmemory-policy", "volatile-ttl", "--maxmemory-samples", "10");
             RespClient c = new RespClient(kv.port())) {
            write(c, "p:", 100);
            for (int i = 0; i < 200; i++) {
                c.callText("SET", "ttl:" + i, VALUE, "EX", Integer.toString(1000 + 10 * i));
            }
            limitToCurrent(c, 10_000);
            write(c, "new:", 80);
            assertTrue(infoLong(c, "evicted_keys") >= 60);
            assertEquals(100, existing(c, "p:", 100), "a persistent key was evicted");
            int nearLeft = 0;
            int farLeft = 0;
            for (int i = 0; i < 200; i++) {
                boolean there = c.callText("EXISTS", "ttl:" + i).equals(":1\r\n");
                if (i < 100 && there) {
                    nearLeft++;
                } else if (i >= 100 && there) {
                    farLeft++;
                }
            }
            assertTrue(farLeft >= 95, "far expiries evicted: " + farLeft + " left of 100");
            assertTrue(nearLeft <= 45, "near expiries kept: " + nearLeft + " left of 100");
        }
    }

    @Test
    void volatileLruNeverEvictsPersistentKeysAndAnswersOomWhenNothingIsVolatile() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--maxmemory-policy", "volatile-lru");
             RespClient c = new RespClient(kv.port())) {
            write(c, "p:", 100);
            for (int i = 0; i < 30; i++) {
                c.callText("SET", "v:" + i, VALUE, "EX", "1000");
            }
            limitToCurrent(c, 5_000);
            String last = "";
            int written = 0;
            for (int i = 0; i < 200 && !last.startsWith("-"); i++) {
                last = c.callText("SET", "new:" + i, VALUE);
                written++;
            }
            assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", last);
            assertTrue(written > 20, "only " + written + " writes before OOM");
            assertEquals(100, existing(c, "p:", 100));
            assertEquals(0, existing(c, "v:", 30));
            assertEquals(30, infoLong(c, "evicted_keys"));
            // reads and deletes still work; a delete makes room again
            assertEquals("$1000\r\n" + VALUE + "\r\n", c.callText("GET", "p:1"));
            for (int i = 0; i < 20; i++) {
                c.callText("DEL", "p:" + i);
            }
            assertEquals("+OK\r\n", c.callText("SET", "again", VALUE));
        }
    }

    @Test
    void volatileLfuAndVolatileRandomKeepPersistentKeys() throws Exception {
        for (String policy : new String[]{"volatile-lfu", "volatile-random"}) {
            try (EmbeddedServer kv = EmbeddedServer.start("--maxmemory-policy", policy);
                 RespClient c = new RespClient(kv.port())) {
                write(c, "p:", 50);
                for (int i = 0; i < 100; i++) {
                    c.callText("SET", "v:" + i, VALUE, "PX", "1000000");
                }
                limitToCurrent(c, 5_000);
                write(c, "new:", 50);
                assertEquals(50, existing(c, "p:", 50), policy);
                assertTrue(existing(c, "v:", 100) <= 55, policy);
            }
        }
    }

    @Test
    void allkeysRandomMakesRoomAndNoevictionRefuses() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--maxmemory-policy", "allkeys-random");
             RespClient c = new RespClient(kv.port())) {
            write(c, "a:", 200);
            limitToCurrent(c, 5_000);
            write(c, "b:", 100);
            assertTrue(infoLong(c, "evicted_keys") >= 90);
            assertTrue(infoLong(c, "used_memory") <= infoLong(c, "maxmemory"));
        }
        try (EmbeddedServer kv = EmbeddedServer.start();
             RespClient c = new RespClient(kv.port())) {
            write(c, "a:", 100);
            limitToCurrent(c, 5_000);
            String last = "";
            for (int i = 0; i < 50 && !last.startsWith("-"); i++) {
                last = c.callText("SET", "b:" + i, VALUE);
            }
            assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", last);
            assertEquals(0, infoLong(c, "evicted_keys"));
            assertEquals(100, existing(c, "a:", 100));
        }
    }

    @Test
    void evictionsAreNotifiedAndPropagatedAsDel() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--maxmemory-policy", "allkeys-lru",
                "--notify-keyspace-events", "Ee");
             RespClient c = new RespClient(kv.port());
             RespClient sub = new RespClient(kv.port())) {
            PropagationScript.Capture capture = kv.capturePropagation();
            sub.callText("SUBSCRIBE", "__keyevent@0__:evicted");
            write(c, "a:", 50);
            limitToCurrent(c, 2_000);
            write(c, "b:", 10);
            long evicted = infoLong(c, "evicted_keys");
            assertTrue(evicted > 0);
            String pushed = new String(sub.readAvailable(300), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(pushed.contains("__keyevent@0__:evicted"), pushed);
            String stream = capture.text();
            assertTrue(stream.contains("DEL"), stream);
            c.callText("CONFIG", "SET", "lazyfree-lazy-eviction", "yes");
            write(c, "c:", 10);
            assertTrue(capture.text().contains("UNLINK"), capture.text());
        }
    }
}
