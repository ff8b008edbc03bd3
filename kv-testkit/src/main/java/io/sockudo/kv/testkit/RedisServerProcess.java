package io.sockudo.kv.testkit;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the oracle of the differential tests) started on a free loopback
 * port in a temporary directory, without persistence. Close it to stop it.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The redis-server binary, or null when not installed. */
    public static String binary() {
        for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (new File(p).canExecute()) {
                return p;
            }
        }
        return null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static RedisServerProcess start(String... extraArgs) throws IOException, InterruptedException {
        String bin = binary();
        if (bin == null) {
            throw new IllegalStateException("redis-server is not installed (apt-get install -y redis-server); "
                    + ".ci/run installs it");
        }
        Path dir = Files.createTempDirectory("redis-oracle");
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(bin, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
                    "--enable-debug-command", "yes"));
            cmd.addAll(Arrays.asList(extraArgs));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (RespClient c = new RespClient(port)) {
                    String pong = c.callText("PING");
                    // With --requirepass a ready server answers NOAUTH.
                    if (pong.startsWith("+PONG") || pong.startsWith("-NOAUTH")) {
                        return new RedisServerProcess(p, port, dir);
                    }
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
        }
        throw new IllegalStateException("redis-server did not start; see " + dir.resolve("redis.log"));
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
