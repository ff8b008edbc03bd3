package io.sockudo.kv.it.keys;

import io.sockudo.kv.testkit.DifferentialScript;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OBJECT FREQ / IDLETIME / REFCOUNT under an LFU maxmemory policy, against redis-server started
 * with the same policy (the shared differential servers run without one).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KeysLfuDifferentialTest {
    private static final String SCRIPT = String.join("\n",
            "OBJECT FREQ nokey",
            "OBJECT IDLETIME nokey",
            "SET k v",
            "OBJECT IDLETIME k",
            // a new key starts at LFU_INIT_VAL (5); the first access always increments it
            "OBJECT FREQ k",
            "GET k",
            "OBJECT FREQ k",
            "OBJECT FREQ k",
            "TYPE k",
            "EXISTS k",
            "OBJECT FREQ k",
            "SET n 5",
            "OBJECT REFCOUNT n",
            "OBJECT FREQ n",
            "OBJECT ENCODING n",
            "FLUSHALL");

    @Test
    void lfuPolicy() throws Exception {
        run("--maxmemory-policy", "allkeys-lfu");
    }

    @Test
    void lfuPolicyWithMaxmemoryDisablesSharedIntegers() throws Exception {
        run("--maxmemory-policy", "volatile-lfu", "--maxmemory", "100mb");
    }

    private static void run(String... args) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(args);
             EmbeddedServer kv = EmbeddedServer.start(args)) {
            List<String> mismatches = DifferentialScript.run("keys-lfu", DifferentialScript.parse(SCRIPT),
                    redis.port(), kv.port());
            assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        }
    }
}
