package io.sockudo.kv.it.plugins;

import io.sockudo.kv.kernel.KvServer;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.sockudo.kv.it.plugins.CounterPluginTest.assertLoadFailed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading plugins: the enable-module-command guard, broken plugin files, what a plugin class loader
 * sees, MODULE LOADEX configs and args, the loadmodule directive (config file and command line),
 * and unloading a built-in family.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PluginLoadingTest {
    static final String OK = "+OK\r\n";
    static final String LOAD_FAILED = CounterPluginTest.LOAD_FAILED;
    static final String DENIED = "-ERR MODULE command not allowed. If the enable-module-command option is set to "
            + "\"local\", you can run it from a local connection, otherwise you need to set this option in the "
            + "configuration file, and then restart the server.\r\n";

    private static String jar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate() throws IOException {
        jar = PluginJars.counterJar().toString();
    }

    @Test
    void guardedByEnableModuleCommand() throws IOException {
        try (EmbeddedServer s = EmbeddedServer.start(); RespClient c = new RespClient(s.port())) {
            assertEquals(DENIED, c.callText("MODULE", "LOAD", jar));
            assertEquals(DENIED, c.callText("MODULE", "LOADEX", jar));
            assertEquals(DENIED, c.callText("MODULE", "UNLOAD", "core"));
            assertTrue(c.callText("MODULE", "LIST").startsWith("*"));
            assertTrue(c.callText("CNT.GET", "k").startsWith("-ERR unknown command"));
        }
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "local");
             RespClient c = new RespClient(s.port())) {
            assertEquals(OK, c.callText("MODULE", "LOAD", jar));
            assertEquals("$-1\r\n", c.callText("CNT.GET", "k"));
        }
    }

    @Test
    void brokenPluginsFailWithRedisTextAndLeaveNothingBehind() throws IOException {
        Path notAPlugin = PluginJars.jar(tmp.resolve("plain.jar"), Map.of(), Map.of("x.txt", PluginJars.utf8("x")));
        Path empty = PluginJars.jar(tmp.resolve("empty.jar"), PluginJars.pluginManifest("empty-plugin"),
                Map.of("x.txt", PluginJars.utf8("x")));
        Path folder = Files.createDirectories(tmp.resolve("folder"));
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes");
             RespClient c = new RespClient(s.port())) {
            String before = c.callText("MODULE", "LIST");
            assertLoadFailed(c.callText("MODULE", "LOAD", tmp.resolve("missing.jar").toString()));
            assertLoadFailed(c.callText("MODULE", "LOAD", notAPlugin.toString()));
            assertLoadFailed(c.callText("MODULE", "LOAD", empty.toString()));
            assertLoadFailed(c.callText("MODULE", "LOAD", folder.toString()));
            assertLoadFailed(c.callText("MODULE", "LOAD", "bad\u0000path"));
            assertEquals(before, c.callText("MODULE", "LIST"));
            // the same plugin id loads fine afterwards: nothing half-loaded blocks it
            assertEquals(OK, c.callText("MODULE", "LOAD", jar));
        }
    }

    @Test
    void pluginSeesTheSpiButNotTheServerInternals() throws IOException {
        String source = """
                package probe;

                import io.sockudo.kv.spi.CommandSpec;
                import io.sockudo.kv.spi.KvModule;
                import io.sockudo.kv.spi.ModuleRegistry;
                import java.util.List;

                public class ProbeModule implements KvModule {
                    public String name() { return "probe"; }
                    public int version() { return 1; }
                    public void register(ModuleRegistry r, List<String> args) {
                        String seen = see("io.sockudo.kv.spi.KvModule") + " " + see("org.pf4j.Plugin") + " "
                                + see("org.slf4j.Logger") + " " + see("io.sockudo.kv.kernel.Kernel") + " "
                                + see("io.netty.channel.Channel") + " " + see("io.sockudo.kv.types.core.CoreTypesModule");
                        r.command(CommandSpec.builder("probe.seen").arity(1).handler(ctx -> ctx.reply().bulk(seen)).build());
                    }
                    static String see(String name) {
                        try {
                            Class.forName(name, false, ProbeModule.class.getClassLoader());
                            return "visible";
                        } catch (ClassNotFoundException e) {
                            return "hidden";
                        }
                    }
                }
                """;
        Map<String, byte[]> entries = new LinkedHashMap<>(PluginJars.compile(tmp.resolve("probe"), "probe.ProbeModule", source));
        entries.put("META-INF/services/io.sockudo.kv.spi.KvModule", PluginJars.utf8("probe.ProbeModule\n"));
        Path probe = PluginJars.jar(tmp.resolve("probe.jar"), PluginJars.pluginManifest("probe"), entries);

        String leakySource = """
                package leaky;

                import io.sockudo.kv.spi.CommandSpec;
                import io.sockudo.kv.spi.KvModule;
                import io.sockudo.kv.spi.ModuleRegistry;
                import java.util.List;

                public class LeakyModule implements KvModule {
                    public String name() { return "leaky"; }
                    public int version() { return 1; }
                    public void register(ModuleRegistry r, List<String> args) {
                        r.command(CommandSpec.builder("leaky.cmd").arity(1).handler(ctx -> ctx.reply().ok()).build());
                        // reaches into the kernel: must fail to load
                        r.command(CommandSpec.builder(io.sockudo.kv.kernel.Kernel.class.getSimpleName()).arity(1)
                                .handler(ctx -> ctx.reply().ok()).build());
                    }
                }
                """;
        Map<String, byte[]> leaky = new LinkedHashMap<>(PluginJars.compile(tmp.resolve("leaky"), "leaky.LeakyModule", leakySource));
        leaky.put("META-INF/services/io.sockudo.kv.spi.KvModule", PluginJars.utf8("leaky.LeakyModule\n"));
        Path leakyJar = PluginJars.jar(tmp.resolve("leaky.jar"), PluginJars.pluginManifest("leaky"), leaky);

        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes");
             RespClient c = new RespClient(s.port())) {
            assertEquals(OK, c.callText("MODULE", "LOAD", probe.toString()));
            // SPI, PF4J, SLF4J visible; kernel, Netty, built-in families hidden
            String seen = "visible visible visible hidden hidden hidden";
            assertEquals("$" + seen.length() + "\r\n" + seen + "\r\n", c.callText("PROBE.SEEN"));
            assertLoadFailed(c.callText("MODULE", "LOAD", leakyJar.toString()));
            assertTrue(c.callText("LEAKY.CMD").startsWith("-ERR unknown command"));
            assertFalse(c.callText("MODULE", "LIST").contains("leaky"));
            assertEquals(OK, c.callText("MODULE", "UNLOAD", "probe"));
        }
    }

    @Test
    void zipPluginWithLibFolderLoads() throws IOException {
        // PF4J's other layout: plugin.properties plus lib/*.jar (and/or classes/), zipped; expanded next to the zip
        Path zip = tmp.resolve("counter-plugin.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("plugin.properties"));
            out.write(PluginJars.utf8("plugin.id=zipped-counter\nplugin.version=1.0.0\n"));
            out.closeEntry();
            out.putNextEntry(new java.util.zip.ZipEntry("lib/counter.jar"));
            out.write(Files.readAllBytes(Path.of(jar)));
            out.closeEntry();
        }
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes");
             RespClient c = new RespClient(s.port())) {
            assertEquals(OK, c.callText("MODULE", "LOAD", zip.toString()));
            assertEquals(":1\r\n", c.callText("CNT.INCR", "z"));
            assertLoadFailed(c.callText("MODULE", "LOAD", jar)); // same module name "counter"
        }
    }

    @Test
    void loadexAppliesConfigsAndArgs() throws IOException {
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes");
             RespClient c = new RespClient(s.port())) {
            assertLoadFailed(c.callText("MODULE", "LOADEX", jar, "FOO"));
            assertLoadFailed(c.callText("MODULE", "LOADEX", jar, "CONFIG", "counter.default-increment"));
            assertLoadFailed(c.callText("MODULE", "LOADEX", jar, "CONFIG", "no-such-option", "1"));
            // a kernel option is not the module's to set
            assertLoadFailed(c.callText("MODULE", "LOADEX", jar, "CONFIG", "hz", "20"));
            assertLoadFailed(c.callText("MODULE", "LOADEX", jar, "CONFIG", "counter.default-increment", "x"));
            assertTrue(c.callText("CNT.INCR", "k").startsWith("-ERR unknown command"));

            assertEquals(OK, c.callText("MODULE", "LOADEX", jar, "config", "counter.default-increment", "3",
                    "CONFIG", "counter.default-increment", "7", "ARGS", "p", "CONFIG"));
            assertEquals(":7\r\n", c.callText("CNT.INCR", "k"));
            assertTrue(c.callText("MODULE", "LIST").contains("$4\r\nargs\r\n*2\r\n$1\r\np\r\n$6\r\nCONFIG\r\n"));
        }
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes");
             RespClient c = new RespClient(s.port())) {
            assertEquals(OK, c.callText("MODULE", "LOADEX", jar, "ARGS"));
            assertEquals(":1\r\n", c.callText("CNT.INCR", "k"));
            assertTrue(c.callText("MODULE", "LIST").contains("$4\r\nargs\r\n*0\r\n"));
        }
    }

    @Test
    void loadmoduleInConfigFileWithModuleOptions() throws Exception {
        Path conf = tmp.resolve("kv.conf");
        Files.writeString(conf, "loadmodule \"" + jar.replace("\\", "\\\\") + "\" one two\n"
                + "counter.default-increment 10\n");
        KvServer server = KvServer.start(conf.toString(), "--bind", "127.0.0.1", "--port", "0", "--save", "");
        try (RespClient c = new RespClient(server.port())) {
            assertEquals(":10\r\n", c.callText("CNT.INCR", "k"));
            assertTrue(c.callText("MODULE", "LIST").contains("$4\r\nargs\r\n*2\r\n$3\r\none\r\n$3\r\ntwo\r\n"));
        } finally {
            server.close();
        }
    }

    @Test
    void loadmoduleOnTheCommandLine() throws IOException {
        try (EmbeddedServer s = EmbeddedServer.start("--loadmodule", jar, "x");
             RespClient c = new RespClient(s.port())) {
            assertEquals(":1\r\n", c.callText("CNT.INCR", "k"));
            assertTrue(c.callText("MODULE", "LIST").contains("$7\r\ncounter\r\n"));
        }
    }

    @Test
    void loadmoduleFailureStopsStartUp() {
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddedServer.start("--loadmodule", tmp.resolve("missing.jar").toString()));
    }

    @Test
    void builtinFamilyUnloadsOnlyWithoutKeysOfItsTypes() throws IOException {
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes");
             RespClient c = new RespClient(s.port())) {
            assertEquals(OK, c.callText("SET", "k", "v"));
            assertEquals("-ERR Error unloading module: the module exports one or more module-side data types, "
                    + "can't unload\r\n", c.callText("MODULE", "UNLOAD", "core"));
            assertEquals("$1\r\nv\r\n", c.callText("GET", "k"));
            assertEquals("-ERR Error unloading module: no such module with that name\r\n",
                    c.callText("MODULE", "UNLOAD", "server"));
        }
        try (EmbeddedServer s = EmbeddedServer.start("--enable-module-command", "yes");
             RespClient c = new RespClient(s.port())) {
            assertEquals(OK, c.callText("MODULE", "UNLOAD", "core"));
            assertEquals("-ERR unknown command 'GET', with args beginning with: 'k' \r\n", c.callText("GET", "k"));
            assertFalse(c.callText("MODULE", "LIST").contains("$4\r\ncore\r\n"));
        }
    }
}
