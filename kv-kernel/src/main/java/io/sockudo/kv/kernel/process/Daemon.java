package io.sockudo.kv.kernel.process;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.logging.RedisLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code daemonize yes}. A JVM cannot fork, so the launcher (bin/sockudo-kv) does the detaching:
 * it sees {@code daemonize yes} in the config file or the arguments, starts the JVM in a new
 * session with {@code SOCKUDO_KV_DAEMONIZED=1}, its output captured, and waits for the line
 * {@link #DETACHED} (then it exits 0, as Redis's parent does after the fork) or for the JVM to
 * exit (then it prints what the JVM wrote, configuration errors included, and exits 1).
 *
 * <p>Here, once the configuration is read: as Redis, a daemon without {@code logfile} logs to
 * /dev/null; standard output and error follow the log, and the launcher is told we are running.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** The line the launcher waits for on our standard output. */
    public static final String DETACHED = "sockudo-kv: detached";

    private Daemon() {
    }

    public static void afterConfig(ConfigRegistry config) {
        boolean detached = "1".equals(System.getenv("SOCKUDO_KV_DAEMONIZED"));
        if (!config.getBoolean("daemonize")) {
            return;
        }
        if (!detached) {
            LOG.warn("daemonize yes, but a JVM cannot fork: start the server with bin/sockudo-kv to run it in the "
                    + "background. Running in the foreground.");
            return;
        }
        String logfile = config.get("logfile");
        OutputStream rest;
        if (logfile == null || logfile.isEmpty()) {
            RedisLog.output(new PrintStream(OutputStream.nullOutputStream()));
            rest = OutputStream.nullOutputStream();
        } else {
            try {
                rest = new FileOutputStream(logfile, true);
            } catch (IOException e) {
                rest = OutputStream.nullOutputStream(); // LogFile opened it just before: not expected
            }
        }
        PrintStream launcher = System.out;
        launcher.println(DETACHED + " pid=" + ProcessHandle.current().pid());
        launcher.flush();
        PrintStream follow = new PrintStream(rest, true, StandardCharsets.UTF_8);
        System.setOut(follow);
        System.setErr(follow);
        launcher.close();
    }
}
