package io.sockudo.kv.it.client;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CLIENT REPLY OFF/SKIP/ON, CLIENT SETINFO and NO-TOUCH, HELLO 3 with options. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ClientReplyTest {
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
    void replyOffDropsRepliesButRunsCommands() throws Exception {
        try (RespClient c = new RespClient(kv.port())) {
            c.sendRaw(ClientPauseTest.cmd("CLIENT", "REPLY", "OFF"));
            c.sendRaw(ClientPauseTest.cmd("SET", "reply:k", "v"));
            c.sendRaw(ClientPauseTest.cmd("GET", "reply:k"));
            c.sendRaw(ClientPauseTest.cmd("CLIENT", "REPLY", "ON"));
            assertEquals("+OK\r\n", ClientPauseTest.text(c.readReply()));
            assertEquals("$1\r\nv\r\n", c.callText("GET", "reply:k"));
        }
    }

    @Test
    void replySkipDropsOnlyTheNextReply() throws Exception {
        try (RespClient c = new RespClient(kv.port())) {
            c.sendRaw(ClientPauseTest.cmd("CLIENT", "REPLY", "SKIP"));
            c.sendRaw(ClientPauseTest.cmd("ECHO", "dropped"));
            assertEquals("$4\r\nkept\r\n", c.callText("ECHO", "kept"));
        }
    }

    @Test
    void setInfoIsShownInClientList() throws Exception {
        try (RespClient c = new RespClient(kv.port())) {
            assertEquals("+OK\r\n", c.callText("CLIENT", "SETINFO", "LIB-NAME", "my-lib"));
            assertEquals("+OK\r\n", c.callText("CLIENT", "SETINFO", "lib-ver", "1.2.3"));
            assertEquals("-ERR Unrecognized option 'foo'\r\n", c.callText("CLIENT", "SETINFO", "foo", "x"));
            assertEquals("-ERR lib-name cannot contain spaces, newlines or special characters.\r\n",
                    c.callText("CLIENT", "SETINFO", "lib-name", "a b"));
            String info = c.callText("CLIENT", "INFO");
            assertTrue(info.contains(" resp=2 lib-name=my-lib lib-ver=1.2.3\n"), info);
            // RESET keeps the library information, as Redis 7.2 does.
            c.callText("RESET");
            assertTrue(c.callText("CLIENT", "INFO").contains(" lib-name=my-lib "));
        }
    }

    @Test
    void noTouchAndNoEvictShowAsFlags() throws Exception {
        try (RespClient c = new RespClient(kv.port())) {
            assertEquals("+OK\r\n", c.callText("CLIENT", "NO-TOUCH", "on"));
            assertEquals("-ERR syntax error\r\n", c.callText("CLIENT", "NO-TOUCH", "maybe"));
            assertEquals("+OK\r\n", c.callText("CLIENT", "NO-EVICT", "on"));
            assertTrue(c.callText("CLIENT", "INFO").contains(" flags=eT "));
            assertEquals("+RESET\r\n", c.callText("RESET"));
            assertTrue(c.callText("CLIENT", "INFO").contains(" flags=e "));
        }
    }

    @Test
    void hello3SwitchesEveryReply() throws Exception {
        try (RespClient c = new RespClient(kv.port())) {
            String hello = c.callText("HELLO", "3", "SETNAME", "r3");
            assertTrue(hello.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                    + "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:"), hello);
            assertTrue(hello.endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                    + "$7\r\nmodules\r\n*0\r\n"), hello);
            assertEquals("_\r\n", c.callText("GET", "hello3:missing"));
            String info = c.callText("CLIENT", "INFO");
            assertTrue(info.startsWith("=") && info.contains("\r\ntxt:id=") && info.contains(" name=r3 ")
                    && info.contains(" resp=3 "), info);
            byte[] raw = info.getBytes(StandardCharsets.UTF_8);
            int len = Integer.parseInt(info.substring(1, info.indexOf('\r')));
            assertEquals(raw.length, info.indexOf('\n') + 1 + len + 2);
        }
    }
}
