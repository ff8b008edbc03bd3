package io.sockudo.kv.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root from the test's working directory (the kv-testkit module). */
public final class RepoPaths {
    private RepoPaths() {
    }

    /** The repository root (the folder holding the parent pom and kv-spi). */
    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("kv-spi"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
    }
}
