package io.sockudo.kv.it.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Plugin files for the tests: the example plugin built by the reactor
 * ({@code plugins/kv-plugin-counter/target/kv-plugin-counter-*.jar}), and small jars made on the
 * fly (broken plugins, a probe of what a plugin class loader can see).
 */
final class PluginJars {
    private PluginJars() {
    }

    /** The repository root, found upwards from the working directory (the kv-testkit module). */
    static Path repoRoot() {
        return io.sockudo.kv.testkit.RepoPaths.root();
    }

    /** The counter plugin jar; the kv-testkit pom depends on its module so the reactor builds it first. */
    static Path counterJar() throws IOException {
        Path target = repoRoot().resolve("plugins/kv-plugin-counter/target");
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("kv-plugin-counter-") && n.endsWith(".jar")
                        && !n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar");
            }).findFirst().orElseThrow(() -> new IllegalStateException("no plugin jar in " + target
                    + ": build the reactor (mvn -pl kv-testkit -am ...)"));
        }
    }

    /** Writes a jar with the given manifest attributes and entries (path to UTF-8 or raw content). */
    static Path jar(Path file, Map<String, String> manifest, Map<String, byte[]> entries) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return file;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Compiles one source file against the test class path (which has the SPI and the kernel) and
     * returns its class files, keyed by jar entry name.
     */
    static Map<String, byte[]> compile(Path work, String className, String source) throws IOException {
        Path src = work.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new IllegalStateException("no javac"));
        int rc = javac.run(System.out, System.err, "-proc:none", "-nowarn", "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed for " + className);
        }
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return out;
    }

    static Map<String, String> pluginManifest(String id) {
        return Map.of("Plugin-Id", id, "Plugin-Version", "1.0.0");
    }

    static List<String> list(String... s) {
        return List.of(s);
    }
}
