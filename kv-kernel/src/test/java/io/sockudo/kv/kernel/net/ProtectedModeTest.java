package io.sockudo.kv.kernel.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protected mode refuses non-loopback peers only while it is on and no password is set. The
 * message was checked byte for byte against redis-server 7.0.15 (its binary's string, and a
 * connection from a non-loopback address in a network namespace).
 */
class ProtectedModeTest {
    private static InetSocketAddress peer(String ip) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    @Test
    void decision() throws Exception {
        assertTrue(ConnectionHandler.protectedModeRefuses(true, false, peer("192.0.2.1")));
        assertTrue(ConnectionHandler.protectedModeRefuses(true, false, peer("2001:db8::1")));
        assertFalse(ConnectionHandler.protectedModeRefuses(true, false, peer("127.0.0.1")));
        assertFalse(ConnectionHandler.protectedModeRefuses(true, false, peer("127.1.2.3")));
        assertFalse(ConnectionHandler.protectedModeRefuses(true, false, peer("::1")));
        assertFalse(ConnectionHandler.protectedModeRefuses(true, true, peer("192.0.2.1")));
        assertFalse(ConnectionHandler.protectedModeRefuses(false, false, peer("192.0.2.1")));
        assertFalse(ConnectionHandler.protectedModeRefuses(true, false, null));
    }

    @Test
    void messageIsRedis70s() {
        String m = "-" + ConnectionHandler.PROTECTED_MODE_MESSAGE + "\r\n";
        assertEquals(1067, m.getBytes(StandardCharsets.US_ASCII).length);
        assertTrue(m.contains("4) Setup a an authentication password for the default user. NOTE:"));
        assertTrue(m.endsWith("in order for the server to start accepting connections from the outside.\r\n"));
    }
}
