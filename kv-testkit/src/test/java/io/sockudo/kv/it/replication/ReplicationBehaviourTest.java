package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;

import static io.sockudo.kv.it.replication.Repl.await;
import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replica's and master's behaviours with Redis's texts: READONLY, MASTERDOWN, NOREPLICAS, WAIT, ROLE, expiry, limits. */
class ReplicationBehaviourTest {

    @Test
    void replicaRefusesWritesAndServesStaleDataAsConfigured() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0");
             EmbeddedServer r = EmbeddedServer.start("--enable-debug-command", "yes", "--replicaof", "127.0.0.1",
                     Integer.toString(m.port()))) {
            call(m.port(), "SET", "k", "v");
            awaitLinkUp(r.port());
            awaitSame(m.port(), r.port());
            assertEquals("-READONLY You can't write against a read only replica.\r\n", call(r.port(), "SET", "a", "b"));
            assertEquals("$1\r\nv\r\n", call(r.port(), "GET", "k"));
            call(r.port(), "CONFIG", "SET", "replica-read-only", "no");
            assertEquals("+OK\r\n", call(r.port(), "SET", "local", "1"));
            call(r.port(), "CONFIG", "SET", "replica-read-only", "yes");
            String role = call(r.port(), "ROLE");
            assertTrue(role.startsWith("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + m.port() + "\r\n$9\r\nconnected\r\n:"),
                    role);
            String masterRole = call(m.port(), "ROLE");
            assertTrue(masterRole.startsWith("*3\r\n$6\r\nmaster\r\n:"), masterRole);
            assertTrue(masterRole.contains("$9\r\n127.0.0.1\r\n$" + Integer.toString(r.port()).length() + "\r\n"
                    + r.port() + "\r\n"), masterRole);
            assertEquals("-ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a "
                    + "replica is configured to be writable (which is not the default) writes to replicas are just local "
                    + "and are not propagated.\r\n", call(r.port(), "WAIT", "1", "0"));
            // WAIT on the master: the replica acknowledges
            try (RespClient c = new RespClient(m.port())) {
                c.callText("SET", "w", "1");
                assertEquals(":1\r\n", c.callText("WAIT", "1", "5000"));
                assertEquals(":1\r\n", c.callText("WAIT", "2", "200"));
            }
            // the master goes away: MASTERDOWN with replica-serve-stale-data no
            call(r.port(), "CONFIG", "SET", "replica-serve-stale-data", "no");
            call(r.port(), "CONFIG", "SET", "repl-timeout", "1");
            call(r.port(), "REPLICAOF", "127.0.0.1", Integer.toString(RedisServerProcess.freePort()));
            assertEquals("-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n",
                    call(r.port(), "GET", "k"));
            assertTrue(call(r.port(), "INFO", "replication").contains("master_link_status:down"));
            call(r.port(), "CONFIG", "SET", "replica-serve-stale-data", "yes");
            assertEquals("$1\r\nv\r\n", call(r.port(), "GET", "k"));
            assertEquals("+OK\r\n", call(r.port(), "REPLICAOF", "NO", "ONE"));
            assertEquals("+OK\r\n", call(r.port(), "SET", "now", "master"));
        }
    }

    @Test
    void minReplicasToWrite() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--repl-diskless-sync-delay", "0", "--min-replicas-to-write", "1")) {
            assertEquals("-NOREPLICAS Not enough good replicas to write.\r\n", call(m.port(), "SET", "a", "b"));
            assertEquals("$-1\r\n", call(m.port(), "GET", "a"));
            try (RedisServerProcess r = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(m.port()))) {
                awaitLinkUp(r.port());
                await("a good replica", 10, () -> "1".equals(info(m.port(), "replication", "min_slaves_good_slaves")));
                assertEquals("+OK\r\n", call(m.port(), "SET", "a", "b"));
            }
        }
    }

    /** Replicas never expire keys: an expired key reads as missing but stays until the master's DEL. */
    @Test
    void replicaWaitsForTheMastersDel() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0");
             EmbeddedServer r = EmbeddedServer.start("--enable-debug-command", "yes", "--replicaof", "127.0.0.1",
                     Integer.toString(m.port()))) {
            awaitLinkUp(r.port());
            call(m.port(), "DEBUG", "SET-ACTIVE-EXPIRE", "0");
            call(m.port(), "SET", "t", "v", "PX", "100");
            awaitSame(m.port(), r.port());
            Thread.sleep(300);
            assertEquals("$-1\r\n", call(r.port(), "GET", "t"));
            assertEquals(":1\r\n", call(r.port(), "DBSIZE"), "still there: the replica waits for the master");
            assertEquals("$-1\r\n", call(m.port(), "GET", "t")); // the master expires it and sends DEL
            await("the DEL on the replica", 10, () -> call(r.port(), "DBSIZE").equals(":0\r\n"));
        }
    }

    /** A replica whose output buffer passes the replica class's limit is dropped and resyncs. */
    @Test
    void replicaOverItsOutputLimitIsDisconnectedAndResyncs() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0",
                "--repl-backlog-size", "16384");
             RedisServerProcess r = RedisServerProcess.start("--replicaof", "127.0.0.1", "0")) {
            call(r.port(), "REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitLinkUp(r.port());
            call(m.port(), "CONFIG", "SET", "client-output-buffer-limit", "replica 1mb 0 0");
            call(r.port(), "DEBUG", "SLEEP", "0"); // warm the connection
            // the replica stops reading for a while: a large burst overflows its buffer
            Thread sleeper = new Thread(() -> {
                try {
                    call(r.port(), "DEBUG", "SLEEP", "2");
                } catch (Exception e) {
                    // ends with the test
                }
            });
            sleeper.start();
            Thread.sleep(200);
            byte[] big = new byte[64 * 1024];
            java.util.Arrays.fill(big, (byte) 'x');
            try (RespClient c = new RespClient(m.port())) {
                for (int i = 0; i < 200; i++) {
                    c.call(java.util.List.of(Repl.bytes("SET"), Repl.bytes("big" + i), big));
                }
            }
            sleeper.join();
            awaitLinkUp(r.port());
            awaitSame(m.port(), r.port());
            assertTrue(Long.parseLong(info(m.port(), "stats", "sync_full")) >= 2, "resynced after the drop");
        }
    }
}
