package io.sockudo.kv.it.client;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WATCH across connections: another client's write makes EXEC fail; other keys and databases do not. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class WatchTest {
    private static EmbeddedServer kv;

    @BeforeAll
    static void start() {
        kv = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        kv.close();
    }

    @Test
    void writeByAnotherClientAbortsExec() throws Exception {
        try (RespClient a = new RespClient(kv.port()); RespClient b = new RespClient(kv.port())) {
            a.callText("SET", "w:k", "1");
            assertEquals("+OK\r\n", a.callText("WATCH", "w:k"));
            assertEquals("+OK\r\n", b.callText("SET", "w:k", "2"));
            assertEquals("+OK\r\n", a.callText("MULTI"));
            assertEquals("+QUEUED\r\n", a.callText("SET", "w:k", "3"));
            assertEquals("*-1\r\n", a.callText("EXEC"));
            assertEquals("$1\r\n2\r\n", b.callText("GET", "w:k"));
            // The failed EXEC dropped the watch: the next transaction runs.
            a.callText("MULTI");
            a.callText("SET", "w:k", "3");
            assertEquals("*1\r\n+OK\r\n", a.callText("EXEC"));
        }
    }

    @Test
    void writeAfterMultiStillCounts() throws Exception {
        try (RespClient a = new RespClient(kv.port()); RespClient b = new RespClient(kv.port())) {
            a.callText("WATCH", "w:late");
            a.callText("MULTI");
            a.callText("GET", "w:late");
            b.callText("SET", "w:late", "x");
            assertEquals("*-1\r\n", a.callText("EXEC"));
        }
    }

    @Test
    void unrelatedWritesDoNotAbort() throws Exception {
        try (RespClient a = new RespClient(kv.port()); RespClient b = new RespClient(kv.port())) {
            a.callText("WATCH", "w:mine");
            b.callText("SET", "w:other", "x");
            b.callText("SELECT", "3");
            b.callText("SET", "w:mine", "in-db-3");
            a.callText("MULTI");
            a.callText("GET", "w:mine");
            assertEquals("*1\r\n$-1\r\n", a.callText("EXEC"));
        }
    }

    @Test
    void manyWatchersAllAbort() throws Exception {
        RespClient[] watchers = new RespClient[5];
        try (RespClient w = new RespClient(kv.port())) {
            for (int i = 0; i < watchers.length; i++) {
                watchers[i] = new RespClient(kv.port());
                watchers[i].callText("WATCH", "w:shared", "w:own" + i);
            }
            w.callText("SET", "w:shared", "v");
            for (RespClient c : watchers) {
                c.callText("MULTI");
                c.callText("PING");
                assertEquals("*-1\r\n", c.callText("EXEC"));
            }
        } finally {
            for (RespClient c : watchers) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @Test
    void clientListShowsTransactionState() throws Exception {
        try (RespClient a = new RespClient(kv.port()); RespClient b = new RespClient(kv.port())) {
            String id = a.callText("CLIENT", "ID").substring(1).trim();
            a.callText("WATCH", "w:flags");
            b.callText("SET", "w:flags", "1");
            a.callText("MULTI");
            a.callText("PING");
            String line = b.callText("CLIENT", "LIST", "ID", id);
            assertTrue(line.contains(" flags=xd "), line);
            assertTrue(line.contains(" multi=1 "), line);
            assertEquals("*-1\r\n", a.callText("EXEC"));
            line = b.callText("CLIENT", "LIST", "ID", id);
            assertTrue(line.contains(" flags=N ") && line.contains(" multi=-1 ") && line.contains(" cmd=exec "), line);
        }
    }
}
