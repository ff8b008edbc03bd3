package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import org.junit.jupiter.api.Test;

import static io.sockudo.kv.it.replication.Repl.await;
import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.info;
import static io.sockudo.kv.it.replication.Repl.populate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Chained replicas and promotions with PSYNC2's secondary id, mixing sockudo-kv and redis-server. */
class Psync2Test {

    /** redis master → sockudo replica → redis replica: the middle one proxies the stream verbatim. */
    @Test
    void chainThroughSockudo() throws Exception {
        try (RedisServerProcess top = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             EmbeddedServer middle = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay",
                     "0", "--replicaof", "127.0.0.1", Integer.toString(top.port()))) {
            populate(top.port(), "a", 100);
            awaitLinkUp(middle.port());
            try (RedisServerProcess bottom = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(middle.port()))) {
                awaitLinkUp(bottom.port());
                populate(top.port(), "b", 100);
                awaitSame(top.port(), middle.port());
                awaitSame(middle.port(), bottom.port());
                assertEquals(info(top.port(), "replication", "master_replid"),
                        info(bottom.port(), "replication", "master_replid"));
            }
        }
    }

    /**
     * sockudo master with a sockudo and a redis replica; the sockudo replica is promoted: the redis
     * sibling and the old master follow it with a partial resync (the old id is its replid2).
     */
    @Test
    void promotedSockudoReplicaLetsSiblingsContinue() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0");
             EmbeddedServer r1 = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay",
                     "0", "--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
            populate(m.port(), "a", 100);
            try (RedisServerProcess r2 = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(m.port()))) {
                awaitLinkUp(r1.port());
                awaitLinkUp(r2.port());
                awaitSame(m.port(), r1.port());
                awaitSame(m.port(), r2.port());
                String oldId = info(m.port(), "replication", "master_replid");

                assertEquals("+OK", call(r1.port(), "REPLICAOF", "NO", "ONE").trim());
                assertEquals(oldId, info(r1.port(), "replication", "master_replid2"));
                assertNotEquals(oldId, info(r1.port(), "replication", "master_replid"));
                call(r2.port(), "REPLICAOF", "127.0.0.1", Integer.toString(r1.port()));
                call(m.port(), "REPLICAOF", "127.0.0.1", Integer.toString(r1.port()));
                awaitLinkUp(r2.port());
                awaitLinkUp(m.port());
                populate(r1.port(), "b", 100);
                awaitSame(r1.port(), r2.port());
                awaitSame(r1.port(), m.port());
                assertEquals("2", info(r1.port(), "stats", "sync_partial_ok"));
                assertEquals("0", info(r1.port(), "stats", "sync_full"));
            }
        }
    }

    /** redis master, redis + sockudo replicas; the redis replica is promoted and the sockudo one continues partially. */
    @Test
    void sockudoContinuesWithPromotedRedisSibling() throws Exception {
        try (RedisServerProcess m = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess r2 = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             EmbeddedServer s = EmbeddedServer.start("--enable-debug-command", "yes", "--replicaof", "127.0.0.1",
                     Integer.toString(m.port()))) {
            call(r2.port(), "REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            populate(m.port(), "a", 100);
            awaitLinkUp(s.port());
            awaitLinkUp(r2.port());
            awaitSame(m.port(), s.port());
            awaitSame(m.port(), r2.port());
            call(r2.port(), "REPLICAOF", "NO", "ONE");
            call(s.port(), "REPLICAOF", "127.0.0.1", Integer.toString(r2.port()));
            awaitLinkUp(s.port());
            populate(r2.port(), "b", 50);
            awaitSame(r2.port(), s.port());
            assertEquals("1", info(r2.port(), "stats", "sync_partial_ok"));
            await("replid2 on the sockudo replica", 10, () -> info(m.port(), "replication", "master_replid")
                    .equals(info(s.port(), "replication", "master_replid2")));
        }
    }
}
