package io.sockudo.kv.it.net;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Clients that do not read, read slowly or send huge arguments, over real loopback sockets: they
 * are disconnected by client-output-buffer-limit as Redis disconnects them, the figures in
 * CLIENT LIST and INFO are real, and the other clients are served meanwhile. Waits are bounded
 * liveness checks (a condition polled for at most 20 s), never assertions on timing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowClientTest {
    private static final int VALUE = 100 * 1024;
    private EmbeddedServer server;
    private RespClient admin;

    @BeforeEach
    void start() throws IOException {
        server = EmbeddedServer.start();
        admin = new RespClient(server.port());
        admin.call(List.of(b("SET"), b("big"), new byte[VALUE]));
    }

    @AfterEach
    void stop() throws IOException {
        admin.close();
        server.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A client socket with a small receive buffer, so unread replies pile up on the server;
     * returned once the server lists it.
     */
    private Socket rawClient() throws IOException, InterruptedException {
        int before = clients();
        Socket s = new Socket();
        s.setReceiveBufferSize(16 * 1024);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(20_000);
        await("the server lists the new client", () -> clients() == before + 1);
        return s;
    }

    private static byte[] repeat(String command, int n) {
        return (command + "\r\n").repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private String clientList() {
        try {
            return admin.callText("CLIENT", "LIST");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int clients() {
        int n = 0;
        for (String line : clientList().split("\n")) {
            if (line.contains("id=")) {
                n++;
            }
        }
        return n;
    }

    /** The CLIENT LIST field {@code name} of the first client other than the admin connection. */
    private long otherClientField(String name) {
        for (String line : clientList().split("\n")) {
            if (line.contains("id=") && !line.contains("cmd=client|list")) {
                for (String f : line.trim().split(" ")) {
                    if (f.startsWith(name + "=")) {
                        return Long.parseLong(f.substring(name.length() + 1));
                    }
                }
            }
        }
        return -1;
    }

    private long info(String field) throws IOException {
        for (String line : admin.callText("INFO", "clients").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError("no INFO field " + field);
    }

    /** Reads until the server closes the connection; true when it did. */
    private static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // discard what was sent before the close
            }
            return true;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    @Test
    void nonReadingClientIsDisconnectedAtTheHardLimitAndOthersAreServed() throws Exception {
        assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "client-output-buffer-limit", "normal 10mb 5mb 10"));
        try (Socket s = rawClient()) {
            OutputStream out = s.getOutputStream();
            out.write(repeat("GET big", 2000)); // 200 MB of replies, never read
            out.flush();
            await("the non-reading client is disconnected", () -> clients() == 1);
            assertEquals("+PONG\r\n", admin.callText("PING"));
            long peak = info("client_recent_max_output_buffer");
            assertTrue(peak >= 10L << 20, "INFO saw the peak that passed the limit: " + peak);
            assertTrue(peak < 64L << 20, "closed before it went far past the limit: " + peak);
            assertTrue(closedByServer(s));
        }
    }

    @Test
    void softLimitClosesAClientThatStaysAboveItLongerThanItsSeconds() throws Exception {
        assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "client-output-buffer-limit", "normal 0 1mb 1"));
        try (Socket s = rawClient()) {
            OutputStream out = s.getOutputStream();
            // ~10 MB: beyond what the sockets' kernel buffers take, above the soft limit: timer starts
            out.write(repeat("GET big", 100));
            out.flush();
            await("its pending output shows in CLIENT LIST omem", () -> otherClientField("omem") > 1 << 20);
            assertEquals(2, clients(), "still connected: the soft limit allows 1 second");
            Thread.sleep(2200); // longer than the class's seconds (second resolution, as Redis)
            out.write(repeat("GET big", 1)); // the next reply finds it above the soft limit too long
            out.flush();
            await("the client is disconnected by the soft limit", () -> clients() == 1);
        }
    }

    @Test
    void withoutLimitsAClientThatDoesNotReadKeepsItsRepliesAndGetsThemAll() throws Exception {
        try (Socket s = rawClient()) {
            OutputStream out = s.getOutputStream();
            out.write(repeat("GET big", 300)); // 30 MB, default normal class: no limit
            out.flush();
            await("the pending output shows in CLIENT LIST", () -> otherClientField("omem") > 16L << 20);
            assertTrue(otherClientField("oll") > 0);
            assertEquals("+PONG\r\n", admin.callText("PING"), "others are served meanwhile");
            InputStream in = s.getInputStream();
            long expected = 300L * (VALUE + ("$" + VALUE + "\r\n\r\n").length());
            long got = 0;
            byte[] buf = new byte[1 << 16];
            while (got < expected) {
                int n = in.read(buf);
                assertTrue(n > 0, "connection stays open");
                got += n;
            }
            assertEquals(expected, got);
            await("nothing pending once read", () -> otherClientField("omem") == 0);
        }
    }

    @Test
    void hugeNegativeCountsEndAtTheOutputLimitOrAreOutOfRange() throws Exception {
        assertEquals("+OK\r\n", admin.callText("CONFIG", "SET", "client-output-buffer-limit", "normal 10mb 5mb 10"));
        admin.callText("SADD", "s", "a");
        admin.callText("ZADD", "z", "1", "a");
        admin.callText("HSET", "h", "a", "1");
        for (String command : new String[]{"SRANDMEMBER s -4611686018427387904", "ZRANDMEMBER z -4611686018427387904",
                "HRANDFIELD h -1073741000"}) {
            try (Socket s = rawClient()) {
                s.getOutputStream().write(repeat(command, 1));
                s.getOutputStream().flush();
                await(command + ": the client is dropped at its limit", () -> clients() == 1);
                assertEquals("+PONG\r\n", admin.callText("PING"));
            }
        }
        assertEquals("-ERR value is out of range\r\n",
                admin.callText("ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES"));
        assertEquals("-ERR value is out of range\r\n",
                admin.callText("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"));
    }

    @Test
    void largeUploadInProgressDoesNotHoldOtherClientsAndArrivesIntact() throws Exception {
        int len = 64 * 1024 * 1024;
        byte[] value = new byte[len];
        for (int i = 0; i < len; i += 4096) {
            value[i] = (byte) (i >>> 12);
        }
        try (Socket s = rawClient()) {
            OutputStream out = s.getOutputStream();
            out.write(("*3\r\n$3\r\nSET\r\n$6\r\nupload\r\n$" + len + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(value, 0, len / 2);
            out.flush();
            assertEquals("+PONG\r\n", admin.callText("PING"), "served while half of the value is in");
            out.write(value, len / 2, len - len / 2);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] ok = new byte[5];
            s.getInputStream().readNBytes(ok, 0, 5);
            assertEquals("+OK\r\n", new String(ok, StandardCharsets.US_ASCII));
        }
        byte[] reply = admin.call(List.of(b("GET"), b("upload")));
        byte[] header = ("$" + len + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(header, java.util.Arrays.copyOf(reply, header.length));
        assertArrayEquals(value, java.util.Arrays.copyOfRange(reply, header.length, header.length + len));
    }

    @Test
    void pipelineOfLargeRepliesLetsOtherClientsIn() throws Exception {
        try (Socket s = rawClient()) {
            OutputStream out = s.getOutputStream();
            out.write(repeat("GET big", 1000));
            out.flush();
            InputStream in = s.getInputStream();
            in.readNBytes(1 << 20); // the first MB has come: the pipeline is being served
            assertEquals("+PONG\r\n", admin.callText("PING"), "another client is served meanwhile");
        }
    }
}
