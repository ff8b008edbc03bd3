package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.TestValue;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.config.KernelConfig;
import io.sockudo.kv.spi.ActiveExpireHook;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Module active-expire hooks: called per database by the cycle, key access under the key's lock, budget, unload. */
class ModuleExpireHookTest {
    private static Kernel kernel() {
        ConfigRegistry config = new ConfigRegistry();
        KernelConfig.registerAll(config);
        return new Kernel(config);
    }

    private static void load(Kernel kernel, String name, ActiveExpireHook hook) {
        kernel.modules().register(new KvModule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int version() {
                return 1;
            }

            @Override
            public void register(ModuleRegistry registry, List<String> args) {
                registry.activeExpireHook(hook);
            }
        }, null, List.of(), () -> { });
    }

    @Test
    void hookRunsForEveryDatabaseAndMayDeleteKeysUnderTheirLock() {
        Kernel kernel = kernel();
        byte[] key = "victim".getBytes(StandardCharsets.US_ASCII);
        kernel.db(2).put(key, new TestValue());
        List<Integer> visited = new ArrayList<>();
        load(kernel, "hooked", scope -> {
            visited.add(scope.db().index());
            assertTrue(scope.now() > 0);
            assertFalse(scope.timeUp());
            scope.withKey(key, () -> {
                scope.db().delete(key);
            });
        });
        kernel.newActiveExpireCycle().runCycle(20, 10, System.nanoTime() + 5_000_000_000L);
        assertEquals(kernel.databaseCount(), visited.size());
        assertNull(kernel.db(2).peek(key));
        kernel.modules().unregister("hooked");
        assertEquals(0, kernel.modules().activeExpireHooks().length);
    }

    @Test
    void noHookRunsOnceTheBudgetIsSpent() {
        Kernel kernel = kernel();
        int[] calls = {0};
        load(kernel, "late", scope -> calls[0]++);
        kernel.newActiveExpireCycle().runCycle(20, 10, System.nanoTime() - 1);
        assertEquals(0, calls[0]);
    }
}
