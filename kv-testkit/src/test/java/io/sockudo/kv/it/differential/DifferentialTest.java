package io.sockudo.kv.it.differential;

import io.sockudo.kv.testkit.DifferentialScript;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every script under {@code src/test/resources/differential/} against a real redis-server and
 * against sockudo-kv, and fails on any reply that differs by a single byte. The system property
 * {@code sockudo.kv.diff} restricts the run to the scripts whose names start with its value.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DifferentialTest {
    private static RedisServerProcess redis;
    private static EmbeddedServer kv;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        // the oracle runs with --enable-debug-command yes (RedisServerProcess); so does sockudo-kv here
        kv = EmbeddedServer.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() {
        if (kv != null) {
            kv.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(DifferentialTest.class.getResource("/differential").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            // -Dsockudo.kv.diff=<prefix> runs only the scripts whose names start with the prefix
            String only = System.getProperty("sockudo.kv.diff", "");
            files = s.filter(p -> p.toString().endsWith(".txt"))
                    .filter(p -> p.getFileName().toString().startsWith(only)).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String content = Files.readString(f, StandardCharsets.UTF_8);
            List<String> mismatches = DifferentialScript.run(f.getFileName().toString(),
                    DifferentialScript.parse(content), redis.port(), kv.port());
            assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatch(es):\n" + String.join("\n", mismatches));
        }));
    }
}
