package io.sockudo.kv.it.streams;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking XREAD / XREADGROUP: woken by XADD in FIFO order (also from MULTI/EXEC), {@code $}
 * resolved when the call blocked, timeouts, and the errors for a deleted key or destroyed group.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamBlockingTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void send(RespClient c, String... args) throws Exception {
        List<byte[]> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        c.sendRaw(RespClient.encode(a));
    }

    static String read(RespClient c) throws Exception {
        return new String(c.readReply(), StandardCharsets.UTF_8);
    }


    @Test
    void xreadDollarSeesOnlyEntriesAddedAfterBlocking() throws Exception {
        try (RespClient w = new RespClient(server.port()); RespClient p = new RespClient(server.port())) {
            p.callText("XADD", "d1", "1-1", "old", "x");
            send(w, "XREAD", "BLOCK", "0", "STREAMS", "d1", "$");
            server.awaitBlockedClients(1);
            // A write that adds nothing readable keeps the client blocked with its original '$'.
            p.callText("XADD", "other", "1-1", "a", "b");
            p.callText("XADD", "d1", "2-1", "new", "y");
            assertEquals("*1\r\n*2\r\n$2\r\nd1\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$3\r\nnew\r\n$1\r\ny\r\n", read(w));
        }
    }

    @Test
    void xreadDollarOnMissingKeyBlocksUntilCreated() throws Exception {
        try (RespClient w = new RespClient(server.port()); RespClient p = new RespClient(server.port())) {
            send(w, "XREAD", "COUNT", "5", "BLOCK", "0", "STREAMS", "d2", "$");
            server.awaitBlockedClients(1);
            p.callText("XADD", "d2", "5-1", "f", "v");
            assertEquals("*1\r\n*2\r\n$2\r\nd2\r\n*1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", read(w));
        }
    }

    @Test
    void xreadTimesOutWithNullArray() throws Exception {
        try (RespClient w = new RespClient(server.port())) {
            send(w, "XREAD", "BLOCK", "50", "STREAMS", "d3", "$");
            assertEquals("*-1\r\n", read(w));
            assertEquals("+PONG\r\n", w.callText("PING"));
        }
    }

    @Test
    void waitersServedFifoAndEachGroupEntryDeliveredOnce() throws Exception {
        List<RespClient> ws = new ArrayList<>();
        try (RespClient p = new RespClient(server.port())) {
            p.callText("XGROUP", "CREATE", "fifo", "g", "$", "MKSTREAM");
            for (int i = 0; i < 3; i++) {
                RespClient w = new RespClient(server.port());
                ws.add(w);
                send(w, "XREADGROUP", "GROUP", "g", "c" + i, "COUNT", "1", "BLOCK", "0", "STREAMS", "fifo", ">");
                server.awaitBlockedClients(i + 1);
            }
            p.callText("XADD", "fifo", "1-1", "n", "0");
            p.callText("XADD", "fifo", "2-1", "n", "1");
            p.callText("XADD", "fifo", "3-1", "n", "2");
            for (int i = 0; i < 3; i++) {
                String r = read(ws.get(i));
                assertTrue(r.contains("$3\r\n" + (i + 1) + "-1\r\n"), r);
            }
            String pending = p.callText("XPENDING", "fifo", "g");
            assertTrue(pending.startsWith("*4\r\n:3\r\n$3\r\n1-1\r\n$3\r\n3-1\r\n"), pending);
        } finally {
            for (RespClient w : ws) {
                w.close();
            }
        }
    }

    @Test
    void xaddInsideMultiWakesAfterExec() throws Exception {
        try (RespClient w = new RespClient(server.port()); RespClient p = new RespClient(server.port())) {
            send(w, "XREAD", "BLOCK", "0", "STREAMS", "tx", "0");
            server.awaitBlockedClients(1);
            p.callText("MULTI");
            p.callText("XADD", "tx", "1-1", "a", "1");
            p.callText("XADD", "tx", "2-1", "b", "2");
            p.callText("EXEC");
            String r = read(w);
            assertTrue(r.startsWith("*1\r\n*2\r\n$2\r\ntx\r\n*2\r\n"), r);
        }
    }

    @Test
    void deletedKeyUnblocksXreadgroupWithError() throws Exception {
        try (RespClient w = new RespClient(server.port()); RespClient p = new RespClient(server.port())) {
            p.callText("XGROUP", "CREATE", "del", "g", "$", "MKSTREAM");
            send(w, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "del", ">");
            server.awaitBlockedClients(1);
            p.callText("DEL", "del");
            assertEquals("-UNBLOCKED the stream key no longer exists\r\n", read(w));
        }
    }

    @Test
    void destroyedGroupUnblocksXreadgroupWithError() throws Exception {
        try (RespClient w = new RespClient(server.port()); RespClient p = new RespClient(server.port())) {
            p.callText("XGROUP", "CREATE", "dg", "g", "$", "MKSTREAM");
            send(w, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "dg", ">");
            server.awaitBlockedClients(1);
            p.callText("XGROUP", "DESTROY", "dg", "g");
            assertEquals("-NOGROUP the consumer group this client was blocked on no longer exists\r\n", read(w));
        }
    }

    @Test
    void xreadPlusReadsLastEntry() throws Exception {
        try (RespClient c = new RespClient(server.port())) {
            c.callText("XADD", "plus", "1-1", "a", "1");
            c.callText("XADD", "plus", "2-1", "b", "2");
            assertEquals("*1\r\n*2\r\n$4\r\nplus\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
                    c.callText("XREAD", "STREAMS", "plus", "+"));
        }
    }

    @Test
    void xreadPlusOnMissingKeyBlocksUntilAnEntryArrives() throws Exception {
        try (RespClient w = new RespClient(server.port()); RespClient p = new RespClient(server.port())) {
            send(w, "XREAD", "BLOCK", "0", "STREAMS", "plus2", "+");
            server.awaitBlockedClients(1);
            p.callText("XADD", "plus2", "3-1", "f", "v");
            assertEquals("*1\r\n*2\r\n$5\r\nplus2\r\n*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n",
                    read(w));
        }
    }

    @Test
    void xinfoReportsActiveTimeAndInactive() throws Exception {
        try (RespClient c = new RespClient(server.port())) {
            c.callText("XADD", "info", "1-1", "a", "1");
            c.callText("XGROUP", "CREATE", "info", "g", "0");
            c.callText("XGROUP", "CREATECONSUMER", "info", "g", "idle");
            c.callText("XREADGROUP", "GROUP", "g", "reader", "STREAMS", "info", ">");
            String consumers = c.callText("XINFO", "CONSUMERS", "info", "g");
            // "idle" never read: inactive -1; "reader" read an entry: inactive >= 0
            assertTrue(consumers.startsWith("*2\r\n*8\r\n$4\r\nname\r\n$4\r\nidle\r\n$7\r\npending\r\n:0\r\n"
                    + "$4\r\nidle\r\n:"), consumers);
            assertTrue(consumers.contains("$8\r\ninactive\r\n:-1\r\n"), consumers);
            String full = c.callText("XINFO", "STREAM", "info", "FULL");
            assertTrue(full.contains("$11\r\nactive-time\r\n:-1\r\n"), full);
            assertTrue(full.contains("$9\r\npel-count\r\n:1\r\n"), full);
            assertTrue(full.contains("$12\r\nentries-read\r\n:1\r\n$3\r\nlag\r\n:0\r\n"), full);
        }
    }

    @Test
    void typeChangeUnblocksXreadgroupButNotXread() throws Exception {
        try (RespClient g = new RespClient(server.port()); RespClient r = new RespClient(server.port());
             RespClient p = new RespClient(server.port())) {
            p.callText("XGROUP", "CREATE", "tc", "g", "$", "MKSTREAM");
            send(g, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "tc", ">");
            server.awaitBlockedClients(1);
            send(r, "XREAD", "BLOCK", "200", "STREAMS", "tc", "$");
            server.awaitBlockedClients(2);
            p.callText("SET", "tc", "x");
            assertEquals("-UNBLOCKED the stream key no longer exists\r\n", read(g));
            assertEquals("*-1\r\n", read(r));
        }
    }

    @Test
    void flushallUnblocksXreadgroup() throws Exception {
        try (RespClient g = new RespClient(server.port()); RespClient p = new RespClient(server.port())) {
            p.callText("SELECT", "9");
            g.callText("SELECT", "9");
            p.callText("XGROUP", "CREATE", "fl", "g", "$", "MKSTREAM");
            send(g, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "fl", ">");
            server.awaitBlockedClients(1);
            p.callText("FLUSHDB");
            assertEquals("-UNBLOCKED the stream key no longer exists\r\n", read(g));
        }
    }

    @Test
    void wokenMultiKeyXreadIsServedFromOneStream() throws Exception {
        try (RespClient w = new RespClient(server.port()); RespClient p = new RespClient(server.port())) {
            send(w, "XREAD", "BLOCK", "0", "STREAMS", "mk1", "mk2", "$", "$");
            server.awaitBlockedClients(1);
            p.callText("MULTI");
            p.callText("XADD", "mk1", "1-1", "a", "1");
            p.callText("XADD", "mk2", "1-1", "b", "2");
            p.callText("EXEC");
            assertEquals("*1\r\n*2\r\n$3\r\nmk1\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n",
                    read(w));
        }
    }

    @Test
    void wokenReaderWhoseNewEntriesWereDeletedGetsAnEmptyList() throws Exception {
        try (RespClient w = new RespClient(server.port()); RespClient g = new RespClient(server.port());
             RespClient p = new RespClient(server.port())) {
            p.callText("XADD", "gone", "1-1", "a", "b");
            p.callText("XGROUP", "CREATE", "gone", "grp", "$");
            send(w, "XREAD", "BLOCK", "0", "STREAMS", "gone", "$");
            server.awaitBlockedClients(1);
            send(g, "XREADGROUP", "GROUP", "grp", "c", "BLOCK", "0", "STREAMS", "gone", ">");
            server.awaitBlockedClients(2);
            p.callText("MULTI");
            p.callText("XADD", "gone", "5-1", "a", "1");
            p.callText("XDEL", "gone", "5-1");
            p.callText("EXEC");
            assertEquals("*1\r\n*2\r\n$4\r\ngone\r\n*0\r\n", read(w));
            assertEquals("*1\r\n*2\r\n$4\r\ngone\r\n*0\r\n", read(g));
            assertTrue(p.callText("XINFO", "GROUPS", "gone").contains("$9\r\nconsumers\r\n:1\r\n"));
        }
    }
}
