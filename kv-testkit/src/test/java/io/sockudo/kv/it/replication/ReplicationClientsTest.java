package io.sockudo.kv.it.replication;

import io.sockudo.kv.kernel.KvServer;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A runtime REPLICAOF in CONFIG GET/REWRITE; the master link and replicas in CLIENT LIST and INFO clients, as Redis. */
class ReplicationClientsTest {
    @TempDir
    Path dir;

    @Test
    void runtimeReplicaofIsConfigAndTheLinksAreClients() throws Exception {
        Path conf = dir.resolve("kv.conf");
        Files.writeString(conf, "dir " + dir + "\nsave \"\"\nenable-debug-command yes\n");
        try (EmbeddedServer m = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0")) {
            KvServer r = KvServer.start(conf.toString(), "--bind", "127.0.0.1", "--port", "0");
            try {
                assertEquals("*2\r\n$9\r\nreplicaof\r\n$0\r\n\r\n", call(r.port(), "CONFIG", "GET", "replicaof"));
                call(r.port(), "REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
                String value = "127.0.0.1 " + m.port();
                assertEquals("*2\r\n$9\r\nreplicaof\r\n$" + value.length() + "\r\n" + value + "\r\n",
                        call(r.port(), "CONFIG", "GET", "replicaof"));
                assertEquals("+OK\r\n", call(r.port(), "CONFIG", "REWRITE"));
                assertTrue(Files.readAllLines(conf).contains("replicaof " + value), Files.readString(conf));
                awaitLinkUp(r.port());
                call(m.port(), "SET", "k", "v");
                awaitSame(m.port(), r.port());

                String masterLine = call(r.port(), "CLIENT", "LIST", "TYPE", "master");
                assertTrue(masterLine.contains(" flags=M "), masterLine);
                assertTrue(masterLine.contains(" addr=127.0.0.1:" + m.port() + " "), masterLine);
                String replicaLine = call(m.port(), "CLIENT", "LIST", "TYPE", "replica");
                assertTrue(replicaLine.contains(" flags=S "), replicaLine);
                // each call() uses its own connection: the server may count the previous one until its close is processed
                Repl.await("replicas are not counted", 10, () -> "1".equals(info(m.port(), "clients", "connected_clients")));
                Repl.await("the master link is counted", 10, () -> "2".equals(info(r.port(), "clients", "connected_clients")));

                // killing the master client drops the link: it comes back and continues
                assertEquals(":1\r\n", call(r.port(), "CLIENT", "KILL", "TYPE", "master"));
                awaitLinkUp(r.port());
                call(m.port(), "SET", "k2", "v2");
                awaitSame(m.port(), r.port());
                assertEquals("1", info(m.port(), "stats", "sync_partial_ok"));

                assertEquals("+OK\r\n", call(r.port(), "REPLICAOF", "NO", "ONE"));
                assertEquals("*2\r\n$9\r\nreplicaof\r\n$0\r\n\r\n", call(r.port(), "CONFIG", "GET", "replicaof"));
                assertEquals("", call(r.port(), "CLIENT", "LIST", "TYPE", "master").replaceAll("^\\$0\r\n|\r\n$", ""));
                assertEquals("+OK\r\n", call(r.port(), "CONFIG", "REWRITE"));
                assertFalse(Files.readString(conf).contains("replicaof"), Files.readString(conf));
            } finally {
                r.close();
            }
        }
    }

    /** The same facts as redis-server shows them for its master link. */
    @Test
    void sameAsRedis() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess redis = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(m.port()));
             EmbeddedServer kv = EmbeddedServer.start("--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
            awaitLinkUp(redis.port());
            awaitLinkUp(kv.port());
            for (int port : new int[]{redis.port(), kv.port()}) {
                String line = call(port, "CLIENT", "LIST", "TYPE", "master");
                assertTrue(line.contains(" flags=M db=0 "), line);
                assertTrue(line.contains(" addr=127.0.0.1:" + m.port() + " "), line);
            }
            String lines = call(m.port(), "CLIENT", "LIST", "TYPE", "replica");
            assertEquals(2, lines.split(" flags=S ", -1).length - 1, lines);
        }
    }
}
