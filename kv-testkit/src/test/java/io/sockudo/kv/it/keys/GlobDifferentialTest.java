package io.sockudo.kv.it.keys;

import io.sockudo.kv.testkit.DifferentialScript;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random glob patterns over the bytes that matter to the matcher ({@code * ? [ ] ^ - \}, case,
 * NUL, high bytes), sent as KEYS to redis-server and sockudo-kv: the matched keys
 * must be the same. Seeded, so a failure reproduces.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GlobDifferentialTest {
    private static final byte[] ALPHABET = {'a', 'b', 'c', 'A', 'B', '*', '?', '[', ']', '^', '-', '\\', 0, (byte) 0xff,
        (byte) 0x80, 'z', '0', '9'};

    private static byte[] random(Random rnd, int min, int max) {
        byte[] b = new byte[min + rnd.nextInt(max - min + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = ALPHABET[rnd.nextInt(ALPHABET.length)];
        }
        return b;
    }

    private static List<byte[]> args(Object... parts) {
        List<byte[]> out = new ArrayList<>();
        for (Object p : parts) {
            out.add(p instanceof byte[] b ? b : String.valueOf(p).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void randomPatternsMatchTheSameKeys() throws Exception {
        Random rnd = new Random(20240607);
        try (RedisServerProcess redis = RedisServerProcess.start();
             EmbeddedServer kv = EmbeddedServer.start();
             RespClient r = new RespClient(redis.port());
             RespClient k = new RespClient(kv.port())) {
            r.callText("FLUSHALL");
            k.callText("FLUSHALL");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                byte[] key = random(rnd, 0, 8);
                if (seen.add(Arrays.toString(key))) {
                    r.call(args("SET", key, "v"));
                    k.call(args("SET", key, "v"));
                }
            }
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                byte[] pattern = random(rnd, 1, 10);
                byte[] a = RespValue.sortedTopLevel(r.call(args("KEYS", pattern)));
                byte[] b = RespValue.sortedTopLevel(k.call(args("KEYS", pattern)));
                if (!Arrays.equals(a, b)) {
                    mismatches.add("KEYS " + DifferentialScript.show(pattern) + "\n  redis:      "
                            + DifferentialScript.show(a) + "\n  sockudo-kv: " + DifferentialScript.show(b));
                }
            }
            assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches:\n"
                    + String.join("\n", mismatches.subList(0, Math.min(10, mismatches.size()))));
        }
    }
}
