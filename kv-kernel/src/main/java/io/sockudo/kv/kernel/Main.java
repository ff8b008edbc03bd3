package io.sockudo.kv.kernel;

import io.sockudo.kv.kernel.config.ConfigFile;
import io.sockudo.kv.kernel.util.Version;

/** {@code sockudo-kv [config-file] [--name value ...]}: starts the server and waits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-v"))) {
            System.out.println("sockudo-kv server v=" + Version.VERSION);
            return;
        }
        // Our provider by name: slf4j otherwise runs its ServiceLoader to the end to warn about
        // duplicates, which searches every jar for META-INF/services files (~10 ms of a start).
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", io.sockudo.kv.kernel.logging.RedisLogProvider.class.getName());
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN"); // no line saying it did so
            }
        }
        io.sockudo.kv.kernel.process.StartupPreload.start();
        KvServer server;
        try {
            server = KvServer.start(args);
        } catch (ConfigFile.ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        } catch (IllegalStateException e) {
            System.err.println("sockudo-kv failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM/SIGINT as Redis: shutdown-on-sigterm/-sigint flags, exit 0 once stopped; a refused
        // shutdown (failed save without force) keeps the server running. A hook stops the server on
        // any other JVM exit (and on the signals when their handlers could not be installed).
        boolean handled = io.sockudo.kv.kernel.process.SignalHandlers.install(signal -> {
            if (server.shutdownOnSignal(signal)) {
                System.exit(0);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(handled ? server::close : server::closeOnSignal, "kv-shutdown"));
        server.awaitShutdown();
    }
}
