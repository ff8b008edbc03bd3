package io.sockudo.kv.it.client;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CLIENT KILL of another connection, by id, address and filters, and of the caller itself. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ClientKillTest {
    private static EmbeddedServer kv;

    @BeforeAll
    static void start() {
        kv = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        kv.close();
    }

    static long id(RespClient c) throws IOException {
        String r = c.callText("CLIENT", "ID");
        return Long.parseLong(r.substring(1, r.length() - 2));
    }

    /** The victim's next command finds the connection closed by the server. */
    static void assertClosed(RespClient victim) {
        assertThrows(IOException.class, () -> {
            victim.callText("PING");
            victim.callText("PING");
        });
    }

    @Test
    void killById() throws Exception {
        try (RespClient a = new RespClient(kv.port()); RespClient b = new RespClient(kv.port())) {
            long idB = id(b);
            assertEquals(":1\r\n", a.callText("CLIENT", "KILL", "ID", Long.toString(idB)));
            assertClosed(b);
            assertEquals(":0\r\n", a.callText("CLIENT", "KILL", "ID", Long.toString(idB)));
            assertEquals("+PONG\r\n", a.callText("PING"));
        }
    }

    @Test
    void killByOldAddressForm() throws Exception {
        try (RespClient a = new RespClient(kv.port()); Socket raw = new Socket("127.0.0.1", kv.port())) {
            String addr = "127.0.0.1:" + raw.getLocalPort();
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("+PONG\r\n", new String(raw.getInputStream().readNBytes(7),
                    java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("+OK\r\n", a.callText("CLIENT", "KILL", addr));
            assertEquals(-1, raw.getInputStream().read());
            assertEquals("-ERR No such client\r\n", a.callText("CLIENT", "KILL", addr));
        }
    }

    @Test
    void killByAddrFilterAndSkipMe() throws Exception {
        try (RespClient a = new RespClient(kv.port()); RespClient b = new RespClient(kv.port())) {
            String list = a.callText("CLIENT", "LIST", "ID", Long.toString(id(b)));
            String addr = list.substring(list.indexOf("addr=") + 5, list.indexOf(' ', list.indexOf("addr=")));
            assertEquals(":1\r\n", a.callText("CLIENT", "KILL", "ADDR", addr, "SKIPME", "yes"));
            assertClosed(b);
        }
        // The caller is skipped by default, and killed with SKIPME no (after its reply).
        try (RespClient a = new RespClient(kv.port())) {
            String self = Long.toString(id(a));
            assertEquals(":0\r\n", a.callText("CLIENT", "KILL", "ID", self));
            assertEquals(":1\r\n", a.callText("CLIENT", "KILL", "ID", self, "SKIPME", "no"));
            // Closed after the reply: EOF, or a reset if the PING reached the closed socket.
            assertThrows(IOException.class, () -> a.callText("PING"));
        }
    }

    @Test
    void killByUserAndLocalAddress() throws Exception {
        try (RespClient a = new RespClient(kv.port()); RespClient b = new RespClient(kv.port());
             RespClient c = new RespClient(kv.port())) {
            b.callText("PING");
            c.callText("PING");
            String laddr = "127.0.0.1:" + kv.port();
            // Connections of earlier tests may still be closing: at least b and c are killed.
            String killed = a.callText("CLIENT", "KILL", "LADDR", laddr, "USER", "default", "TYPE", "normal");
            assertTrue(Long.parseLong(killed.substring(1, killed.length() - 2)) >= 2, killed);
            assertClosed(b);
            assertClosed(c);
            assertEquals("+PONG\r\n", a.callText("PING"));
        }
    }
}
