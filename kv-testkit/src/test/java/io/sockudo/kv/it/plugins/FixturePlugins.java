package io.sockudo.kv.it.plugins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds the plugin fixtures of {@code src/test/resources/plugin-fixtures/<name>} into PF4J plugin
 * jars: tokens such as {@code @MODE@} in the sources and {@code plugin.properties} are replaced by
 * the values a test gives, the sources are compiled against the SPI, and the jar gets the manifest
 * entries and the {@code META-INF/services} file.
 */
final class FixturePlugins {
    private FixturePlugins() {
    }

    static Path build(Path work, String fixture, Map<String, String> tokens) throws IOException {
        Path dir = PluginJars.repoRoot().resolve("kv-testkit/src/test/resources/plugin-fixtures").resolve(fixture);
        String tag = fixture + "-" + Integer.toHexString(tokens.hashCode());
        Path out = Files.createDirectories(work.resolve(tag));
        Path src = out.resolve("src");
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir.resolve("src"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path target = src.resolve(dir.resolve("src").relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.writeString(target, substitute(Files.readString(f), tokens));
                files.add(target.toString());
            }
        }
        Path classes = Files.createDirectories(out.resolve("classes"));
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new IllegalStateException("no javac"));
        List<String> args = new ArrayList<>(List.of("-proc:none", "-nowarn", "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString()));
        args.addAll(files);
        int rc = javac.run(System.out, System.err, args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("javac failed for fixture " + fixture);
        }
        Map<String, String> manifest = new LinkedHashMap<>();
        String services = "";
        for (String line : substitute(Files.readString(dir.resolve("plugin.properties")), tokens).split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String k = line.substring(0, colon).trim();
            String v = line.substring(colon + 1).trim();
            if (k.equals("Services")) {
                services = v.replace(' ', '\n') + "\n";
            } else if (!v.isEmpty()) {
                manifest.put(k, v);
            }
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                entries.put(classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        if (!services.isEmpty()) {
            entries.put("META-INF/services/io.sockudo.kv.spi.KvModule", services.getBytes(StandardCharsets.UTF_8));
        }
        return PluginJars.jar(out.resolve(fixture + ".jar"), manifest, entries);
    }

    private static String substitute(String text, Map<String, String> tokens) {
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            text = text.replace("@" + t.getKey() + "@", t.getValue());
        }
        return text;
    }

    /** The ratelimit fixture in one version: module version, codec encoding version. */
    static Path ratelimit(Path work, int moduleVersion, int encodingVersion) throws IOException {
        return build(work, "ratelimit", Map.of("PLUGIN_VERSION", moduleVersion + ".0.0", "MODVER",
                Integer.toString(moduleVersion), "ENCVER", Integer.toString(encodingVersion)));
    }

    /** The simple fixture: one command {@code <name>.ping}, with the failure {@code mode}. */
    static Path simple(Path work, String id, String name, String mode, long sleepMillis) throws IOException {
        return build(work, "simple", Map.of("ID", id, "NAME", name, "MODE", mode, "SLEEP", Long.toString(sleepMillis)));
    }
}
