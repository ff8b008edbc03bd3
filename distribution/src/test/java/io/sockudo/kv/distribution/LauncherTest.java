package io.sockudo.kv.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts the packaged distribution through {@code bin/sockudo-kv}, which runs the server on the
 * module path, and talks to it over TCP. This is the one test of the module-path start-up (the
 * other tests run on the class path): every jar in lib/ must be a valid module, the families must
 * be resolved for ServiceLoader, and Netty must find its native epoll transport.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherTest {
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+) \\((\\w+) transport");

    private final Path dist = Path.of(System.getProperty("sockudo.kv.dist", "target/sockudo-kv"));
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void startsOnTheModulePathWithTheDefaultConfigAndServesCommands() throws Exception {
        // Port 0: the kernel binds a free port and logs it; the rest comes from conf/sockudo-kv.conf.
        Matcher listening = start("--port", "0");
        int port = Integer.parseInt(listening.group(1));
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertEquals("epoll", listening.group(2), "transport on linux-x86_64; log:\n" + String.join("\n", output));
        }
        assertTrue(output.stream().anyMatch(l -> l.contains("module core ")), "core family registered; log:\n" + output);

        assertEquals("+PONG\r\n", send(port, "PING"));
        assertRedisLogFormat();
        assertEquals("+OK\r\n", send(port, "SET", "dist:key", "value"));
        assertEquals("$5\r\nvalue\r\n", send(port, "GET", "dist:key"));
    }

    @Test
    void takesAConfigFileFirstAndOverridesAfterIt(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path conf = tmp.resolve("test.conf");
        Files.writeString(conf, "bind 127.0.0.1\nport 6379\ndatabases 2\n");
        Matcher listening = start(conf.toString(), "--port", "0");
        int port = Integer.parseInt(listening.group(1));
        assertEquals("+OK\r\n", send(port, "SELECT", "1"));
        assertEquals("-ERR DB index is out of range\r\n", send(port, "SELECT", "2"));
    }

    /**
     * Crash safety with appendfsync always: every write the server acknowledged is there after a
     * kill -9 (SIGKILL, no shutdown hook) and a restart on the same directory.
     */
    @Test
    void noAcknowledgedWriteIsLostAcrossKill9WithAppendfsyncAlways(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Matcher listening = start("--port", "0", "--dir", tmp.toString(), "--appendonly", "yes",
                "--appendfsync", "always");
        int port = Integer.parseInt(listening.group(1));
        int acknowledged = 0;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 2000; i++) {
                String key = "k" + i;
                out.write(("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$1\r\nv\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] ok = in.readNBytes(5);
                assertEquals("+OK\r\n", new String(ok, StandardCharsets.US_ASCII));
                acknowledged++;
            }
        }
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        output.clear();
        Matcher again = start("--port", "0", "--dir", tmp.toString(), "--appendonly", "yes");
        int port2 = Integer.parseInt(again.group(1));
        assertEquals(":" + acknowledged + "\r\n", send(port2, "DBSIZE"));
        assertEquals("$1\r\nv\r\n", send(port2, "GET", "k" + (acknowledged - 1)));
    }

    @Test
    void refusesAnUnknownDirective() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", dist.resolve("bin/sockudo-kv").toString(),
                "--port", "0", "--no-such-directive", "1").redirectErrorStream(true);
        process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), out);
        assertTrue(out.contains("Bad directive or wrong number of arguments"), out);
    }

    /**
     * daemonize yes: the launcher returns 0 once the server has read its configuration, the server
     * runs on in its own session, writes its pid file and its log to the log file, and removes the
     * pid file when it stops (SHUTDOWN).
     */
    @Test
    void daemonizeDetachesAndWritesThePidFileAndTheLogFile(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        assumeTrue(Files.isExecutable(dist.resolve("bin/sockudo-kv")), "distribution not built at " + dist);
        Path pidFile = tmp.resolve("kv.pid");
        Path logFile = tmp.resolve("kv.log");
        Path conf = tmp.resolve("daemon.conf");
        Files.writeString(conf, "bind 127.0.0.1\ndaemonize yes\nport 0\n");
        Process launcher = new ProcessBuilder("bash", dist.resolve("bin/sockudo-kv").toString(), conf.toString(),
                "--dir", tmp.toString(), "--pidfile", pidFile.toString(), "--logfile", logFile.toString())
                .redirectErrorStream(true).start();
        String launcherOut = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(launcher.waitFor(90, TimeUnit.SECONDS), launcherOut);
        assertEquals(0, launcher.exitValue(), launcherOut);
        assertTrue(Files.exists(pidFile), "pid file written before the launcher returns: " + launcherOut);
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        try {
            assertTrue(server.isAlive());
            assertTrue(server.parent().map(p -> p.pid() != launcher.pid()).orElse(true), "detached from the launcher");
            int port = Integer.parseInt(waitForLine(logFile, LISTENING).group(1));
            assertEquals("+PONG\r\n", send(port, "PING"));
            String log = Files.readString(logFile);
            assertTrue(log.contains(pid + ":M ") && log.contains(" * Ready to accept connections tcp"), log);
            assertEquals("", send(port, "SHUTDOWN", "NOSAVE"), "SHUTDOWN closes the connection without a reply");
            assertTrue(server.onExit().get(30, TimeUnit.SECONDS) != null);
            assertTrue(Files.notExists(pidFile), "pid file removed at exit");
        } finally {
            server.destroyForcibly();
        }
    }

    /** A daemon that cannot start (a bad directive) is reported by the launcher, which exits 1. */
    @Test
    void daemonizeReportsAConfigurationErrorAndExits1() throws Exception {
        assumeTrue(Files.isExecutable(dist.resolve("bin/sockudo-kv")), "distribution not built at " + dist);
        Process launcher = new ProcessBuilder("bash", dist.resolve("bin/sockudo-kv").toString(), "--port", "0",
                "--daemonize", "yes", "--no-such-directive", "1").redirectErrorStream(true).start();
        String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(launcher.waitFor(90, TimeUnit.SECONDS), out);
        assertEquals(1, launcher.exitValue(), out);
        assertTrue(out.contains("Bad directive or wrong number of arguments"), out);
    }

    /**
     * SIGTERM with save points: the dataset is saved, the process exits 0, and a restart on the
     * same directory has it back.
     */
    @Test
    void sigtermSavesAndExitsZero(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Matcher listening = start("--port", "0", "--dir", tmp.toString(), "--save", "3600 1",
                "--pidfile", tmp.resolve("kv.pid").toString());
        int port = Integer.parseInt(listening.group(1));
        assertEquals(process.pid() + "", Files.readString(tmp.resolve("kv.pid")).trim());
        assertEquals("+OK\r\n", send(port, "SET", "term:key", "saved"));
        // SIGTERM (through the handle: Process.destroy would also close our end of its output)
        process.toHandle().destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join("\n", output));
        assertTrue(awaitOutput("# Received SIGTERM scheduling shutdown..."), output.toString());
        assertTrue(awaitOutput("* DB saved on disk"), output.toString());
        assertTrue(Files.exists(tmp.resolve("dump.rdb")), output.toString());
        assertTrue(Files.notExists(tmp.resolve("kv.pid")), "pid file removed at exit");
        output.clear();
        int port2 = Integer.parseInt(start("--port", "0", "--dir", tmp.toString()).group(1));
        assertEquals("$5\r\nsaved\r\n", send(port2, "GET", "term:key"));
    }

    /** shutdown-on-sigint nosave: SIGINT stops without the final save (save points notwithstanding), exit 0. */
    @Test
    void sigintWithShutdownOnSigintNosaveDoesNotSave(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Matcher listening = start("--port", "0", "--dir", tmp.toString(), "--save", "3600 1",
                "--shutdown-on-sigint", "nosave");
        int port = Integer.parseInt(listening.group(1));
        assertEquals("+OK\r\n", send(port, "SET", "int:key", "v"));
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join("\n", output));
        assertTrue(awaitOutput("# Received SIGINT scheduling shutdown..."), output.toString());
        assertTrue(Files.notExists(tmp.resolve("dump.rdb")), "no save with nosave: " + output);
    }

    /**
     * The launcher's default JVM options (docs/benchmarks.md, "The heap follows the data"): the
     * collector settings that give memory back after a load and a burst, and the class-data-sharing
     * archive made by the build. Checked on the dry run (SOCKUDO_KV_DRY_RUN=1), which prints the java
     * command line instead of running it.
     */
    @Test
    void dryRunCarriesTheDefaultJvmOptions() throws Exception {
        assumeTrue(Files.isExecutable(dist.resolve("bin/sockudo-kv")), "distribution not built at " + dist);
        String line = dryRun(Map.of());
        for (String option : DEFAULT_GC_OPTIONS) {
            assertTrue(line.contains(" " + option + " "), option + " in: " + line);
        }
        assertTrue(line.contains(" -XX:+ExitOnOutOfMemoryError "), line);
        // Netty's pooled allocator, and glibc's mmap threshold fixed, so a burst's buffers leave the process
        assertTrue(line.contains(" -Dio.netty.allocator.type=pooled "), line);
        assertTrue(line.startsWith(" MALLOC_MMAP_THRESHOLD_=131072 "), line);
        assertTrue(line.contains(" -m io.sockudo.kv.kernel/io.sockudo.kv.kernel.Main "), line);
        if (Files.exists(dist.resolve("cds/sockudo-kv.jsa"))) {
            // made by this build's JVM, which runs the test too
            assertTrue(line.contains(" -XX:SharedArchiveFile=" + dist.resolve("cds/sockudo-kv.jsa").toRealPath()),
                    line);
            assertTrue(line.contains(" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off "), line);
        }

        // the user's options come after the defaults; naming a collector replaces the default one's settings
        String serial = dryRun(Map.of("SOCKUDO_KV_JAVA_OPTS", "-XX:+UseSerialGC -Xmx256m"));
        assertTrue(serial.contains(" -XX:+UseSerialGC -Xmx256m "), serial);
        for (String option : DEFAULT_GC_OPTIONS) {
            assertTrue(!serial.contains(" " + option + " "), option + " left out with another collector: " + serial);
        }
        // SOCKUDO_KV_CDS=off, or an archive option of the user's, leaves the archive out
        assertTrue(!dryRun(Map.of("SOCKUDO_KV_CDS", "off")).contains("SharedArchiveFile"));
        String own = dryRun(Map.of("SOCKUDO_KV_JAVA_OPTS", "-Xshare:off"));
        assertTrue(!own.contains("SharedArchiveFile") && own.contains(" -Xshare:off "), own);
    }

    /**
     * A class-data-sharing archive made by another JVM or for another directory is left out, and
     * one the JVM rejects is ignored silently: no warning, a normal start.
     */
    @Test
    void aStaleClassDataArchiveIsIgnoredWithoutAWord(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(dist.resolve("bin/sockudo-kv")), "distribution not built at " + dist);
        Path copy = tmp.resolve("dist");
        copyTree(dist, copy);
        Files.createDirectories(copy.resolve("cds"));
        Files.deleteIfExists(copy.resolve("cds/sockudo-kv.jsa")); // the build's is read-only
        Files.write(copy.resolve("cds/sockudo-kv.jsa"), new byte[4096]);
        Files.writeString(copy.resolve("cds/sockudo-kv.jvm"), "another JVM\n");
        assertTrue(!dryRun(copy, Map.of()).contains("SharedArchiveFile"), "stamp of another JVM: archive not used");
        // the build's stamp names the build's directory: not this copy's
        if (Files.exists(dist.resolve("cds/sockudo-kv.jvm"))) {
            String stamp = Files.readString(dist.resolve("cds/sockudo-kv.jvm"));
            String home = dist.toRealPath().toString();
            assertTrue(stamp.startsWith(home + "|"), stamp);
            Files.writeString(copy.resolve("cds/sockudo-kv.jvm"), stamp);
            assertTrue(!dryRun(copy, Map.of()).contains("SharedArchiveFile"), "archive made for another directory");
            // this directory's and this JVM's stamp beside a broken archive: the launcher passes it,
            // the JVM rejects it, silently
            Files.writeString(copy.resolve("cds/sockudo-kv.jvm"),
                    copy.toRealPath() + stamp.substring(home.length()));
            assertTrue(dryRun(copy, Map.of()).contains("SharedArchiveFile"));
        }
        Matcher listening = start(copy, "--port", "0");
        assertEquals("+PONG\r\n", send(Integer.parseInt(listening.group(1)), "PING"));
        assertTrue(output.stream().noneMatch(l -> l.toLowerCase(java.util.Locale.ROOT).contains("cds")
                || l.toLowerCase(java.util.Locale.ROOT).contains("shared archive")), String.join("\n", output));
    }

    /**
     * On linux-x86_64 the distribution serves TLS through OpenSSL: the launcher puts Netty's
     * tcnative library module in the boot layer, and {@code tls-provider openssl} (which refuses to
     * start without it) answers redis-cli over TLS.
     */
    @Test
    void servesTlsThroughOpenSslOnLinuxX8664(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"));
        assertTrue(dryRun(Map.of()).contains("io.netty.internal.tcnative.openssl.linux.x86_64"));
        Process gen = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-keyout", tmp.resolve("k.pem").toString(), "-out",
                tmp.resolve("c.pem").toString()).redirectErrorStream(true).start();
        gen.getInputStream().readAllBytes();
        assertTrue(gen.waitFor(30, TimeUnit.SECONDS) && gen.exitValue() == 0, "openssl req");
        int tlsPort = freePort();
        // a plain port beside it (port 0 with a tls-port would mean TLS only, as in Redis)
        Matcher listening = start("--port", String.valueOf(freePort()), "--tls-port", String.valueOf(tlsPort),
                "--tls-cert-file",
                tmp.resolve("c.pem").toString(), "--tls-key-file", tmp.resolve("k.pem").toString(),
                "--tls-auth-clients", "no", "--tls-provider", "openssl");
        assertEquals("+PONG\r\n", send(Integer.parseInt(listening.group(1)), "PING"));
        assertTrue(output.stream().anyMatch(l -> l.contains("TLS provider: BoringSSL")), String.join("\n", output));
        Process cli = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(tlsPort), "--tls",
                "--insecure", "PING").redirectErrorStream(true).start();
        String pong = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(cli.waitFor(30, TimeUnit.SECONDS));
        assertEquals("PONG", pong);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /** The collector options the launcher uses when SOCKUDO_KV_JAVA_OPTS names no collector. */
    static final List<String> DEFAULT_GC_OPTIONS = List.of("-XX:+UseG1GC", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20", "-XX:G1PeriodicGCInterval=30000", "-XX:+UnlockExperimentalVMOptions",
            "-XX:G1NewSizePercent=20");

    private String dryRun(Map<String, String> env) throws Exception {
        return dryRun(dist, env);
    }

    private static String dryRun(Path distribution, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", distribution.resolve("bin/sockudo-kv").toString(), "--port", "0")
                .redirectErrorStream(true);
        pb.environment().remove("SOCKUDO_KV_JAVA_OPTS");
        pb.environment().remove("SOCKUDO_KV_CDS");
        pb.environment().remove("MALLOC_MMAP_THRESHOLD_");
        pb.environment().putAll(env);
        pb.environment().put("SOCKUDO_KV_DRY_RUN", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return " " + out.strip() + " ";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Waits until the reader thread has seen a line ending with {@code suffix} (it may lag the process's exit). */
    private boolean awaitOutput(String suffix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (output.stream().noneMatch(l -> l.endsWith(suffix))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits until a line of {@code file} matches (the daemon's log). */
    private static Matcher waitForLine(Path file, Pattern p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher m = p.matcher(l);
                    if (m.find()) {
                        return m;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line matching " + p + " in " + file);
    }

    /**
     * Every log line is in Redis's format ({@code pid:role dd Mon yyyy HH:mm:ss.mmm level message}),
     * with the start-up lines scripts watch for.
     */
    private void assertRedisLogFormat() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (output.stream().noneMatch(l -> l.endsWith(" * Ready to accept connections tcp"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String log = String.join("\n", output);
        Pattern line = Pattern.compile("\\d+:[CM] \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} [.\\-*#] .+");
        List<String> ours = output.stream().filter(l -> !l.startsWith("WARNING: ")).toList(); // the JVM's own
        for (String l : ours) {
            assertTrue(line.matcher(l).matches(), "not a Redis log line: " + l + "\nlog:\n" + log);
        }
        long pid = process.pid();
        assertTrue(output.stream().anyMatch(l -> l.contains(":C ") && l.contains("# oO0OoO0OoO0Oo sockudo-kv is starting")),
                log);
        assertTrue(output.stream().anyMatch(l -> l.contains("just started") && l.contains("Redis version=7.0.15")), log);
        assertTrue(output.stream().anyMatch(l -> l.contains(":M ") && l.endsWith(" # Server initialized")), log);
        assertTrue(output.stream().anyMatch(l -> l.endsWith(" * Ready to accept connections tcp")), log);
        assertTrue(ours.stream().allMatch(l -> l.startsWith(pid + ":")), "lines start with the pid " + pid + ":\n" + log);
    }

    /** Starts the launcher and waits for the "listening on port" log line. */
    private Matcher start(String... args) throws Exception {
        return start(dist, args);
    }

    private Matcher start(Path distribution, String... args) throws Exception {
        assumeTrue(Files.isExecutable(distribution.resolve("bin/sockudo-kv")), "distribution not built at " + distribution);
        List<String> cmd = new ArrayList<>(List.of("bash", distribution.resolve("bin/sockudo-kv").toString()));
        cmd.addAll(List.of(args));
        // RDB files (the final snapshot on SIGTERM) go to a directory of the test's, not the build's
        if (!List.of(args).contains("--dir")) {
            cmd.addAll(List.of("--dir", Files.createTempDirectory("sockudo-kv-launcher").toString()));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readLog(process.getInputStream(), ready), "launcher-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("server did not report listening in 60 s; log:\n" + String.join("\n", output), e);
        }
    }

    private void readLog(InputStream in, CompletableFuture<Matcher> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    ready.complete(m);
                }
            }
            ready.completeExceptionally(new AssertionError("server exited; log:\n" + String.join("\n", output)));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    /** Sends one command and returns the raw reply (one line, or one bulk string). */
    private static String send(int port, String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String first = readLine(in);
            if (first.startsWith("$") && !first.equals("$-1\r\n")) {
                return first + readLine(in);
            }
            return first;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            sb.append((char) c);
            if (c == '\n') {
                break;
            }
        }
        return sb.toString();
    }
}
