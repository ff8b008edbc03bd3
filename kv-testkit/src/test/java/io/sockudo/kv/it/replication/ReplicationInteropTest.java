package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.info;
import static io.sockudo.kv.it.replication.Repl.populate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replication with a real redis-server on the other side, both ways: a full sync (disk and
 * diskless), live writes of every core type, then a partial resync after the link is cut; the
 * datasets end identical (DEBUG DIGEST) and the offsets agree.
 */
class ReplicationInteropTest {

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void redisReplicatesFromSockudo(String diskless) throws Exception {
        try (EmbeddedServer master = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync",
                diskless, "--repl-diskless-sync-delay", "0")) {
            populate(master.port(), "before", 200);
            try (RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(master.port()))) {
                awaitLinkUp(replica.port());
                awaitSame(master.port(), replica.port());
                populate(master.port(), "live", 100);
                awaitSame(master.port(), replica.port());
                assertEquals("1", info(master.port(), "replication", "connected_slaves"));
                assertTrue(info(master.port(), "replication", "slave0").contains("state=online"));

                // cut the link from the replica's side: it reconnects and continues from the backlog
                call(replica.port(), "CLIENT", "KILL", "TYPE", "master");
                populate(master.port(), "after", 50);
                awaitLinkUp(replica.port());
                awaitSame(master.port(), replica.port());
                assertEquals("1", info(master.port(), "stats", "sync_partial_ok"));
                assertEquals("1", info(master.port(), "stats", "sync_full"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk:disabled", "diskless:disabled", "disk:swapdb", "diskless:on-empty-db"})
    void sockudoReplicatesFromRedis(String mode) throws Exception {
        String[] m = mode.split(":");
        try (RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync",
                m[0].equals("diskless") ? "yes" : "no", "--repl-diskless-sync-delay", "0")) {
            populate(master.port(), "before", 200);
            try (EmbeddedServer replica = EmbeddedServer.start("--enable-debug-command", "yes", "--replicaof",
                    "127.0.0.1", Integer.toString(master.port()), "--repl-diskless-load", m[1])) {
                awaitLinkUp(replica.port());
                awaitSame(master.port(), replica.port());
                populate(master.port(), "live", 100);
                awaitSame(master.port(), replica.port());
                assertEquals("slave", info(replica.port(), "replication", "role"));
                assertTrue(call(replica.port(), "SET", "x", "y").startsWith("-READONLY"));

                call(master.port(), "CLIENT", "KILL", "TYPE", "replica");
                populate(master.port(), "after", 50);
                awaitLinkUp(replica.port());
                awaitSame(master.port(), replica.port());
                assertEquals("1", info(master.port(), "stats", "sync_partial_ok"));
            }
        }
    }
}
