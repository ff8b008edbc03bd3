package io.sockudo.kv.kernel.commands.transactions;

import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.KeyspaceHooks;
import io.sockudo.kv.kernel.keyspace.LruClock;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import org.junit.jupiter.api.Test;

import static io.sockudo.kv.kernel.KernelHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatchRegistryTest {
    private final ShardLocks locks = new ShardLocks(4);
    private final Database db0 = new Database(0, locks, KeyspaceHooks.NONE, new LruClock());
    private final Database db1 = new Database(1, locks, KeyspaceHooks.NONE, new LruClock());

    @Test
    void marksOnlyWatchersOfTheWrittenKeyInItsDatabase() {
        WatchRegistry r = new WatchRegistry();
        TransactionState a = new TransactionState();
        TransactionState b = new TransactionState();
        r.watch(a, 0, bytes("k"));
        r.watch(a, 0, bytes("k"));
        r.watch(b, 1, bytes("k"));
        assertEquals(1, a.watched.size());
        assertEquals(2, r.watchedKeys());
        r.keyWritten(db0, bytes("other"));
        assertFalse(a.dirty);
        r.keyWritten(db0, bytes("k"));
        assertTrue(a.dirty);
        assertFalse(b.dirty);
        r.unwatchAll(a);
        assertFalse(a.dirty);
        assertEquals(1, r.watchedKeys());
        r.unwatchAll(b);
        assertEquals(0, r.watchedKeys());
        r.keyWritten(db1, bytes("k"));
        assertFalse(b.dirty);
    }
}
