package io.sockudo.kv.kernel.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CONFIG REWRITE's file transformation, modelled on what redis-server 7.0 writes. */
class ConfigRewriterTest {
    @TempDir
    Path dir;

    private static ConfigRegistry registry() {
        ConfigRegistry r = new ConfigRegistry();
        KernelConfig.registerAll(r);
        return r;
    }

    @Test
    void keepsCommentsAndUnknownLinesReplacesAndAppends() {
        ConfigRegistry r = registry();
        r.set("dir", dir.toString());
        r.set("hz", "10");
        r.set("maxmemory", "1gb");
        r.set("maxmemory-policy", "allkeys-lru");
        r.set("notify-keyspace-events", "KEA");
        r.set("slowlog-max-len", "129");
        r.set("save", "");
        List<String> old = List.of("port 27399", "bind 127.0.0.1", "hz 20", "hz 30", "maxmemory 100mb",
                "   # indented comment", "io-threads 4", "slaveof 10.0.0.1 6379", "appendonly no", "");
        String expected = String.join("\n",
                "port 6379",
                "bind * -::*",
                "hz 10",
                "",
                "maxmemory 1gb",
                "# indented comment",
                "io-threads 4",
                "",
                "appendonly no",
                "",
                ConfigRewriter.SIGNATURE,
                "maxmemory-policy allkeys-lru",
                "notify-keyspace-events \"AKE\"",
                "dir \"" + r.get("dir") + "\"",
                "save \"\"",
                "slowlog-max-len 129",
                "");
        // port and bind were in the file: they are rewritten even though back at their defaults;
        // the second hz line and replicaof (read from its alias slaveof, now empty) leave blank lines.
        assertEquals(expected, ConfigRewriter.render(old, r));
    }

    @Test
    void outputBufferLimitsAreOneLinePerClassForcedOnlyWhenNotDefault() {
        ConfigRegistry r = registry();
        r.set("dir", dir.toString());
        r.set("client-output-buffer-limit", "normal 10mb 5mb 10");
        // As Redis: the classes are rewritten in order (normal, replica, pubsub) into the option's
        // lines in file order; a class at its default is written only while the file has a line
        // left for it. Here normal (changed) takes the file's one line, and replica and pubsub,
        // both at their defaults, are not written.
        List<String> old = List.of("client-output-buffer-limit pubsub 1mb 1mb 1", "dir \"" + r.get("dir") + "\"");
        String expected = String.join("\n",
                "client-output-buffer-limit normal 10mb 5mb 10",
                "dir \"" + r.get("dir") + "\"",
                "",
                ConfigRewriter.SIGNATURE,
                "save 3600 1",
                "save 300 100",
                "save 60 10000",
                "");
        assertEquals(expected, ConfigRewriter.render(old, r));
    }

    @Test
    void outputBufferLimitLinesOfAConfigFileMerge() {
        ConfigRegistry r = registry();
        new ConfigApplier(r).applyStrict(List.of(
                new Directive("client-output-buffer-limit", List.of("normal", "1mb", "512kb", "5"), "f", 1, ""),
                new Directive("client-output-buffer-limit", List.of("pubsub", "0", "0", "0"), "f", 2, "")));
        assertEquals("normal 1048576 524288 5 slave 268435456 67108864 60 pubsub 0 0 0",
                r.get("client-output-buffer-limit"));
    }

    @Test
    void saveIsOneLinePerPairAndReplacesExistingLines() {
        ConfigRegistry r = registry();
        r.set("save", "900 1 300 10");
        String out = ConfigRewriter.render(List.of("save 60 10000", "# x", "save 1 1"), r);
        assertEquals(List.of("save 900 1", "# x", "save 300 10"), out.lines().toList().subList(0, 3));
    }

    @Test
    void signatureIsWrittenOnce() {
        ConfigRegistry r = registry();
        r.set("hz", "42");
        String first = ConfigRewriter.render(List.of("port 1"), r);
        r.set("timeout", "5");
        String second = ConfigRewriter.render(first.lines().toList(), r);
        assertEquals(1, second.lines().filter(ConfigRewriter.SIGNATURE::equals).count());
        assertEquals(List.of("hz 42", "timeout 5"),
                second.lines().filter(l -> l.startsWith("hz") || l.startsWith("timeout")).toList());
    }

    @Test
    void memoryValuesUseTheLargestExactUnitAndStringsAreQuoted() {
        assertEquals("1gb", OptionType.formatMemory(1073741824L));
        assertEquals("100mb", OptionType.formatMemory(104857600L));
        assertEquals("3kb", OptionType.formatMemory(3072));
        assertEquals("1000", OptionType.formatMemory(1000));
        assertEquals("0", OptionType.formatMemory(0));
        assertEquals("\"a \\\"b\\\"\\n\\x01\"", OptionType.quote("a \"b\"\n\u0001"));
    }

    @Test
    void rewritesTheFileInPlace() throws IOException {
        Path f = dir.resolve("kv.conf");
        Files.writeString(f, "# mine\nhz 20\n");
        ConfigRegistry r = registry();
        r.set("hz", "25");
        ConfigRewriter.rewrite(f, r);
        List<String> lines = Files.readAllLines(f);
        assertEquals(List.of("# mine", "hz 25"), lines.subList(0, 2));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }
}
