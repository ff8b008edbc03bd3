package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.sockudo.kv.it.replication.Repl.await;
import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SHUTDOWN without NOW waits for lagging replicas (writes paused, up to shutdown-timeout), as
 * Redis 7.0; SHUTDOWN ABORT cancels that wait. The replica is a redis-server that DEBUG SLEEP
 * keeps from acknowledging.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ShutdownWaitTest {

    /** Keeps the replica from reading (and acknowledging) for {@code seconds}. */
    private static Thread sleepReplica(int port, String seconds) throws InterruptedException {
        Thread sleeper = new Thread(() -> {
            try {
                call(port, "DEBUG", "SLEEP", seconds);
            } catch (Exception e) {
                // ends with the test
            }
        });
        sleeper.start();
        Thread.sleep(200);
        return sleeper;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void abortCancelsTheWaitAndWritesResume() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--repl-diskless-sync-delay", "0", "--shutdown-timeout", "60");
             RedisServerProcess r = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
            awaitLinkUp(r.port());
            assertEquals("-ERR No shutdown in progress.\r\n", call(m.port(), "SHUTDOWN", "ABORT"));
            Thread sleeper = sleepReplica(r.port(), "5");
            try (RespClient shutdown = new RespClient(m.port()); RespClient writer = new RespClient(m.port());
                 RespClient admin = new RespClient(m.port())) {
                assertEquals("+OK\r\n", admin.callText("SET", "k", "v")); // not acknowledged while the replica sleeps
                shutdown.sendRaw("*1\r\n$8\r\nSHUTDOWN\r\n".getBytes(StandardCharsets.US_ASCII));
                await("the SHUTDOWN client to block", 20, () -> "1".equals(info(m.port(), "clients", "blocked_clients")));
                // writes are paused meanwhile; reads are served
                writer.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv2\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("", text(writer.readAvailable(300)), "a write waits while the shutdown waits");
                assertEquals("$1\r\nv\r\n", admin.callText("GET", "k"));
                assertEquals("+OK\r\n", admin.callText("SHUTDOWN", "ABORT"));
                assertEquals("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", text(shutdown.readReply()));
                assertEquals("+OK\r\n", text(writer.readReply()), "the paused write runs after the abort");
                assertEquals("-ERR No shutdown in progress.\r\n", admin.callText("SHUTDOWN", "ABORT"));
                assertEquals("+PONG\r\n", shutdown.callText("PING"));
                assertEquals("$2\r\nv2\r\n", admin.callText("GET", "k"));
            }
            sleeper.join();
        }
    }

    @Test
    void shutdownWaitsForTheReplicaThenStops() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--repl-diskless-sync-delay", "0", "--shutdown-timeout", "60");
             RedisServerProcess r = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
            awaitLinkUp(r.port());
            Thread sleeper = sleepReplica(r.port(), "2");
            try (RespClient shutdown = new RespClient(m.port()); RespClient admin = new RespClient(m.port())) {
                assertEquals("+OK\r\n", admin.callText("SET", "last", "write"));
                shutdown.sendRaw("*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n".getBytes(StandardCharsets.US_ASCII));
                await("the SHUTDOWN client to block", 20, () -> "1".equals(info(m.port(), "clients", "blocked_clients")));
                assertEquals("+PONG\r\n", admin.callText("PING"), "still serving while the replica lags");
                // the replica wakes, acknowledges, and the master stops: the SHUTDOWN client sees it close
                assertTrue(text(shutdown.readAvailable(30_000)).contains("<"), "connection closed by the shutdown");
            }
            await("the master to stop listening", 20, () -> {
                try (Socket s = new Socket("127.0.0.1", m.port())) {
                    return false;
                } catch (IOException refused) {
                    return true;
                }
            });
            sleeper.join();
            assertEquals("$5\r\nwrite\r\n", call(r.port(), "GET", "last"), "the replica has the last write");
        }
    }

    @Test
    void nowDoesNotWait() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--repl-diskless-sync-delay", "0", "--shutdown-timeout", "60");
             RedisServerProcess r = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
            awaitLinkUp(r.port());
            Thread sleeper = sleepReplica(r.port(), "3");
            try (RespClient shutdown = new RespClient(m.port())) {
                shutdown.callText("SET", "k", "v");
                shutdown.sendRaw("*3\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n$3\r\nNOW\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(text(shutdown.readAvailable(20_000)).contains("<"), "NOW: closed without waiting");
            }
            sleeper.join();
        }
    }
}
