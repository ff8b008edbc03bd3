package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.info;
import static io.sockudo.kv.it.replication.Repl.populate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sockudo replica restarted from its own RDB continues its master's history with a partial
 * resync (the RDB's repl-id, repl-offset and repl-stream-db), as a redis-server replica does.
 */
class ReplicaRestartTest {
    @TempDir
    Path dir;

    private EmbeddedServer replica(int masterPort) {
        return EmbeddedServer.start("--enable-debug-command", "yes", "--dir", dir.toString(), "--replicaof",
                "127.0.0.1", Integer.toString(masterPort));
    }

    @Test
    void restartedReplicaContinuesPartially() throws Exception {
        try (RedisServerProcess m = RedisServerProcess.start("--repl-diskless-sync-delay", "0")) {
            populate(m.port(), "a", 100);
            try (EmbeddedServer r = replica(m.port()); RespClient c = new RespClient(r.port())) {
                awaitLinkUp(r.port());
                try (RespClient mc = new RespClient(m.port())) {
                    mc.callText("SELECT", "3");
                    mc.callText("SET", "in3", "before");
                }
                awaitSame(m.port(), r.port());
                assertEquals("1", info(m.port(), "stats", "sync_full"));
                c.sendRaw(RespClient.encode(List.of("SHUTDOWN".getBytes(StandardCharsets.UTF_8),
                        "SAVE".getBytes(StandardCharsets.UTF_8))));
                r.server().awaitShutdown();
            }
            // written while the replica is down; the master's stream is still in database 3 (no SELECT follows)
            try (RespClient mc = new RespClient(m.port())) {
                mc.callText("SELECT", "3");
                mc.callText("SET", "in3", "while-down");
                mc.callText("INCR", "counter3");
            }
            try (EmbeddedServer r = replica(m.port())) {
                awaitLinkUp(r.port());
                awaitSame(m.port(), r.port());
                assertEquals("1", info(m.port(), "stats", "sync_partial_ok"), "continued from the backlog");
                assertEquals("1", info(m.port(), "stats", "sync_full"));
                try (RespClient rc = new RespClient(r.port())) {
                    rc.callText("SELECT", "3");
                    assertEquals("$10\r\nwhile-down\r\n", rc.callText("GET", "in3"));
                    assertEquals("$1\r\n1\r\n", rc.callText("GET", "counter3"));
                }
                populate(m.port(), "b", 20);
                awaitSame(m.port(), r.port());
            }
        }
    }

    /** The snapshot of a sockudo replica carries its history; redis-check-rdb accepts it. */
    @Test
    void replicaSnapshotRecordsTheHistory() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--repl-diskless-sync-delay", "0");
             EmbeddedServer r = replica(m.port())) {
            call(m.port(), "SET", "k", "v");
            awaitLinkUp(r.port());
            await(m, r);
            assertEquals("+OK\r\n", call(r.port(), "SAVE"));
            Process check = new ProcessBuilder("redis-check-rdb", dir.resolve("dump.rdb").toString())
                    .redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), out);
            assertTrue(out.contains("RDB looks OK"), out);
            byte[] rdb = java.nio.file.Files.readAllBytes(dir.resolve("dump.rdb"));
            String text = new String(rdb, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("repl-id" + (char) 40 + info(m.port(), "replication", "master_replid")), text);
        }
    }

    private static void await(EmbeddedServer m, EmbeddedServer r) throws Exception {
        Repl.await("same offset", 30, () -> info(m.port(), "replication", "master_repl_offset")
                .equals(info(r.port(), "replication", "master_repl_offset")));
    }
}
