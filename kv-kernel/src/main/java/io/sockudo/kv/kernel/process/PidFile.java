package io.sockudo.kv.kernel.process;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code pidfile}: the process id, written once the configuration is read and removed at exit.
 * As Redis, with no {@code pidfile} a daemonized server still writes {@code /var/run/redis_6379.pid}
 * (whatever the port), and a file that cannot be written is a warning, not a failed start.
 */
public final class PidFile {
    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);
    /** Redis's default when daemonized. */
    static final String DAEMON_DEFAULT = "/var/run/redis_6379.pid";

    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /** Writes the pid file the configuration asks for; null when there is none to write (or it failed). */
    public static PidFile writeIfConfigured(ConfigRegistry config) {
        String name = config.get("pidfile");
        if (name == null || name.isEmpty()) {
            if (!config.getBoolean("daemonize")) {
                return null;
            }
            name = DAEMON_DEFAULT;
        }
        Path p = Path.of(name);
        try {
            Files.writeString(p, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            return new PidFile(p);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Failed to write PID file: {}", e.getMessage());
            return null;
        }
    }

    /** At exit: the file goes away with the process. */
    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Unable to remove the PID file {}: {}", path, e.getMessage());
        }
    }

    public Path path() {
        return path;
    }
}
