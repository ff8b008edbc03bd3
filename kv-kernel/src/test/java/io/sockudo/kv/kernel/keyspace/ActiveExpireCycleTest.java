package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.TestValue;
import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.config.KernelConfig;
import io.sockudo.kv.spi.KvValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The active expire cycle run by hand on a kernel (no server, no clock waits). */
class ActiveExpireCycleTest {
    private static final KvValue VALUE = new TestValue();

    private static Kernel kernel() {
        ConfigRegistry config = new ConfigRegistry();
        KernelConfig.registerAll(config);
        return new Kernel(config);
    }

    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void fill(Kernel kernel, int db, String prefix, int n, long expireAt) {
        Database d = kernel.db(db);
        for (int i = 0; i < n; i++) {
            byte[] key = k(prefix + i);
            kernel.locks().lock(kernel.locks().shardOf(key));
            try {
                d.put(key, VALUE, expireAt);
            } finally {
                kernel.locks().unlock(kernel.locks().shardOf(key));
            }
        }
    }

    @Test
    void removesExpiredKeysInEveryDatabaseAndKeepsTheRest() {
        Kernel kernel = kernel();
        long past = System.currentTimeMillis() - 1000;
        fill(kernel, 0, "gone:", 5000, past);
        fill(kernel, 3, "gone:", 300, past);
        fill(kernel, 0, "live:", 200, System.currentTimeMillis() + 600_000);
        fill(kernel, 0, "persistent:", 100, -1);
        ActiveExpireCycle cycle = kernel.newActiveExpireCycle();
        for (int i = 0; i < 1000 && (kernel.db(0).size() > 300 || kernel.db(3).size() > 0); i++) {
            cycle.run();
        }
        assertEquals(300, kernel.db(0).size());
        assertEquals(200, kernel.db(0).volatileSize());
        assertEquals(0, kernel.db(3).size());
        assertEquals(5300, kernel.stats().expiredKeys.sum());
    }

    @Test
    void stopsSamplingAShardOnceFewSampledKeysAreExpired() {
        Kernel kernel = kernel();
        // 1 expired among 10000 live volatile keys: one round samples 20 keys and stops.
        fill(kernel, 0, "live:", 10_000, System.currentTimeMillis() + 600_000);
        fill(kernel, 0, "gone:", 1, System.currentTimeMillis() - 1000);
        kernel.newActiveExpireCycle().runCycle(20, 10, System.nanoTime() + 1_000_000_000L);
        assertTrue(kernel.db(0).size() >= 10_000);
    }

    @Test
    void doesNothingWhenDisabled() {
        Kernel kernel = kernel();
        fill(kernel, 0, "gone:", 100, System.currentTimeMillis() - 1000);
        kernel.activeExpire().enabled(false);
        kernel.newActiveExpireCycle().run();
        assertEquals(100, kernel.db(0).size());
        kernel.activeExpire().enabled(true);
        ActiveExpireCycle cycle = kernel.newActiveExpireCycle();
        for (int i = 0; i < 100 && kernel.db(0).size() > 0; i++) {
            cycle.run();
        }
        assertEquals(0, kernel.db(0).size());
    }

    @Test
    void runsOutOfTimeAndResumesWithTheNextDatabase() {
        Kernel kernel = kernel();
        fill(kernel, 0, "gone:", 2000, System.currentTimeMillis() - 1000);
        fill(kernel, 1, "gone:", 2000, System.currentTimeMillis() - 1000);
        ActiveExpireCycle cycle = kernel.newActiveExpireCycle();
        // a deadline already passed: one round per database at most, then the next call continues
        cycle.runCycle(20, 10, System.nanoTime() - 1);
        assertTrue(kernel.db(0).size() < 2000);
        assertEquals(2000, kernel.db(1).size());
        cycle.runCycle(20, 10, System.nanoTime() - 1);
        assertTrue(kernel.db(1).size() < 2000);
    }
}
