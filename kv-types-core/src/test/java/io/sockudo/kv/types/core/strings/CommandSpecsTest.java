package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueType;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every string command's spec against what redis-server 7.0.15 reports in COMMAND INFO and
 * COMMAND DOCS (resource strings/command-info.tsv).
 */
class CommandSpecsTest {
    @Test
    void specsMatchRedis() throws IOException {
        Map<String, CommandSpec> specs = new TreeMap<>();
        List<ValueType> types = new ArrayList<>();
        StringCommands.register(new ModuleRegistry() {
            @Override
            public void command(CommandSpec spec) {
                specs.put(spec.name(), spec);
            }

            @Override
            public void valueType(ValueType type) {
                types.add(type);
            }

            @Override
            public ServerConfigView config() {
                throw new UnsupportedOperationException();
            }
        });
        assertEquals(List.of(StringType.INSTANCE), types);
        Map<String, String> expected = new TreeMap<>();
        try (InputStream in = CommandSpecsTest.class.getResourceAsStream("/strings/command-info.tsv")) {
            assertNotNull(in);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    expected.put(line.substring(0, line.indexOf('\t')), line);
                }
            }
        }
        assertEquals(expected.keySet(), specs.keySet());
        for (CommandSpec s : specs.values()) {
            assertEquals(expected.get(s.name()), describe(s), s.name());
        }
    }

    private static String describe(CommandSpec s) {
        List<String> flags = new ArrayList<>();
        for (CommandFlag f : s.flags()) {
            flags.add(f.redisName());
        }
        List<String> keySpecs = new ArrayList<>();
        for (KeySpec k : s.keySpecs()) {
            keySpecs.add(String.join(",", k.flags()) + "@" + k.beginIndex() + ":" + k.lastKey() + ":" + k.keyStep() + ":" + k.limit());
        }
        return String.join("\t", s.name(), Integer.toString(s.arity()), String.join(",", flags),
                Integer.toString(s.firstKey()), Integer.toString(s.lastKey()), Integer.toString(s.keyStep()),
                String.join(",", s.aclCategories()), String.join(",", s.tips()), String.join(";", keySpecs),
                s.group(), s.since(), s.summary(), s.complexity());
    }
}
