package io.sockudo.kv.it.client;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code timeout} option closes idle connections and leaves active ones alone. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class IdleTimeoutTest {
    @Test
    void idleConnectionsAreClosedActiveOnesStay() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start("--timeout", "1");
             RespClient idle = new RespClient(server.port());
             RespClient active = new RespClient(server.port())) {
            assertEquals("+PONG\r\n", idle.callText("PING"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String seen = "";
            while (System.nanoTime() < deadline) {
                assertEquals("+PONG\r\n", active.callText("PING"));
                seen = new String(idle.readAvailable(300));
                if (seen.contains("<closed>") || seen.contains("<reset>")) {
                    break;
                }
            }
            assertTrue(seen.contains("<closed>") || seen.contains("<reset>"), "idle connection still open");
            assertEquals("+PONG\r\n", active.callText("PING"));
        }
    }
}
