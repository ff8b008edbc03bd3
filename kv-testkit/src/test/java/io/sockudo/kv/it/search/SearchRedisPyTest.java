package io.sockudo.kv.it.search;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * redis-py's search helpers (Debian's python3-redis) parse every FT.* reply: index creation with
 * every field type, searches with scores, sorting, RETURN, FILTER, HIGHLIGHT/SUMMARIZE, KNN with
 * PARAMS, aggregations with reducers, APPLY/FILTER and cursors, FT.INFO, FT.EXPLAIN, aliases, spell
 * check, dictionaries, synonyms, tag values, FT.CONFIG, suggestions, FT.PROFILE and FT.DROPINDEX.
 * The printed results are compared with the expected file. Skipped when python3 has no redis module.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SearchRedisPyTest {
    private static String python() throws InterruptedException {
        for (String p : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process pr = new ProcessBuilder(p, "-c", "import redis.commands.search.aggregation")
                        .redirectErrorStream(true).start();
                pr.getInputStream().readAllBytes();
                if (pr.waitFor(30, TimeUnit.SECONDS) && pr.exitValue() == 0) {
                    return p;
                }
            } catch (IOException e) {
                // not this one
            }
        }
        return null;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SearchRedisPyTest.class.getResourceAsStream("/search/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void redisPySearchHelpersParseEveryReply() throws Exception {
        String python = python();
        assumeTrue(python != null, "python3 with the redis module (python3-redis) is not installed");
        Path script = Files.createTempFile("redis_py_client", ".py");
        try (EmbeddedServer server = EmbeddedServer.start()) {
            Files.writeString(script, resource("redis_py_client.py"));
            Process pr = new ProcessBuilder(python, script.toString(), Integer.toString(server.port()))
                    .redirectErrorStream(true).start();
            String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            pr.waitFor(60, TimeUnit.SECONDS);
            assertEquals(resource("redis_py_client.expected"), out);
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
