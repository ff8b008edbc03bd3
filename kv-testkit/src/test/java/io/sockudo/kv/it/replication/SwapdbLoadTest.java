package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;

import static io.sockudo.kv.it.replication.Repl.await;
import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.digest;
import static io.sockudo.kv.it.replication.Repl.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code repl-diskless-load swapdb}: the RDB is parsed from the socket into scratch databases while
 * the old dataset keeps serving (the same history: async loading), or is kept when the transfer
 * fails (a new history: LOADING meanwhile). The redis-server master is slowed with
 * {@code rdb-key-save-delay} so that the transfer lasts while the test looks.
 */
class SwapdbLoadTest {

    private static void fill(int port, String prefix, int n) throws Exception {
        try (RespClient c = new RespClient(port)) {
            fill(c, prefix, n);
        }
    }

    private static void fill(RespClient c, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i += 100) {
            String[] args = new String[1 + 200];
            args[0] = "MSET";
            for (int j = 0; j < 100; j++) {
                args[1 + 2 * j] = prefix + (i + j);
                args[2 + 2 * j] = "v" + (i + j);
            }
            c.callText(args);
        }
    }

    @Test
    void sameHistoryServesTheOldDataWhileLoading() throws Exception {
        try (RedisServerProcess m = RedisServerProcess.start("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay",
                "0", "--repl-backlog-size", "16384");
             EmbeddedServer r = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-load", "swapdb",
                     "--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
            fill(m.port(), "k", 2000);
            call(m.port(), "SET", "marker", "old");
            awaitLinkUp(r.port());
            awaitSame(m.port(), r.port());
            // the link drops and the backlog cannot cover what follows: a full sync of the same history
            call(m.port(), "CONFIG", "SET", "rdb-key-save-delay", "500"); // 0.5 ms per key: ~2.5 s of transfer
            // The replica retries its link once a second: a password on the master keeps it out until
            // the writes below are in (its PSYNC is refused with NOAUTH), so it can never continue
            // partially in the middle of them.
            call(m.port(), "CONFIG", "SET", "requirepass", "hold");
            assertEquals(":1", call(r.port(), "CLIENT", "KILL", "TYPE", "master").trim());
            try (RespClient c = new RespClient(m.port())) {
                assertEquals("+OK", c.callText("AUTH", "hold").trim());
                c.callText("SET", "marker", "new");
                fill(c, "x", 3000); // more than the backlog holds
                c.callText("CONFIG", "SET", "requirepass", "");
            }
            await("async loading", 20, () -> "1".equals(info(r.port(), "persistence", "async_loading")));
            assertEquals("$3\r\nold\r\n", call(r.port(), "GET", "marker"), "the old data is served meanwhile");
            assertTrue(call(r.port(), "REPLICAOF", "NO", "ONE").startsWith("-LOADING"), "no-async-loading commands wait");
            call(m.port(), "CONFIG", "SET", "rdb-key-save-delay", "0");
            awaitLinkUp(r.port());
            awaitSame(m.port(), r.port());
            assertEquals("$3\r\nnew\r\n", call(r.port(), "GET", "marker"));
            assertEquals("2", info(m.port(), "stats", "sync_full"));
        }
    }

    @Test
    void newHistoryKeepsTheOldDataWhenTheTransferFails() throws Exception {
        try (RedisServerProcess a = RedisServerProcess.start();
             EmbeddedServer r = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-load", "swapdb",
                     "--replicaof", "127.0.0.1", Integer.toString(a.port()))) {
            fill(a.port(), "a", 500);
            awaitLinkUp(r.port());
            awaitSame(a.port(), r.port());
            String before = digest(r.port());
            RedisServerProcess b = RedisServerProcess.start("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay",
                    "0", "--rdb-key-save-delay", "2000");
            try {
                fill(b.port(), "b", 3000); // 6 s of transfer
                call(r.port(), "REPLICAOF", "127.0.0.1", Integer.toString(b.port()));
                await("the transfer", 20, () -> "1".equals(info(r.port(), "replication", "master_sync_in_progress")));
                await("LOADING", 20, () -> call(r.port(), "GET", "a1").startsWith("-LOADING"));
            } finally {
                b.close(); // the master goes away in the middle of the transfer
            }
            await("the load to give up", 20, () -> !call(r.port(), "GET", "a1").startsWith("-LOADING"));
            assertEquals("$2\r\nv1\r\n", call(r.port(), "GET", "a1"));
            assertEquals(before, digest(r.port()), "the old dataset, whole");
        }
    }
}
