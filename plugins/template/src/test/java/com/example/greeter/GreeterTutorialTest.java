package com.example.greeter;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every {@code $ redis-cli ...} exchange of docs/plugin-tutorial.md against a server and
 * compares the output with what the page shows (redis-cli's rendering), so the tutorial cannot
 * rot. Skipped in a copy of the template outside the sockudo-kv repository.
 */
class GreeterTutorialTest {
    @Test
    void tutorialCommandsDoWhatThePageSays() throws IOException {
        Path doc = Path.of("../../docs/plugin-tutorial.md");
        Assumptions.assumeTrue(Files.exists(doc), "not inside the sockudo-kv repository");
        List<String> lines = Files.readAllLines(doc);
        int run = 0;
        try (EmbeddedServer s = EmbeddedServer.startBeside(GreeterPluginTest.jar(), "--enable-module-command", "yes");
             RespClient c = new RespClient(s.port())) {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.startsWith("$ redis-cli ")) {
                    continue;
                }
                List<String> words = new ArrayList<>(List.of(line.substring("$ redis-cli ".length()).trim().split(" +")));
                if (words.size() >= 3 && words.get(0).equalsIgnoreCase("MODULE") && words.get(1).equalsIgnoreCase("LOAD")) {
                    words.set(2, GreeterPluginTest.jar().toString()); // the page's relative path
                }
                StringBuilder expected = new StringBuilder();
                for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ ") && !lines.get(j).startsWith("```"); j++) {
                    expected.append(lines.get(j)).append('\n');
                }
                List<byte[]> argv = new ArrayList<>();
                words.forEach(w -> argv.add(w.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                byte[] raw = c.call(argv);
                String got = raw[0] == '+' ? RespValue.decode(raw) + "\n" : render(RespValue.decode(raw));
                assertEquals(expected.toString(), got, "tutorial line " + (i + 1) + ": " + line);
                run++;
            }
        }
        assertTrue(run >= 10, "the tutorial's exchanges were found: " + run);
    }

    /** redis-cli's rendering of a reply at a terminal. */
    static String render(Object v) {
        if (v == null) {
            return "(nil)\n";
        }
        if (v instanceof RespValue.Error e) {
            return "(error) " + e.message() + "\n";
        }
        if (v instanceof Long n) {
            return "(integer) " + n + "\n";
        }
        if (v instanceof String str) {
            return "\"" + str + "\"\n"; // a bulk string (status replies are rendered bare above)
        }
        if (v instanceof java.util.List<?> list) { // flat arrays, numbered as redis-cli numbers them
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                sb.append(i + 1).append(") ").append(render(list.get(i)));
            }
            return sb.toString();
        }
        return v + "\n";
    }
}
