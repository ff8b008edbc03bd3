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

/** FAILOVER (Redis 6.2+): coordinated hand-over to a replica, both ways with redis-server, and its errors. */
class FailoverTest {

    @Test
    void sockudoMasterFailsOverToItsReplica() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0");
             EmbeddedServer r = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0",
                     "--replicaof", "127.0.0.1", Integer.toString(m.port()));
             RedisServerProcess other = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
            awaitLinkUp(r.port()); // not while its first sync loads (LOADING comes first, as in Redis)
            assertEquals("-ERR FAILOVER is not valid when server is a replica.\r\n", call(r.port(), "FAILOVER"));
            assertEquals("-ERR No failover in progress.\r\n", call(m.port(), "FAILOVER", "ABORT"));
            assertEquals("-ERR FAILOVER with force option requires both a timeout and target HOST and IP.\r\n",
                    call(m.port(), "FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port()), "FORCE"));
            assertEquals("-ERR FAILOVER timeout must be greater than 0\r\n", call(m.port(), "FAILOVER", "TIMEOUT", "0"));
            assertEquals("-ERR syntax error\r\n", call(m.port(), "FAILOVER", "TO", "127.0.0.1"));
            populate(m.port(), "a", 50);
            awaitLinkUp(r.port());
            awaitLinkUp(other.port());
            awaitSame(m.port(), r.port());
            assertEquals("-ERR FAILOVER target HOST and PORT is not a replica.\r\n",
                    call(m.port(), "FAILOVER", "TO", "127.0.0.1", "1"));

            assertEquals("+OK\r\n", call(m.port(), "FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port()),
                    "TIMEOUT", "20000"));
            await("the hand-over", 30, () -> "master".equals(info(r.port(), "replication", "role"))
                    && "slave".equals(info(m.port(), "replication", "role"))
                    && "no-failover".equals(info(m.port(), "replication", "master_failover_state")));
            awaitLinkUp(m.port());
            assertEquals("+OK\r\n", call(r.port(), "SET", "after", "failover"));
            assertEquals("-READONLY You can't write against a read only replica.\r\n", call(m.port(), "SET", "x", "y"));
            awaitSame(r.port(), m.port());
            assertEquals("1", info(r.port(), "stats", "sync_partial_ok"), "the old master continued partially");
            // the redis sibling follows the new master too (it is told by nobody: point it there)
            call(other.port(), "REPLICAOF", "127.0.0.1", Integer.toString(r.port()));
            awaitLinkUp(other.port());
            awaitSame(r.port(), other.port());
        }
    }

    @Test
    void redisMasterFailsOverToSockudo() throws Exception {
        try (RedisServerProcess m = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             EmbeddedServer r = EmbeddedServer.start("--enable-debug-command", "yes", "--replicaof", "127.0.0.1",
                     Integer.toString(m.port()))) {
            populate(m.port(), "a", 50);
            awaitLinkUp(r.port());
            awaitSame(m.port(), r.port());
            assertEquals("+OK\r\n", call(m.port(), "FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port()),
                    "TIMEOUT", "20000"));
            await("the hand-over", 30, () -> "master".equals(info(r.port(), "replication", "role"))
                    && "up".equals(info(m.port(), "replication", "master_link_status")));
            assertEquals("+OK\r\n", call(r.port(), "SET", "after", "failover"));
            awaitSame(r.port(), m.port());
            assertEquals("1", info(r.port(), "stats", "sync_partial_ok"));
        }
    }

    @Test
    void abortAndTimeout() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess r = RedisServerProcess.start("--replicaof", "127.0.0.1", "0")) {
            call(r.port(), "REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitLinkUp(r.port());
            // the replica cannot acknowledge while it sleeps: the failover waits, then ABORT
            Thread sleeper = new Thread(() -> {
                try {
                    call(r.port(), "DEBUG", "SLEEP", "5");
                } catch (Exception e) {
                    // ends with the test
                }
            });
            sleeper.start();
            Thread.sleep(200);
            call(m.port(), "SET", "k", "v"); // not acknowledged while the replica sleeps
            assertEquals("+OK\r\n", call(m.port(), "FAILOVER"));
            assertEquals("waiting-for-sync", info(m.port(), "replication", "master_failover_state"));
            assertEquals("-ERR FAILOVER already in progress.\r\n", call(m.port(), "FAILOVER"));
            assertEquals("+OK\r\n", call(m.port(), "FAILOVER", "ABORT"));
            assertEquals("no-failover", info(m.port(), "replication", "master_failover_state"));
            assertEquals("+OK\r\n", call(m.port(), "SET", "k", "v2"), "writes are not paused any more");
            // a timeout without FORCE gives up
            assertEquals("+OK\r\n", call(m.port(), "SET", "k", "v3"));
            assertEquals("+OK\r\n", call(m.port(), "FAILOVER", "TIMEOUT", "100"));
            await("the timeout", 10, () -> "no-failover".equals(info(m.port(), "replication", "master_failover_state")));
            assertEquals("master", info(m.port(), "replication", "role"));
            sleeper.join();
        }
    }
}
