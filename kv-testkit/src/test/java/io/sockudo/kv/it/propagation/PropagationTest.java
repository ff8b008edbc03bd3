package io.sockudo.kv.it.propagation;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.PropagationScript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The propagated form of every write command of every family: each script under
 * {@code src/test/resources/propagation/} runs commands and states what the propagation stream
 * (AOF, replicas) must carry for each. A command the table marks write or may-replicate that no
 * script runs fails {@link #everyPropagatingCommandHasACase()}: a new write command needs a case.
 */
class PropagationTest {
    private static EmbeddedServer kv;
    /** The target of MIGRATE cases ({@code {{$target_port}}}). */
    private static EmbeddedServer target;
    private static PropagationScript.Capture capture;
    private static Map<String, Set<String>> table;
    private static final Set<String> COVERED = new TreeSet<>();

    @BeforeAll
    static void start() throws IOException, URISyntaxException, InterruptedException {
        kv = EmbeddedServer.start("--enable-debug-command", "yes");
        capture = kv.capturePropagation();
        target = EmbeddedServer.start();
        table = PropagationScript.commandFlags(kv.port());
        Map<String, byte[]> vars = Map.of("target_port",
                Integer.toString(target.port()).getBytes(StandardCharsets.US_ASCII));
        // Cover every script here rather than relying on the order of the test methods.
        for (Path f : scripts()) {
            String name = f.getFileName().toString();
            RESULTS.add(new Result(name, PropagationScript.run(name, Files.readString(f, StandardCharsets.UTF_8), kv,
                    capture, PropagationScript.containers(table), COVERED, vars)));
        }
    }

    private record Result(String script, List<String> problems) {
    }

    private static final List<Result> RESULTS = new ArrayList<>();

    @AfterAll
    static void stop() {
        if (kv != null) {
            kv.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private static List<Path> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(PropagationTest.class.getResource("/propagation").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> scriptsPropagateAsExpected() {
        return RESULTS.stream().map(r -> DynamicTest.dynamicTest(r.script(), () ->
                assertTrue(r.problems().isEmpty(),
                        r.problems().size() + " problem(s):\n" + String.join("\n", r.problems()))));
    }

    @Test
    void everyPropagatingCommandHasACase() {
        Set<String> missing = new TreeSet<>(PropagationScript.propagatingCommands(table));
        missing.removeAll(COVERED);
        assertTrue(missing.isEmpty(), "write commands without a propagation case: " + missing);
    }
}
