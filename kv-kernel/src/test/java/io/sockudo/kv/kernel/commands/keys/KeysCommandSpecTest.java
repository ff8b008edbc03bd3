package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.commands.database.DatabaseCommands;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.config.KernelConfig;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The command table entries of the key space and database commands against what redis-server
 * 7.0.15 reports in COMMAND INFO and COMMAND DOCS (recorded in {@code keys-command-info.txt}).
 */
class KeysCommandSpecTest {
    @Test
    void specsMatchRedis() throws IOException {
        ConfigRegistry config = new ConfigRegistry();
        KernelConfig.registerAll(config);
        Kernel kernel = new Kernel(config);
        List<CommandSpec> specs = new ArrayList<>();
        KeysCommands.register(kernel.config(), kernel.notifier(), kernel.keyspaces().lruClock(), kernel.types().codecs(),
                new MigrateSockets(),
                specs);
        DatabaseCommands.register(kernel.keyspaces(), kernel.config(), kernel.notifier(), kernel.stats(), () -> { },
                specs);
        specs.sort(Comparator.comparing(CommandSpec::name));
        List<String> out = new ArrayList<>();
        for (CommandSpec s : specs) {
            render(s, s.name(), out);
        }
        String expected;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/keys-command-info.txt"))) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> want = new ArrayList<>(List.of(expected.split("\n")));
        want.removeIf(l -> l.startsWith("#"));
        assertEquals(String.join("\n", want), String.join("\n", out));
    }

    private static void render(CommandSpec s, String name, List<String> out) {
        out.add("name: " + name);
        out.add("arity: " + s.arity());
        TreeSet<String> flags = new TreeSet<>();
        for (CommandFlag f : s.flags()) {
            flags.add(f.redisName());
        }
        out.add("flags: " + String.join(",", flags));
        out.add("keys: " + s.firstKey() + " " + s.lastKey() + " " + s.keyStep());
        out.add("acl: " + String.join(",", new TreeSet<>(s.aclCategories())));
        out.add("tips: " + String.join(",", s.tips()));
        for (KeySpec k : s.keySpecs()) {
            TreeSet<String> kf = new TreeSet<>();
            for (String f : k.flags()) {
                kf.add(f.toLowerCase(Locale.ROOT));
            }
            out.add("keyspec: " + String.join(",", kf) + " index " + k.beginIndex() + " range " + k.lastKey() + " "
                    + k.keyStep() + " " + k.limit());
        }
        out.add("summary: " + s.summary());
        out.add("since: " + s.since());
        out.add("group: " + s.group());
        out.add("complexity: " + s.complexity());
        List<CommandSpec> subs = new ArrayList<>(s.subcommands());
        subs.sort(Comparator.comparing(CommandSpec::name));
        for (CommandSpec sub : subs) {
            render(sub, name + "|" + sub.name(), out);
        }
    }
}
