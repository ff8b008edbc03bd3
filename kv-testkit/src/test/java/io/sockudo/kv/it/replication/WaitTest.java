package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;

import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WAIT counts replicas that acknowledged the calling client's own last write; WAITAOF counts fsyncs. */
class WaitTest {

    /** A client that did not write is not held by another client's writes the replica has not acknowledged. */
    @Test
    void waitIsPerClient() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess r = RedisServerProcess.start("--replicaof", "127.0.0.1", "0")) {
            call(r.port(), "REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitLinkUp(r.port());
            try (RespClient writer = new RespClient(m.port()); RespClient reader = new RespClient(m.port())) {
                writer.callText("SET", "a", "1");
                assertEquals(":1\r\n", writer.callText("WAIT", "1", "5000"));
                // the replica stops reading (it cannot acknowledge) while the writer writes again
                Thread sleeper = new Thread(() -> {
                    try {
                        call(r.port(), "DEBUG", "SLEEP", "1.5");
                    } catch (Exception e) {
                        // ends with the test
                    }
                });
                sleeper.start();
                Thread.sleep(300);
                writer.callText("SET", "a", "2");
                assertEquals(":0\r\n", writer.callText("WAIT", "1", "200"), "the replica sleeps: not acknowledged");
                assertEquals(":1\r\n", reader.callText("WAIT", "1", "200"), "the reader's writes (none) are acknowledged");
                sleeper.join();
                assertEquals(":1\r\n", writer.callText("WAIT", "1", "5000"));
            }
        }
    }

    @Test
    void waitaofErrors() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start()) {
            assertEquals("-ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.\r\n",
                    call(m.port(), "WAITAOF", "1", "0", "0"));
            assertEquals("-ERR value is out of range, value must between 0 and 1\r\n",
                    call(m.port(), "WAITAOF", "2", "0", "0"));
            assertEquals("-ERR value is out of range, must be positive\r\n", call(m.port(), "WAITAOF", "0", "-1", "0"));
            assertEquals("-ERR timeout is negative\r\n", call(m.port(), "WAITAOF", "0", "0", "-1"));
            assertEquals("-ERR wrong number of arguments for 'waitaof' command\r\n", call(m.port(), "WAITAOF", "0", "0"));
            assertEquals("*2\r\n:0\r\n:0\r\n", call(m.port(), "WAITAOF", "0", "0", "0"));
            try (EmbeddedServer r = EmbeddedServer.start("--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
                assertEquals("-ERR WAITAOF cannot be used with replica instances. Please also note that writes to "
                        + "replicas are just local and are not propagated.\r\n", call(r.port(), "WAITAOF", "0", "0", "0"));
            }
        }
    }

    /** Local fsync and a sockudo replica's FACK; a redis-server 7.0 replica sends no FACK and never counts. */
    @Test
    void waitaofCountsLocalAndReplicaFsyncs() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--enable-debug-command", "yes", "--appendonly", "yes",
                "--repl-diskless-sync-delay", "0");
             EmbeddedServer r = EmbeddedServer.start("--enable-debug-command", "yes", "--appendonly", "yes",
                     "--replicaof", "127.0.0.1", Integer.toString(m.port()));
             RedisServerProcess old = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
            awaitLinkUp(r.port());
            awaitLinkUp(old.port());
            try (RespClient c = new RespClient(m.port())) {
                c.callText("SET", "k", "v");
                assertEquals("*2\r\n:1\r\n:1\r\n", c.callText("WAITAOF", "1", "1", "10000"));
                c.callText("INCR", "n");
                assertEquals("*2\r\n:1\r\n:1\r\n", c.callText("WAITAOF", "1", "2", "1500"),
                        "redis-server 7.0 does not report fsyncs");
                assertEquals(":2\r\n", c.callText("WAIT", "2", "5000"));
                c.callText("MULTI");
                c.callText("SET", "m", "1");
                c.callText("WAITAOF", "1", "2", "0");
                String exec = c.callText("EXEC");
                assertTrue(exec.startsWith("*2\r\n+OK\r\n*2\r\n:"), "inside MULTI it answers at once: " + exec);
            }
            awaitSame(m.port(), r.port());
        }
    }
}
