package io.sockudo.kv.it.net;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replies sent straight to the socket (a batch's only chunk, nothing waiting before it) and
 * replies that go through Netty's write path once the socket is full must reach the client in
 * order and whole: a client asks for distinct values one command at a time without reading until
 * the server holds its replies as pending output (the socket took part of a direct send, the rest
 * went to Netty, and later batches queue behind it), then reads everything and checks it byte for
 * byte. Then it asks again with nothing pending, which the direct path serves.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DirectSendTest {
    private static final int KEYS = 64;
    private static final int VALUE = 6000; // below the size a value goes out as its own buffer
    private static final int REQUESTS = 2000; // 12 MB of replies: more than the sockets hold
    private EmbeddedServer server;
    private RespClient admin;

    @BeforeEach
    void start() throws IOException {
        server = EmbeddedServer.start();
        admin = new RespClient(server.port());
        for (int k = 0; k < KEYS; k++) {
            admin.call(List.of(b("SET"), b("k" + k), value(k)));
        }
    }

    @AfterEach
    void stop() throws IOException {
        admin.close();
        server.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A value whose every byte depends on the key and the position (so a misplaced byte shows). */
    private static byte[] value(int k) {
        byte[] v = new byte[VALUE];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) ('a' + (k * 7 + i) % 26);
        }
        return v;
    }

    private static byte[] expectedReply(int k) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b("$" + VALUE + "\r\n"));
        out.writeBytes(value(k));
        out.writeBytes(b("\r\n"));
        return out.toByteArray();
    }

    /** A client socket with a small receive buffer, so the server's side fills quickly. */
    private Socket smallWindowClient() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(8 * 1024);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(20_000);
        return s;
    }

    /** {@code GET k<i % KEYS>} as one write of its own (a read, a batch and a flush on the server). */
    private static void sendGet(OutputStream out, int i) throws IOException {
        out.write(b("GET k" + (i % KEYS) + "\r\n"));
        out.flush();
    }

    @Test
    void repliesStayInOrderAcrossDirectAndQueuedSends() throws Exception {
        try (Socket s = smallWindowClient()) {
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < REQUESTS; i++) {
                sendGet(out, i);
            }
            awaitPendingOutput();
            readAndCheck(in, 0, REQUESTS);
            // nothing pending now: these are sent directly again
            for (int i = 0; i < 10; i++) {
                sendGet(out, i);
                readAndCheck(in, i, 1);
            }
        }
    }

    /**
     * A client that reads slowly while it keeps asking: the socket fills and drains over and over,
     * so batches meet both a socket with room while Netty still holds output (which must not be
     * overtaken) and an empty one (sent directly).
     */
    @Test
    void slowReaderGetsEveryReplyInOrder() throws Exception {
        try (Socket s = smallWindowClient()) {
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < REQUESTS; i += 8) {
                        readAndCheck(in, i, 8);
                        Thread.sleep(1);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < REQUESTS; i++) {
                sendGet(out, i);
                if (i % 50 == 0) {
                    Thread.sleep(1);
                }
            }
            reader.get(60, TimeUnit.SECONDS);
        }
    }

    /** Reads the replies to requests {@code first}, {@code first + 1}... ({@code replies} of them). */
    private static void readAndCheck(DataInputStream in, int first, int replies) throws IOException {
        for (int i = first; i < first + replies; i++) {
            byte[] expected = expectedReply(i % KEYS);
            byte[] got = new byte[expected.length];
            in.readFully(got);
            if (!Arrays.equals(expected, got)) {
                fail("reply " + i + " differs: " + new String(got, 0, Math.min(40, got.length), StandardCharsets.US_ASCII));
            }
        }
    }

    /** Waits until the server holds output for the non-reading client (the socket is full). */
    private void awaitPendingOutput() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String line : admin.callText("CLIENT", "LIST").split("\n")) {
                if (line.contains("id=") && !line.contains("cmd=client|list") && field(line, "omem") > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail("the server never held output for the client that does not read");
    }

    private static long field(String line, String name) {
        for (String f : line.trim().split(" ")) {
            if (f.startsWith(name + "=")) {
                return Long.parseLong(f.substring(name.length() + 1));
            }
        }
        return -1;
    }
}
