package io.sockudo.kv.testkit;

import io.sockudo.kv.kernel.KvServer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sockudo-kv server started in this JVM on an ephemeral loopback port, with whatever families
 * are on the class path. Close it to stop it.
 */
public final class EmbeddedServer implements AutoCloseable {
    private final KvServer server;

    /** A directory of its own for RDB files ({@code dir}), removed on close. */
    private final java.nio.file.Path dir;

    private EmbeddedServer(KvServer server, java.nio.file.Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /**
     * Starts a server that loads {@code pluginJar} the way {@code MODULE LOAD} does (its own class
     * loader, seeing only the SPI), for a plugin's own tests: the plugin's classes and
     * {@code META-INF/services} may be on the test class path as well (they are, in its Maven
     * build), and are then not taken for a built-in family.
     */
    public static EmbeddedServer startWithPlugin(java.nio.file.Path pluginJar, String... overrides) {
        return startBeside(pluginJar, true, overrides);
    }

    /**
     * Like {@link #startWithPlugin} without loading the plugin: the test loads it itself
     * ({@code MODULE LOAD}, with {@code --enable-module-command} among the overrides).
     */
    public static EmbeddedServer startBeside(java.nio.file.Path pluginJar, String... overrides) {
        return startBeside(pluginJar, false, overrides);
    }

    private static EmbeddedServer startBeside(java.nio.file.Path pluginJar, boolean load, String... overrides) {
        List<String> services = new ArrayList<>();
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(pluginJar.toFile())) {
            java.util.jar.JarEntry e = jar.getJarEntry("META-INF/services/io.sockudo.kv.spi.KvModule");
            if (e != null) {
                String text = new String(jar.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    String cls = line.replaceAll("#.*", "").trim();
                    if (!cls.isEmpty()) {
                        services.add(cls);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        synchronized (EmbeddedServer.class) {
            String before = System.getProperty(io.sockudo.kv.kernel.module.ModuleManager.SKIP_BUILTINS);
            System.setProperty(io.sockudo.kv.kernel.module.ModuleManager.SKIP_BUILTINS, String.join(",", services));
            try {
                List<String> args = new ArrayList<>(load ? List.of("--loadmodule", pluginJar.toString()) : List.of());
                args.addAll(Arrays.asList(overrides));
                return start(args.toArray(new String[0]));
            } finally {
                if (before == null) {
                    System.clearProperty(io.sockudo.kv.kernel.module.ModuleManager.SKIP_BUILTINS);
                } else {
                    System.setProperty(io.sockudo.kv.kernel.module.ModuleManager.SKIP_BUILTINS, before);
                }
            }
        }
    }

    /** Starts with {@code --name value} overrides (bind and port are set to loopback/ephemeral). */
    public static EmbeddedServer start(String... overrides) {
        java.nio.file.Path dir;
        try {
            dir = java.nio.file.Files.createTempDirectory("sockudo-kv-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // No save points and a directory of its own: a test never reads or leaves a dump.rdb
        // elsewhere (a test that wants persistence passes --dir and --save itself).
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--save", "",
                "--dir", dir.toString()));
        // -Dsockudo.kv.test.eventLoops=N runs every embedded server with N event loops (the
        // execution model must hold with several; the default, 1, is what the launcher uses)
        String loops = System.getProperty("sockudo.kv.test.eventLoops");
        if (loops != null && !loops.isBlank()) {
            args.addAll(List.of("--event-loop-threads", loops.trim()));
        }
        args.addAll(Arrays.asList(overrides));
        try {
            return new EmbeddedServer(KvServer.start(args.toArray(new String[0])), dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.port();
    }

    /** The TLS port, 0 when the server has none. */
    public int tlsPort() {
        return server.tlsPort();
    }

    /** Starts recording the propagation stream (what the AOF and replicas receive). */
    public PropagationScript.Capture capturePropagation() {
        PropagationScript.Capture c = new PropagationScript.Capture();
        server.kernel().propagation().addListener(c);
        return c;
    }

    public KvServer server() {
        return server;
    }

    /**
     * Waits until INFO reports exactly {@code n} blocked clients, so that tests can order their
     * waiters; bounded at 10 seconds (then fails), never an assertion on timing.
     */
    public void awaitBlockedClients(int n) {
        String expected = "blocked_clients:" + n + "\r\n";
        long deadline = System.nanoTime() + 10_000_000_000L;
        String last = "";
        try (RespClient admin = new RespClient(port())) {
            while (System.nanoTime() < deadline) {
                last = admin.callText("INFO", "clients");
                if (last.contains(expected)) {
                    return;
                }
                Thread.sleep(5);
            }
            // what the clients were doing, for the failure's message
            last = last + admin.callText("CLIENT", "LIST");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + n + " blocked clients");
        }
        throw new AssertionError("never saw " + n + " blocked clients in 10 s; last seen:\n" + last
                + "\nthreads:\n" + threadDump());
    }

    /** Every thread's state and top frames (the server runs in this JVM): what a stalled test shows. */
    static String threadDump() {
        StringBuilder sb = new StringBuilder();
        for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean()
                .dumpAllThreads(true, true)) {
            sb.append(t); // the name, state, held and awaited locks and the top frames
        }
        return sb.toString();
    }

    /**
     * The aux data of the loaded modules (what an RDB file carries besides the keys), so a test
     * can save it from one server and load it into another as a restart would.
     */
    public java.util.List<io.sockudo.kv.spi.ModuleAuxData> moduleAuxData() {
        return server.kernel().modules().auxData();
    }

    /** The server's {@code dir} as given at start (RDB files). */
    public java.nio.file.Path dir() {
        return dir;
    }

    @Override
    public void close() {
        server.close();
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // best effort: a temp directory
        }
    }
}
