package io.sockudo.kv.it.client;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maxmemory-clients (Redis 7.0's client eviction): a client whose query or output buffer takes
 * the clients' total over the limit is closed, the largest first; CLIENT NO-EVICT clients are
 * not; INFO stats evicted_clients counts; CLIENT LIST shows tot-mem and the {@code e} flag.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClientEvictionTest {
    private EmbeddedServer kv;
    private RespClient admin;

    @BeforeEach
    void start() throws IOException {
        kv = EmbeddedServer.start();
        admin = new RespClient(kv.port());
        assertEquals("+OK\r\n", admin.callText("CLIENT", "NO-EVICT", "on"));
    }

    @AfterEach
    void stop() throws IOException {
        admin.close();
        kv.close();
    }

    private static long id(RespClient c) throws IOException {
        String r = c.callText("CLIENT", "ID");
        return Long.parseLong(r.substring(1, r.length() - 2));
    }

    private long evictedClients() throws IOException {
        Matcher m = Pattern.compile("evicted_clients:(\\d+)").matcher(admin.callText("INFO", "stats"));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    /** The CLIENT LIST line of {@code id}, empty when that client is gone. */
    private String clientLine(long id) throws IOException {
        String r = admin.callText("CLIENT", "LIST", "ID", Long.toString(id));
        int start = r.indexOf("id=");
        return start < 0 ? "" : r.substring(start).trim();
    }

    private static long field(String line, String name) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(name) + "=(\\d+)").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return Long.parseLong(m.group(1));
    }

    /** Waits (bounded) until client {@code id} is gone or present, as {@code gone} says. */
    private boolean awaitGone(long id, boolean gone) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (clientLine(id).isEmpty() == gone) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * Starts a SET whose value argument is announced with {@code size} bytes and only half sent.
     * The server may evict the client before it has sent it all (a reset is fine).
     */
    private static void partialBigArgument(RespClient c, int size) {
        try {
            c.sendRaw(("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
            c.sendRaw(new byte[size / 2]);
        } catch (IOException evictedMeanwhile) {
            // closed by the server while sending: what the caller checks next
        }
    }

    @Test
    void bigQueryBufferIsEvictedAndCounted() throws Exception {
        assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "maxmemory-clients", "1mb"));
        try (RespClient victim = new RespClient(kv.port())) {
            long victimId = id(victim);
            String idle = clientLine(victimId);
            assertTrue(field(idle, "tot-mem") < 64 * 1024, idle);
            partialBigArgument(victim, 2_000_000);
            assertTrue(awaitGone(victimId, true), "the client with a 2 MB query buffer is evicted");
            assertEquals(1, evictedClients());
            assertTrue(new String(victim.readAvailable(2000), StandardCharsets.US_ASCII).contains("<"));
        }
        assertEquals("+PONG\r\n", admin.callText("PING"));
        assertEquals("+OK\r\n", admin.callText("CONFIG", "RESETSTAT"));
        assertEquals(0, evictedClients());
    }

    /**
     * Commands queued behind a blocked one count as query buffer while they wait, and leave it
     * once they have run: CLIENT LIST's qbuf is not left at what was queued when the input was
     * read (it misled a diagnosis once: a client that had finished looked stalled).
     */
    @Test
    void commandsQueuedBehindABlockedOneLeaveTheQueryBufferOnceRun() throws Exception {
        try (RespClient waiter = new RespClient(kv.port())) {
            long waiterId = id(waiter);
            StringBuilder burst = new StringBuilder("*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n");
            for (int i = 0; i < 50; i++) {
                burst.append("*2\r\n$4\r\nECHO\r\n$20\r\n").append("x".repeat(20)).append("\r\n");
            }
            waiter.sendRaw(burst.toString().getBytes(StandardCharsets.US_ASCII));
            kv.awaitBlockedClients(1);
            assertTrue(field(clientLine(waiterId), "qbuf") > 0, clientLine(waiterId));
            assertEquals(":1\r\n", admin.callText("LPUSH", "q", "v"));
            assertEquals("*2\r\n$1\r\nq\r\n$1\r\nv\r\n", new String(waiter.readReply(), StandardCharsets.US_ASCII));
            for (int i = 0; i < 50; i++) {
                assertEquals("$20\r\n" + "x".repeat(20) + "\r\n", new String(waiter.readReply(), StandardCharsets.US_ASCII));
            }
            assertEquals(0, field(clientLine(waiterId), "qbuf"), clientLine(waiterId));
        }
    }

    @Test
    void noEvictClientStaysAndCanFinishItsCommand() throws Exception {
        assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "maxmemory-clients", "1mb"));
        try (RespClient keeper = new RespClient(kv.port())) {
            assertEquals("+OK\r\n", keeper.callText("CLIENT", "NO-EVICT", "on"));
            long keeperId = id(keeper);
            assertTrue(clientLine(keeperId).contains("flags=e"), clientLine(keeperId));
            partialBigArgument(keeper, 2_000_000);
            // the query buffer is seen (tot-mem) and the client stays
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String line = clientLine(keeperId);
            while (field(line, "tot-mem") < 1_000_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                line = clientLine(keeperId);
            }
            assertTrue(field(line, "qbuf") >= 1_000_000, line);
            assertTrue(field(line, "tot-mem") >= 2_000_000, line);
            Thread.sleep(300); // a cron pass (every 100 ms) would have evicted it by now
            assertFalse(clientLine(keeperId).isEmpty());
            keeper.sendRaw(new byte[1_000_000]);
            keeper.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+OK\r\n", new String(keeper.readReply(), StandardCharsets.US_ASCII));
        }
        assertEquals(0, evictedClients());
    }

    @Test
    void largestIsEvictedFirstAndOnlyUntilUnderTheLimit() throws Exception {
        assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "maxmemory-clients", "6mb"));
        try (RespClient large = new RespClient(kv.port()); RespClient small = new RespClient(kv.port())) {
            long largeId = id(large);
            long smallId = id(small);
            partialBigArgument(large, 5_000_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (field(clientLine(largeId), "qbuf") < 5_000_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, evictedClients(), "5 MB alone is under the limit");
            // the small one takes the total over 6 MB: the large one goes, the small one stays
            partialBigArgument(small, 1_500_000);
            assertTrue(awaitGone(largeId, true), "the largest client is evicted");
            assertEquals(1, evictedClients());
            assertFalse(clientLine(smallId).isEmpty(), "evicting the largest was enough");
        }
    }

    @Test
    void clientNotReadingItsRepliesIsEvicted() throws Exception {
        admin.callText("SET", "big", "x".repeat(1_000_000));
        assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "maxmemory-clients", "4mb"));
        try (RespClient reader = new RespClient(kv.port())) {
            long readerId = id(reader);
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 64; i++) {
                pipeline.append("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n");
            }
            reader.sendRaw(pipeline.toString().getBytes(StandardCharsets.US_ASCII)); // and never reads
            assertTrue(awaitGone(readerId, true), "the client with 64 MB of unread replies is evicted");
            assertEquals(1, evictedClients());
        }
        assertEquals("+PONG\r\n", admin.callText("PING"));
    }

    @Test
    void offByDefaultAndPercentOfMaxmemory() throws Exception {
        try (RespClient c = new RespClient(kv.port())) {
            long cid = id(c);
            partialBigArgument(c, 2_000_000);
            Thread.sleep(300);
            assertFalse(clientLine(cid).isEmpty(), "maxmemory-clients 0: nobody is evicted");
            // a percentage of maxmemory: 1% of 100 MB is 1 MB, and that client is over it
            assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "maxmemory", "100mb"));
            assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "maxmemory-clients", "1%"));
            assertTrue(awaitGone(cid, true), "evicted by the cron once the limit is on");
            assertEquals(1, evictedClients());
        }
    }

    /** {@code SET key <size bytes>} in RESP. */
    private static byte[] bigSet(String key, int size) {
        byte[] head = ("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + size + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + size + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        java.util.Arrays.fill(out, head.length, head.length + size, (byte) 'v');
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    @Test
    void commandsQueuedInMultiAreCounted() throws Exception {
        assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "maxmemory-clients", "1mb"));
        try (RespClient victim = new RespClient(kv.port())) {
            long victimId = id(victim);
            assertEquals("+OK\r\n", victim.callText("MULTI"));
            assertEquals("+QUEUED\r\n", new String(roundTrip(victim, bigSet("a", 300_000)), StandardCharsets.US_ASCII));
            assertTrue(field(clientLine(victimId), "multi-mem") >= 300_000, clientLine(victimId));
            assertFalse(clientLine(victimId).isEmpty(), "300 KB queued is under the limit");
            sendBigSets(victim, 4, 300_000);
            assertTrue(awaitGone(victimId, true), "the client holding 1.5 MB of queued commands is evicted");
            assertEquals(1, evictedClients());
        }
        assertEquals("+PONG\r\n", admin.callText("PING"));
        assertEquals(":0\r\n", admin.callText("EXISTS", "a"));
    }

    @Test
    void commandsWaitingBehindABlockedOneAreCounted() throws Exception {
        assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "maxmemory-clients", "1mb"));
        try (RespClient victim = new RespClient(kv.port())) {
            long victimId = id(victim);
            victim.sendRaw("*3\r\n$5\r\nBLPOP\r\n$6\r\nnolist\r\n$1\r\n0\r\n".getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!clientLine(victimId).contains("flags=b") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(clientLine(victimId).contains("flags=b"), clientLine(victimId));
            sendBigSets(victim, 5, 300_000);
            assertTrue(awaitGone(victimId, true), "the client with 1.5 MB of commands behind its BLPOP is evicted");
            assertEquals(1, evictedClients());
        }
        assertEquals(":0\r\n", admin.callText("EXISTS", "k0"));
    }

    /** {@code count} SETs of {@code size} bytes (keys k0, k1...); the server may evict the client meanwhile. */
    private static void sendBigSets(RespClient c, int count, int size) {
        try {
            for (int i = 0; i < count; i++) {
                c.sendRaw(bigSet("k" + i, size));
            }
        } catch (IOException evictedMeanwhile) {
            // closed by the server while sending: what the caller checks next
        }
    }

    private static byte[] roundTrip(RespClient c, byte[] request) throws IOException {
        c.sendRaw(request);
        return c.readReply();
    }
}
