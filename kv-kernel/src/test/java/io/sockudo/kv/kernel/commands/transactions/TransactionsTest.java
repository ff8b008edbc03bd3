package io.sockudo.kv.kernel.commands.transactions;

import io.sockudo.kv.kernel.KernelHarness;
import io.sockudo.kv.kernel.KernelHarness.Conn;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.spi.CommandSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sockudo.kv.kernel.KernelHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MULTI/EXEC/WATCH against the kernel without a network: expiry, flush, swap, cleanup, canBlock. */
class TransactionsTest {
    private final KernelHarness h = new KernelHarness();

    private void put(int db, String key, long expireAt) {
        ShardLocks locks = h.kernel.locks();
        locks.lockMask(locks.allMask());
        try {
            h.kernel.db(db).put(bytes(key), new io.sockudo.kv.kernel.TestValue(), expireAt);
        } finally {
            locks.unlockMask(locks.allMask());
        }
    }

    private void underAllLocks(Runnable r) {
        ShardLocks locks = h.kernel.locks();
        locks.lockMask(locks.allMask());
        try {
            r.run();
        } finally {
            locks.unlockMask(locks.allMask());
        }
    }

    private static String emptyExec(Conn c) {
        assertEquals("+OK\r\n", c.call("MULTI"));
        return c.call("EXEC");
    }

    @Test
    void watchedKeyWhoseTtlRunsOutAbortsExec() throws InterruptedException {
        Conn c = h.connect();
        put(0, "k", System.currentTimeMillis() + 40);
        assertEquals("+OK\r\n", c.call("WATCH", "k"));
        Thread.sleep(80);
        assertEquals("*-1\r\n", emptyExec(c));
    }

    @Test
    void keyAlreadyExpiredWhenWatchedDoesNotAbort() {
        Conn c = h.connect();
        put(0, "k", System.currentTimeMillis() - 1);
        c.call("WATCH", "k");
        assertEquals("*0\r\n", emptyExec(c));
    }

    @Test
    void writeAndDeleteAbort() {
        Conn c = h.connect();
        c.call("WATCH", "k");
        put(0, "k", -1);
        assertEquals("*-1\r\n", emptyExec(c));
        c.call("WATCH", "k");
        underAllLocks(() -> h.kernel.db(0).remove(bytes("k")));
        assertEquals("*-1\r\n", emptyExec(c));
        // Deleting a missing key writes nothing.
        c.call("WATCH", "k");
        underAllLocks(() -> h.kernel.db(0).remove(bytes("k")));
        assertEquals("*0\r\n", emptyExec(c));
    }

    @Test
    void flushAbortsOnlyWhenTheWatchedKeyExisted() {
        Conn c = h.connect();
        put(0, "present", -1);
        c.call("WATCH", "present");
        underAllLocks(() -> h.kernel.db(0).clear());
        assertEquals("*-1\r\n", emptyExec(c));
        c.call("WATCH", "absent");
        underAllLocks(() -> h.kernel.db(0).clear());
        assertEquals("*0\r\n", emptyExec(c));
        // Flushing another database leaves the watch alone.
        put(0, "present", -1);
        c.call("WATCH", "present");
        underAllLocks(() -> h.kernel.db(1).clear());
        assertEquals("*0\r\n", emptyExec(c));
    }

    @Test
    void swapAbortsWhenTheKeyExistsOnEitherSide() {
        Conn c = h.connect();
        put(1, "only-in-1", -1);
        c.call("WATCH", "only-in-1");
        Database d0 = h.kernel.db(0);
        Database d1 = h.kernel.db(1);
        underAllLocks(() -> d0.swapWith(d1));
        assertEquals("*-1\r\n", emptyExec(c));
        c.call("WATCH", "nowhere");
        underAllLocks(() -> d0.swapWith(d1));
        assertEquals("*0\r\n", emptyExec(c));
    }

    @Test
    void execRunsQueuedCommandsWithoutBlockingAndCountsTheirErrors() {
        List<Boolean> seen = new ArrayList<>();
        h.kernel.registrar().addAll(List.of(CommandSpec.builder("probe").arity(1).handler(ctx -> {
            seen.add(ctx.canBlock());
            ctx.reply().ok();
        }).build()), "test");
        Conn c = h.connect();
        c.call("PROBE");
        c.call("MULTI");
        assertEquals("+QUEUED\r\n", c.call("PROBE"));
        assertEquals("+QUEUED\r\n", c.call("SELECT", "x"));
        assertEquals("*2\r\n+OK\r\n-ERR value is not an integer or out of range\r\n", c.call("EXEC"));
        c.call("PROBE");
        assertEquals(List.of(true, false, true), seen);
        var exec = h.kernel.commands().lookup(bytes("exec"));
        var select = h.kernel.commands().lookup(bytes("select"));
        assertEquals(0, exec.failedCalls.sum());
        assertEquals(1, select.failedCalls.sum());
    }

    @Test
    void noMultiCommandsAreRefusedAndAbortTheTransaction() {
        h.kernel.registrar().addAll(List.of(CommandSpec.builder("solo").arity(1)
                .flags(io.sockudo.kv.spi.CommandFlag.NO_MULTI).handler(ctx -> ctx.reply().ok()).build()), "test");
        Conn c = h.connect();
        c.call("MULTI");
        assertEquals("-ERR Command not allowed inside a transaction\r\n", c.call("SOLO"));
        assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.call("EXEC"));
        assertEquals("+OK\r\n", c.call("SOLO"));
    }

    @Test
    void closeAndResetDropTransactionAndWatches() {
        Conn c = h.connect();
        c.call("WATCH", "a", "b");
        c.call("MULTI");
        c.call("PING");
        TransactionState t = (TransactionState) c.client.transaction();
        assertEquals(2, t.watched.size());
        c.close();
        assertFalse(TransactionCommands.inMulti(c.client));
        assertTrue(t.watched.isEmpty());
        Conn d = h.connect();
        d.call("WATCH", "a");
        d.call("MULTI");
        assertEquals("+RESET\r\n", d.call("RESET"));
        assertTrue(((TransactionState) d.client.transaction()).watched.isEmpty());
        assertEquals("-ERR EXEC without MULTI\r\n", d.call("EXEC"));
    }
}
