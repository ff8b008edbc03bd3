package io.sockudo.kv.it.client;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CLIENT PAUSE really holds commands: a held command gets no reply (and has no effect) until the
 * pause ends, then commands run in the order the client sent them. "No reply yet" is checked by
 * reading with a short quiet period: a correct server cannot answer before UNPAUSE however slow
 * it is, so the checks do not depend on timing.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ClientPauseTest {
    private static EmbeddedServer kv;

    @BeforeAll
    static void start() {
        kv = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        kv.close();
    }

    @AfterEach
    void unpause() throws IOException {
        try (RespClient c = new RespClient(kv.port())) {
            c.callText("CLIENT", "UNPAUSE");
        }
    }

    static byte[] cmd(String... args) {
        java.util.List<byte[]> a = new java.util.ArrayList<>();
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return RespClient.encode(a);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void writePauseHoldsWritesUntilUnpause() throws Exception {
        try (RespClient admin = new RespClient(kv.port()); RespClient writer = new RespClient(kv.port());
             RespClient reader = new RespClient(kv.port())) {
            writer.callText("SET", "pause:k", "old");
            assertEquals("+OK\r\n", admin.callText("CLIENT", "PAUSE", "60000", "WRITE"));
            // A pipelined write then read: both wait, in order, behind the write.
            writer.sendRaw(cmd("SET", "pause:k", "new"));
            writer.sendRaw(cmd("GET", "pause:k"));
            assertEquals("", text(writer.readAvailable(300)));
            // Reads of other clients go on, and the held write has not happened.
            assertEquals("$3\r\nold\r\n", reader.callText("GET", "pause:k"));
            // The pausing client's own writes are held too; its non-writes are not.
            assertEquals("+PONG\r\n", admin.callText("PING"));
            assertEquals("+OK\r\n", admin.callText("CLIENT", "UNPAUSE"));
            assertEquals("+OK\r\n", text(writer.readReply()));
            assertEquals("$3\r\nnew\r\n", text(writer.readReply()));
            assertEquals("$3\r\nnew\r\n", reader.callText("GET", "pause:k"));
        }
    }

    @Test
    void writePauseQueuesInsideMultiButHoldsExec() throws Exception {
        try (RespClient admin = new RespClient(kv.port()); RespClient tx = new RespClient(kv.port())) {
            assertEquals("+OK\r\n", admin.callText("CLIENT", "PAUSE", "60000", "WRITE"));
            assertEquals("+OK\r\n", tx.callText("MULTI"));
            assertEquals("+QUEUED\r\n", tx.callText("SET", "pause:t", "1"));
            tx.sendRaw(cmd("EXEC"));
            assertEquals("", text(tx.readAvailable(300)));
            admin.callText("CLIENT", "UNPAUSE");
            assertEquals("*1\r\n+OK\r\n", text(tx.readReply()));
            // A read-only transaction is not held.
            admin.callText("CLIENT", "PAUSE", "60000", "WRITE");
            tx.callText("MULTI");
            tx.callText("GET", "pause:t");
            assertEquals("*1\r\n$1\r\n1\r\n", tx.callText("EXEC"));
        }
    }

    @Test
    void allPauseHoldsEveryCommandUntilItEnds() throws Exception {
        try (RespClient admin = new RespClient(kv.port()); RespClient other = new RespClient(kv.port())) {
            assertEquals("+OK\r\n", admin.callText("CLIENT", "PAUSE", "700", "ALL"));
            other.sendRaw(cmd("PING"));
            admin.sendRaw(cmd("PING"));
            // Both replies arrive once the pause is over (the socket timeout bounds the wait).
            assertEquals("+PONG\r\n", text(other.readReply()));
            assertEquals("+PONG\r\n", text(admin.readReply()));
        }
    }

    @Test
    void heldClientCanDisconnect() throws Exception {
        try (RespClient admin = new RespClient(kv.port())) {
            admin.callText("CLIENT", "PAUSE", "60000", "WRITE");
            try (RespClient gone = new RespClient(kv.port())) {
                gone.sendRaw(cmd("SET", "pause:gone", "1"));
                assertEquals("", text(gone.readAvailable(200)));
            }
            // Wait (bounded) until the server has seen the disconnect, then release the pause.
            for (int i = 0; i < 500 && admin.callText("CLIENT", "LIST").split(" addr=").length > 2; i++) {
                Thread.sleep(10);
            }
            admin.callText("CLIENT", "UNPAUSE");
            assertEquals("$-1\r\n", admin.callText("GET", "pause:gone"));
        }
    }
}
