package io.sockudo.kv.kernel.config;

import io.sockudo.kv.kernel.util.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config-file parser, the command line, and applying both, errors included. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private static ConfigRegistry registry() {
        ConfigRegistry r = new ConfigRegistry();
        KernelConfig.registerAll(r);
        return r;
    }

    /** Applies a file's text as the server does at start-up (no modules: unknown names are checked at once). */
    private static ConfigRegistry load(String content) {
        ConfigRegistry r = registry();
        ConfigApplier a = new ConfigApplier(r);
        a.applyStrict(a.apply(ConfigFile.parse(content, "/etc/kv.conf")));
        return r;
    }

    private static String error(String content) {
        return assertThrows(ConfigFile.ConfigException.class, () -> load(content)).getMessage();
    }

    private static String block(int line, String text, String reason) {
        return "\n*** FATAL CONFIG FILE ERROR (sockudo-kv " + Version.VERSION + ") ***\n"
                + "Reading the configuration file /etc/kv.conf, at line " + line + "\n>>> '" + text + "'\n" + reason;
    }

    @Test
    void splitArgsFollowsRedisQuoting() {
        assertEquals(List.of("set", "a b", "c"), ConfigFile.splitArgs("set \"a b\" c"));
        assertEquals(List.of("x\n\t\"\\y"), ConfigFile.splitArgs("\"x\\n\\t\\\"\\\\y\""));
        assertEquals(List.of("AB"), ConfigFile.splitArgs("\"\\x41\\x42\""));
        assertEquals(List.of("xzz"), ConfigFile.splitArgs("\"\\xzz\""), "invalid hex keeps the x");
        assertEquals(List.of("it's"), ConfigFile.splitArgs("'it\\'s'"));
        assertEquals(List.of("a\\nb"), ConfigFile.splitArgs("'a\\nb'"), "no escapes in single quotes");
        assertEquals(List.of(""), ConfigFile.splitArgs("\"\""));
        assertEquals(List.of("a", "b"), ConfigFile.splitArgs("  a \t b  "));
        assertNull(ConfigFile.splitArgs("\"abc"));
        assertNull(ConfigFile.splitArgs("'abc"));
        assertNull(ConfigFile.splitArgs("\"a\"b"), "a closing quote must be followed by a space");
    }

    @Test
    void parsesDirectivesSkippingCommentsAndBlankLines() {
        List<Directive> d = ConfigFile.parse("# comment\n\n  HZ 20  \r\nsave \"\"\nbind 127.0.0.1 ::1\n", "f");
        assertEquals(3, d.size());
        assertEquals("hz", d.get(0).name());
        assertEquals(List.of("20"), d.get(0).args());
        assertEquals(3, d.get(0).line());
        assertEquals(List.of(""), d.get(1).args());
        assertEquals(List.of("127.0.0.1", "::1"), d.get(2).args());
    }

    @Test
    void appliesValuesWithNormalisation() {
        ConfigRegistry r = load("hz 20\nmaxmemory 1gb\nappendonly YES\nmaxmemory-policy ALLKEYS-LRU\n"
                + "notify-keyspace-events KEA\nbind 127.0.0.1   ::1\nslaveof 10.0.0.1 6380\n");
        assertEquals("20", r.get("hz"));
        assertEquals("1073741824", r.get("maxmemory"));
        assertEquals("yes", r.get("appendonly"));
        assertEquals("allkeys-lru", r.get("maxmemory-policy"));
        assertEquals("AKE", r.get("notify-keyspace-events"));
        assertEquals("127.0.0.1 ::1", r.get("bind"));
        assertEquals("10.0.0.1 6380", r.get("replicaof"));
    }

    @Test
    void saveLinesAccumulateAndEmptyResets() {
        assertEquals("900 1 300 10", load("save 900 1\nsave 300 10\n").get("save"));
        assertEquals("", load("save 900 1\nsave \"\"\n").get("save"));
        assertEquals("60 5", load("save 900 1\nsave \"\"\nsave 60 5\n").get("save"));
        assertEquals("3600 1 300 100 60 10000", load("hz 10\n").get("save"), "no save line keeps the default");
    }

    @Test
    void errorsNameFileLineAndReason() {
        assertEquals(block(3, "hz abc", "argument couldn't be parsed into an integer"),
                error("port 0\n# c\nhz abc\n"));
        assertEquals(block(2, "nosuch 1", "Bad directive or wrong number of arguments"), error("port 0\nnosuch 1\n"));
        assertEquals(block(2, "hz 1 2", "wrong number of arguments"), error("port 0\nhz 1 2\n"));
        assertEquals(block(1, "daemonize", "wrong number of arguments"), error("daemonize\n"));
        assertEquals(block(1, "save \"a", "Unbalanced quotes in configuration line"), error("save \"a\n"));
        assertEquals(block(1, "appendonly maybe", "argument must be 'yes' or 'no'"), error("appendonly maybe\n"));
        assertEquals(block(1, "maxmemory 1x", "argument must be a memory value"), error("maxmemory 1x\n"));
        assertEquals(block(1, "maxmemory-policy x", "argument(s) must be one of the following: volatile-lru, "
                + "volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"),
                error("maxmemory-policy x\n"));
        assertEquals(block(1, "port 70000", "argument must be between 0 and 65535 inclusive"), error("port 70000\n"));
        assertEquals(block(1, "save 0 1", "Invalid save parameters"), error("save 0 1\n"));
        assertEquals(block(1, "loadmodule", "Bad directive or wrong number of arguments"), error("loadmodule\n"));
        assertEquals(block(1, "dir /nonexistent/dir", "No such file or directory"), error("dir /nonexistent/dir\n"));
    }

    @Test
    void redisDirectivesWeDoNotImplementAreIgnored() {
        ConfigRegistry r = registry();
        ConfigApplier a = new ConfigApplier(r);
        a.applyStrict(a.apply(ConfigFile.parse("io-threads 4\nrename-command FLUSHALL \"\"\nhz 11\n", "f")));
        assertEquals(1, a.ignored().size());
        assertEquals("11", r.get("hz"));
        // rename-command and user lines are kept for the command table and the ACL, not ignored
        assertEquals(List.of("FLUSHALL", ""), a.renames().get(0).args());
    }

    @Test
    void unknownDirectivesWaitForModules() {
        ConfigRegistry r = registry();
        ConfigApplier a = new ConfigApplier(r);
        List<Directive> pending = a.apply(ConfigFile.parse("my-module-option 5\nhz 12\nloadmodule /x.jar a b\n", "f"));
        assertEquals(1, pending.size());
        assertEquals("12", r.get("hz"));
        assertEquals(List.of("/x.jar", "a", "b"), a.loadModules().get(0).args());
        r.register(io.sockudo.kv.spi.ConfigOption.integer("my-module-option", 1, 0, 10));
        a.applyStrict(pending);
        assertEquals("5", r.get("my-module-option"));
    }

    @Test
    void includeReadsOtherFilesAndReportsTheirLines() throws IOException {
        Path inc = dir.resolve("inc.conf");
        Files.writeString(inc, "hz 33\n\nmaxmemory abc\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "port 0\ninclude " + inc + "\n");
        List<Directive> d = ConfigFile.read(main);
        assertEquals(List.of("port", "hz", "maxmemory"), d.stream().map(Directive::name).toList());
        ConfigRegistry r = registry();
        ConfigApplier a = new ConfigApplier(r);
        String msg = assertThrows(ConfigFile.ConfigException.class, () -> a.apply(d)).getMessage();
        assertTrue(msg.contains("Reading the configuration file " + inc + ", at line 3\n>>> 'maxmemory abc'"), msg);

        Path loop = dir.resolve("loop.conf");
        Files.writeString(loop, "include " + loop + "\n");
        assertTrue(assertThrows(ConfigFile.ConfigException.class, () -> ConfigFile.read(loop)).getMessage()
                .contains("Too many nested includes"));
        assertEquals("Fatal error, can't open config file '/nonexistent.conf': No such file or directory",
                assertThrows(ConfigFile.ConfigException.class,
                        () -> ConfigFile.read(Path.of("/nonexistent.conf"))).getMessage());
        assertTrue(assertThrows(ConfigFile.ConfigException.class,
                () -> ConfigFile.parse("include\n", "f")).getMessage().contains("Bad directive"));
    }

    @Test
    void commandLineOverridesAndShortOptions() {
        CommandLine cl = CommandLine.parse(new String[]{"/etc/kv.conf", "--port", "7000", "--save", "",
            "--bind", "127.0.0.1", "::1", "--appendonly", "--HZ", "20"});
        assertEquals(Path.of("/etc/kv.conf"), cl.configFile());
        List<Directive> d = cl.directives();
        assertEquals(List.of("port", "save", "bind", "appendonly", "hz"), d.stream().map(Directive::name).toList());
        assertEquals(List.of(""), d.get(1).args());
        assertEquals(List.of("127.0.0.1", "::1"), d.get(2).args());
        assertEquals(List.of(""), d.get(3).args(), "an option without value reads as empty, like redis-server");

        CommandLine shortForm = CommandLine.parse(new String[]{"-h", "127.0.0.1", "-p", "7001", "-d", "4",
            "-r", "secret", "--slowlog-log-slower-than", "-1"});
        assertNull(shortForm.configFile());
        assertEquals(List.of("bind", "port", "databases", "requirepass", "slowlog-log-slower-than"),
                shortForm.directives().stream().map(Directive::name).toList());
        ConfigRegistry r = registry();
        new ConfigApplier(r).applyStrict(shortForm.directives());
        assertEquals("7001", r.get("port"));
        assertEquals("4", r.get("databases"));
        assertEquals("secret", r.get("requirepass"));
        assertEquals("-1", r.get("slowlog-log-slower-than"));

        assertTrue(assertThrows(ConfigFile.ConfigException.class,
                () -> CommandLine.parse(new String[]{"/etc/kv.conf", "7000"})).getMessage()
                .startsWith("Invalid argument '7000'"), "a value needs an option before it");
        String msg = assertThrows(ConfigFile.ConfigException.class, () -> new ConfigApplier(registry())
                .applyStrict(CommandLine.parse(new String[]{"--hz", "abc"}).directives())).getMessage();
        assertTrue(msg.endsWith("Reading the configuration from the command line\n>>> 'hz \"abc\"'\n"
                + "argument couldn't be parsed into an integer"), msg);
    }
}
