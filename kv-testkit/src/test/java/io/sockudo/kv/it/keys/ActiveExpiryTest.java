package io.sockudo.kv.it.keys;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keys that nobody touches again are reclaimed by the active expire cycle. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ActiveExpiryTest {
    private static final long GENEROUS_BOUND_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void untouchedExpiredKeysDisappear() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start(); RespClient c = new RespClient(kv.port())) {
            c.callText("FLUSHALL");
            for (int i = 0; i < 1000; i++) {
                c.callText("SET", "k:" + i, "v");
                c.callText("PEXPIRE", "k:" + i, "50");
            }
            c.callText("SET", "keeper", "v");
            long deadline = System.nanoTime() + GENEROUS_BOUND_NANOS;
            String size = c.callText("DBSIZE");
            while (!size.equals(":1\r\n") && System.nanoTime() < deadline) {
                Thread.sleep(20);
                size = c.callText("DBSIZE");
            }
            assertEquals(":1\r\n", size, "expired keys were not reclaimed within 10 s");
            assertEquals(":1\r\n", c.callText("EXISTS", "keeper"));
        }
    }

    @Test
    void disabledActiveExpiryLeavesKeysUntilAccessed() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--enable-debug-command", "yes");
             RespClient c = new RespClient(kv.port())) {
            assertEquals("+OK\r\n", c.callText("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            for (int i = 0; i < 100; i++) {
                c.callText("SET", "k:" + i, "v");
                c.callText("PEXPIRE", "k:" + i, "20");
            }
            Thread.sleep(300);
            assertEquals(":100\r\n", c.callText("DBSIZE"));
            assertEquals(":0\r\n", c.callText("EXISTS", "k:1"));
            assertEquals(":99\r\n", c.callText("DBSIZE"));
            assertEquals("+OK\r\n", c.callText("DEBUG", "SET-ACTIVE-EXPIRE", "1"));
        }
    }
}
