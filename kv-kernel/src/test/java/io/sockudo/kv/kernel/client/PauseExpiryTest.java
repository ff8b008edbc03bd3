package io.sockudo.kv.kernel.client;

import io.sockudo.kv.kernel.KernelHarness;
import io.sockudo.kv.kernel.keyspace.Database;
import org.junit.jupiter.api.Test;

import static io.sockudo.kv.kernel.KernelHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** While clients are paused, expired keys read as missing but are not deleted (Redis 7.0). */
class PauseExpiryTest {
    @Test
    void expiryWaitsForTheEndOfThePause() {
        KernelHarness h = new KernelHarness();
        Database db = h.kernel.db(0);
        long locks = h.kernel.locks().allMask();
        h.kernel.locks().lockMask(locks);
        try {
            db.put(bytes("k"), new io.sockudo.kv.kernel.TestValue(), io.sockudo.kv.kernel.util.CommandClock.refresh() - 1);
            h.kernel.pause().pause(ClientPause.Mode.WRITE, io.sockudo.kv.kernel.util.CommandClock.refresh() + 60_000);
            assertNull(db.get(bytes("k")));
            assertEquals(1, db.size());
            h.kernel.pause().unpause();
            assertNull(db.get(bytes("k")));
            assertEquals(0, db.size());
        } finally {
            h.kernel.locks().unlockMask(locks);
        }
    }
}
