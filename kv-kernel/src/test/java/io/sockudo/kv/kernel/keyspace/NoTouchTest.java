package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.KernelHarness;
import org.junit.jupiter.api.Test;

import static io.sockudo.kv.kernel.KernelHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CLIENT NO-TOUCH: reads by such a client leave the access clock alone; suppression nests. */
class NoTouchTest {
    @Test
    void suppressionIsPerThreadAndNests() throws Exception {
        LruClock clock = new LruClock();
        assertFalse(clock.touchSuppressed());
        clock.suppressTouch();
        clock.suppressTouch();
        assertTrue(clock.touchSuppressed());
        boolean[] other = new boolean[1];
        Thread t = new Thread(() -> other[0] = clock.touchSuppressed());
        t.start();
        t.join();
        assertFalse(other[0]);
        clock.restoreTouch();
        assertTrue(clock.touchSuppressed());
        clock.restoreTouch();
        assertFalse(clock.touchSuppressed());
    }

    @Test
    void getLeavesAccessDataAloneWhileSuppressed() {
        LruClock clock = new LruClock();
        Database db = new Database(0, new ShardLocks(1), KeyspaceHooks.NONE, clock);
        db.put(bytes("k"), new io.sockudo.kv.kernel.TestValue());
        db.forEachRawEntry(e -> EntryForm.access(e, 7));
        clock.suppressTouch();
        db.get(bytes("k"));
        clock.restoreTouch();
        assertEquals(7, db.accessData(bytes("k")));
        db.get(bytes("k"));
        assertNotEquals(7, db.accessData(bytes("k")));
    }

    @Test
    void noTouchClientsDoNotTouchThroughTheDispatcher() {
        KernelHarness h = new KernelHarness();
        KernelHarness.Conn c = h.connect();
        assertEquals("+OK\r\n", c.call("CLIENT", "NO-TOUCH", "on"));
        assertTrue(c.client.noTouch());
        h.kernel.registrar().addAll(java.util.List.of(io.sockudo.kv.spi.CommandSpec.builder("suppressed").arity(1)
                .handler(ctx -> ctx.reply().bool(h.kernel.keyspaces().lruClock().touchSuppressed())).build()), "test");
        assertEquals(":1\r\n", c.call("SUPPRESSED"));
        c.call("CLIENT", "NO-TOUCH", "off");
        assertEquals(":0\r\n", c.call("SUPPRESSED"));
    }
}
