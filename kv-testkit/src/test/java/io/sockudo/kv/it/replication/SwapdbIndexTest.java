package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.Test;

import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica's {@code repl-diskless-load swapdb} full sync replaces the dataset under the families'
 * indexes: after the swap a search index holds exactly the loaded documents, none of the old ones
 * (the scratch load is silent; the swap announces a flush and every loaded key).
 */
class SwapdbIndexTest {

    private static String count(int port, String query) throws Exception {
        String reply = call(port, "FT.SEARCH", "idx", query, "NOCONTENT");
        int first = reply.indexOf("\r\n");
        int second = reply.indexOf("\r\n", first + 2);
        // the array's first element is the total; anything else (an error) fails the comparison whole
        return reply.startsWith("*") && second > 0 ? reply.substring(first + 2, second) : reply;
    }

    @Test
    void indexFollowsTheSwappedInDataset() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0");
             EmbeddedServer r = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-load", "swapdb",
                     "--replicaof", "127.0.0.1", Integer.toString(m.port()))) {
            assertEquals("+OK\r\n", call(m.port(), "FT.CREATE", "idx", "ON", "HASH", "PREFIX", "1", "doc:",
                    "SCHEMA", "name", "TEXT"));
            call(m.port(), "HSET", "doc:1", "name", "alpha");
            call(m.port(), "HSET", "doc:2", "name", "beta");
            awaitLinkUp(r.port());
            awaitSame(m.port(), r.port());
            assertEquals(":1", count(r.port(), "alpha"));

            // the replica leaves, writes a document of its own, and comes back: a new history, so a full sync
            assertEquals("+OK\r\n", call(r.port(), "REPLICAOF", "NO", "ONE"));
            call(r.port(), "HSET", "doc:3", "name", "gamma");
            assertEquals(":1", count(r.port(), "gamma"));
            call(m.port(), "DEL", "doc:1");
            call(m.port(), "HSET", "doc:4", "name", "delta");
            assertEquals("+OK\r\n", call(r.port(), "REPLICAOF", "127.0.0.1", Integer.toString(m.port())));
            awaitLinkUp(r.port());
            awaitSame(m.port(), r.port());
            assertTrue(Integer.parseInt(info(m.port(), "stats", "sync_full")) >= 2, "a second full sync");

            assertEquals(":0", count(r.port(), "gamma"), "the replica's own document went with its dataset");
            assertEquals(":0", count(r.port(), "alpha"), "deleted on the master");
            assertEquals(":1", count(r.port(), "delta"));
            assertEquals(":1", count(r.port(), "beta"));
        }
    }
}
