package io.sockudo.kv.it.arch;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root from the test's working directory (the kv-testkit module). */
final class RepoPaths {
    private RepoPaths() {
    }

    static Path root() {
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
