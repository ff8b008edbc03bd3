package io.sockudo.kv.kernel.process;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.logging.RedisLog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code logfile}: log lines go to that file (appended) instead of standard output. As Redis, an
 * empty name means standard output, which a daemonized server has pointed at /dev/null, and a file
 * that cannot be opened stops the start-up ("Can't open the log file").
 */
public final class LogFile {
    private LogFile() {
    }

    /** Points the log at the configured file; throws with Redis's message when it cannot be opened. */
    public static void openIfConfigured(ConfigRegistry config) {
        String name = config.get("logfile");
        if (name == null || name.isEmpty()) {
            return;
        }
        OutputStream file;
        try {
            file = new FileOutputStream(name, true);
        } catch (IOException e) {
            throw new IllegalStateException("Can't open the log file: " + e.getMessage(), e);
        }
        // autoflush off: RedisLog flushes after each line (and its stack trace)
        RedisLog.output(new PrintStream(file, false, StandardCharsets.UTF_8));
    }
}
