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
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A sockudo master restarted from its own RDB keeps the file's history as its secondary id (Redis
 * 7.0: replid2 = the RDB's repl-id, second_repl_offset = repl-offset + 1, an empty backlog from
 * there), so a redis-server replica that was in sync continues with a partial resync.
 */
class MasterRestartTest {
    @TempDir
    Path dir;

    private EmbeddedServer master() {
        return EmbeddedServer.start("--enable-debug-command", "yes", "--dir", dir.toString(), "--repl-diskless-sync-delay", "0");
    }

    @Test
    void replicaContinuesPartiallyAfterMasterRestart() throws Exception {
        String oldId;
        long oldOffset;
        try (EmbeddedServer m = master()) {
            try (RedisServerProcess r = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
                populate(m.port(), "a", 100);
                awaitLinkUp(r.port());
                awaitSame(m.port(), r.port());
                oldId = info(m.port(), "replication", "master_replid");
                try (RespClient c = new RespClient(m.port())) {
                    c.sendRaw(RespClient.encode(List.of("SHUTDOWN".getBytes(StandardCharsets.UTF_8),
                            "SAVE".getBytes(StandardCharsets.UTF_8))));
                    m.server().awaitShutdown();
                }
                oldOffset = Long.parseLong(info(r.port(), "replication", "master_repl_offset"));

                try (EmbeddedServer m2 = master()) {
                    assertEquals(oldId, info(m2.port(), "replication", "master_replid2"));
                    assertNotEquals(oldId, info(m2.port(), "replication", "master_replid"));
                    assertEquals(Long.toString(oldOffset), info(m2.port(), "replication", "master_repl_offset"));
                    assertEquals(Long.toString(oldOffset + 1), info(m2.port(), "replication", "second_repl_offset"));
                    assertEquals("1", info(m2.port(), "replication", "repl_backlog_active"));

                    assertEquals("+OK\r\n", call(r.port(), "REPLICAOF", "127.0.0.1", Integer.toString(m2.port())));
                    awaitLinkUp(r.port());
                    populate(m2.port(), "b", 20);
                    awaitSame(m2.port(), r.port());
                    assertEquals("1", info(m2.port(), "stats", "sync_partial_ok"), "continued from the file's history");
                    assertEquals("0", info(m2.port(), "stats", "sync_full"));
                    assertEquals(info(m2.port(), "replication", "master_replid"), info(r.port(), "replication", "master_replid"));
                }
            }
        }
    }
}
