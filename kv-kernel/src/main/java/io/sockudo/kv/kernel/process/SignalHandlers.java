package io.sockudo.kv.kernel.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * SIGTERM and SIGINT each with its own handler, as Redis has ({@code shutdown-on-sigterm} and
 * {@code shutdown-on-sigint} differ). A shutdown hook cannot tell the signals apart, so this uses
 * the JDK's {@code sun.misc.Signal} (module jdk.unsupported). The handler replaces the JVM's
 * default one: the process exits only when the handler says so, so a shutdown refused (a failed
 * save without {@code force}) keeps the server running, as Redis does.
 */
public final class SignalHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(SignalHandlers.class);

    private SignalHandlers() {
    }

    /**
     * Installs {@code handler} for TERM and INT; it receives "SIGTERM" or "SIGINT".
     *
     * @return false when the JVM does not let us (e.g. -Xrs): the caller keeps a shutdown hook
     */
    public static boolean install(Consumer<String> handler) {
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> handler.accept("SIG" + s.getName()));
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("cannot handle SIGTERM/SIGINT ({}): they run the JVM's shutdown hook instead", e.getMessage());
            return false;
        }
    }
}
