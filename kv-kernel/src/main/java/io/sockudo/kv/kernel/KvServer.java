package io.sockudo.kv.kernel;

import io.sockudo.kv.kernel.config.CommandLine;
import io.sockudo.kv.kernel.config.ConfigApplier;
import io.sockudo.kv.kernel.config.ConfigFile;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.config.Directive;
import io.sockudo.kv.kernel.config.KernelConfig;
import io.sockudo.kv.kernel.keyspace.ActiveExpireCycle;
import io.sockudo.kv.kernel.net.NettyServer;
import io.sockudo.kv.kernel.process.Daemon;
import io.sockudo.kv.kernel.process.LogFile;
import io.sockudo.kv.kernel.process.PidFile;
import io.sockudo.kv.kernel.process.SystemdNotify;
import io.sockudo.kv.kernel.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A running server: start-up in Redis's order (config file and overrides, modules, listening
 * socket, background cron) and shutdown.
 */
public final class KvServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KvServer.class);

    private final Kernel kernel;
    private final NettyServer net;
    private final ScheduledExecutorService cron;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Written at start (pidfile), removed by {@link #close}; null when none. */
    private volatile PidFile pidFile;
    private volatile SystemdNotify systemd;
    /** syslog-enabled: the log's second destination, closed last; null when off. */
    private volatile io.sockudo.kv.kernel.process.Syslog syslog;
    private volatile ScheduledFuture<?> expireTask;
    /** The AOF's 10 ms write-behind task while the AOF is on, else null. */
    private ScheduledFuture<?> aofWriteBehind;
    /** One cycle for the server's life: it remembers where the last run stopped. */
    private final ActiveExpireCycle expireCycle;

    private KvServer(Kernel kernel) {
        this.kernel = kernel;
        this.net = new NettyServer(kernel.connectionServices());
        this.expireCycle = kernel.newActiveExpireCycle();
        ScheduledThreadPoolExecutor cronThread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kv-cron");
            t.setDaemon(true);
            return t;
        });
        // at close, tasks not started yet are dropped (see close)
        cronThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.cron = cronThread;
    }

    /** Starts a server from redis-server style arguments. */
    public static KvServer start(String... args) throws InterruptedException {
        io.sockudo.kv.kernel.logging.RedisLog.role('C');
        LOG.warn("oO0OoO0OoO0Oo sockudo-kv is starting oO0OoO0OoO0Oo");
        LOG.warn("sockudo-kv version={} (Redis version={}), bits={}, commit=00000000, modified=0, pid={}, just started",
                io.sockudo.kv.kernel.util.Version.VERSION, io.sockudo.kv.kernel.util.Version.REDIS_VERSION,
                System.getProperty("sun.arch.data.model", "64"), ProcessHandle.current().pid());
        CommandLine cl = CommandLine.parse(args);
        List<Directive> directives = new ArrayList<>();
        if (cl.configFile() != null) {
            directives.addAll(ConfigFile.read(cl.configFile()));
        }
        directives.addAll(cl.directives());
        ConfigRegistry config = new ConfigRegistry();
        KernelConfig.registerAll(config);
        ConfigApplier applier = new ConfigApplier(config);
        List<Directive> pending = applier.apply(directives);
        if (cl.configFile() == null) {
            LOG.warn("Warning: no config file specified, using the default config. In order to specify a config file "
                    + "use sockudo-kv /path/to/sockudo-kv.conf");
        } else {
            LOG.warn("Configuration loaded");
        }
        config.onChange("loglevel", io.sockudo.kv.kernel.logging.RedisLog::level);
        io.sockudo.kv.kernel.logging.RedisLog.level(config.get("loglevel"));
        LogFile.openIfConfigured(config);
        io.sockudo.kv.kernel.process.Syslog syslog = io.sockudo.kv.kernel.process.Syslog.openIfConfigured(config);
        io.sockudo.kv.kernel.logging.RedisLog.role('M');
        LOG.info("monotonic clock: POSIX clock_gettime");
        LOG.info("Running mode=standalone, port={}.", config.get("port"));

        Kernel kernel = new Kernel(config, cl.configFile() == null ? null : cl.configFile().toAbsolutePath());
        KvServer server = new KvServer(kernel);
        server.systemd = SystemdNotify.fromConfig(config);
        server.syslog = syslog;
        kernel.modules().loadBuiltins();
        // Options of built-in families apply now; plugin options once loadmodule has loaded the plugin.
        pending = applier.apply(pending);
        // rename-command applies to the server's commands (the families' are Redis's core ones);
        // plugins load after it, as modules load after Redis's config.
        for (Directive d : applier.renames()) {
            String err = kernel.registrar().rename(d.args().get(0), d.args().get(1));
            if (err != null) {
                throw io.sockudo.kv.kernel.config.ConfigFile.ConfigException.at(d, err);
            }
        }
        for (Directive d : applier.loadModules()) {
            kernel.plugins().load(d.args().get(0), d.args().subList(1, d.args().size()));
        }
        applier.applyStrict(pending);
        // As Redis: users (the config's user lines or the ACL file) once every command is known.
        kernel.acl().loadAtStartup(applier.users());
        warnAboutAcceptedButInactiveOptions(config);
        // The configuration is complete (modules' options included): where Redis forks and writes its pid file.
        Daemon.afterConfig(config);
        server.pidFile = PidFile.writeIfConfigured(config);
        LOG.warn("Server initialized");
        try {
            kernel.loadDataAtStartup();
        } catch (java.io.IOException e) {
            // Redis stops rather than start with a partial dataset.
            LOG.error("Fatal error loading the DB: {}. Exiting.", e.getMessage());
            throw new IllegalStateException("Fatal error loading the DB: " + e.getMessage(), e);
        }
        server.listen();
        LOG.info("Ready to accept connections tcp");
        server.systemd.ready();
        return server;
    }

    /**
     * Options the seed's command line and redis.conf files carry whose subsystem does not exist
     * yet: accepted so existing configs start, but said loudly so nobody believes they act.
     */
    private static void warnAboutAcceptedButInactiveOptions(ConfigRegistry config) {
        if (config.getBoolean("cluster-enabled")) {
            LOG.warn("cluster-enabled is yes, but Redis Cluster is not implemented yet: this server runs standalone "
                    + "(cluster-config-file {} is not used)", config.get("cluster-config-file"));
        }
    }

    private void listen() throws InterruptedException {
        List<String> bind = Arrays.asList(kernel.config().get("bind").trim().split("\\s+"));
        // TLS contexts first: an unreadable certificate or key stops the start-up, as in Redis.
        TlsContexts tls = new TlsContexts(kernel.config());
        try {
            tls.start();
        } catch (java.io.IOException e) {
            LOG.warn("Failed to configure TLS. Check logs for more info.");
            throw new IllegalStateException("Failed to configure TLS: " + e.getMessage(), e);
        }
        kernel.identity().port(net.start(bind, (int) kernel.config().getLong("port"),
                (int) kernel.config().getLong("tls-port"), tls));
        kernel.replication().tls(tls);
        kernel.config().onApply("tls-port", () -> {
            int want = (int) kernel.config().getLong("tls-port");
            if (want == net.tlsPort()) {
                return null;
            }
            if (want != 0) {
                if (tls.rebuild(true) != null) {
                    return "Unable to update TLS configuration. Check server logs.";
                }
            }
            try {
                net.startTls(want);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "Unable to listen on this port. Check server logs.";
            } catch (RuntimeException e) {
                LOG.warn("Unable to listen on TLS port {}: {}", want, e.getMessage());
                return "Unable to listen on this port. Check server logs.";
            }
        });
        kernel.onShutdownRequest(this::close);
        kernel.replication().network(net.workers(), net.clientChannelClass());
        cron.scheduleAtFixedRate(() -> {
            try {
                kernel.replication().cron(); // REPLCONF ACK, PING, timeouts, reconnects, diskless delays
            } catch (RuntimeException e) {
                LOG.error("replication cron failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        kernel.replication().startFromConfig();
        kernel.config().onChange("hz", v -> scheduleCron());
        // One tick every 100 ms for the periodic work Redis's serverCron does at that rate, rather
        // than a timer each: every wake-up of this thread can take a core from the event loop or
        // its clients for a moment (on 2 cores, the p99.9 latency of a saturated server).
        cron.scheduleAtFixedRate(this::tenthOfASecond, 100, 100, TimeUnit.MILLISECONDS);
        kernel.aof().onSwitch(() -> {
            try {
                cron.execute(() -> aofWriteBehindTimer(kernel.aof().enabled()));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the server is shutting down: no timer to start or stop any more
            }
        });
        aofWriteBehindTimer(kernel.aof().enabled());
        cron.scheduleAtFixedRate(() -> {
            try {
                kernel.aof().everySecond(); // appendfsync everysec, auto-aof-rewrite-*, scheduled rewrites
            } catch (RuntimeException e) {
                LOG.error("AOF cron failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        cron.scheduleAtFixedRate(() -> kernel.migrateSockets().closeIdle(System.currentTimeMillis()),
                1, 1, TimeUnit.SECONDS);
        io.sockudo.kv.kernel.client.IdleClientReaper reaper =
                new io.sockudo.kv.kernel.client.IdleClientReaper(kernel.clients(), kernel.config());
        cron.scheduleAtFixedRate(() -> {
            try {
                reaper.run();
            } catch (RuntimeException e) {
                LOG.error("idle client check failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** The 100 ms tick: rates, save points, memory. Each part guarded: an exception would end the tick for good. */
    private void tenthOfASecond() {
        try {
            kernel.stats().sampleRates(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.error("rate sampling failed", e);
        }
        try {
            kernel.snapshots().cron();
        } catch (RuntimeException e) {
            LOG.error("save point check failed", e);
        }
        try {
            kernel.memoryCron(); // heap figures, and eviction left over by a run cut short
        } catch (RuntimeException e) {
            LOG.error("memory cron failed", e);
        }
    }

    /**
     * The AOF's write behind the replies (appendfsync everysec/no) every 10 ms, while the AOF is
     * on: 100 wake-ups a second are not paid by a server without one. The AOF tells when it switches.
     */
    private synchronized void aofWriteBehindTimer(boolean on) {
        if (on && aofWriteBehind == null) {
            aofWriteBehind = cron.scheduleAtFixedRate(() -> {
                try {
                    kernel.aof().writeBehind();
                } catch (RuntimeException e) {
                    LOG.error("AOF write failed", e);
                }
            }, 10, 10, TimeUnit.MILLISECONDS);
        } else if (!on && aofWriteBehind != null) {
            aofWriteBehind.cancel(false);
            aofWriteBehind = null;
        }
    }

    private synchronized void scheduleCron() {
        if (expireTask != null) {
            expireTask.cancel(false);
        }
        long periodMicros = 1_000_000L / kernel.config().getLong("hz");
        ActiveExpireCycle cycle = expireCycle;
        io.sockudo.kv.kernel.latency.LatencyMonitor latency = kernel.latency();
        expireTask = cron.scheduleAtFixedRate(() -> {
            try {
                long start = System.nanoTime();
                cycle.run();
                latency.record("expire-cycle", (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.error("active expire cycle failed", e);
            }
        }, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Registers a module object at run time (embedding and tests; plugins go through MODULE LOAD). */
    public void registerModule(io.sockudo.kv.spi.KvModule module) {
        kernel.modules().register(module, "embedded", java.util.List.of(), () -> { });
    }

    /** The TCP port the server listens on. */
    public int port() {
        return kernel.identity().port();
    }

    /** The TLS port the server listens on, 0 when none. */
    public int tlsPort() {
        return net.tlsPort();
    }

    /** Network transport in use: {@code epoll} or {@code nio}. */
    public String transport() {
        return net.transport();
    }

    /** Blocks until the server has shut down. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /**
     * SIGTERM/SIGINT with the flags of {@code shutdown-on-sigterm}/{@code shutdown-on-sigint}
     * (default, save, nosave, now, force), through the same sequence as SHUTDOWN
     * ({@link ShutdownSequence}): unless {@code now}, writes pause and lagging replicas get up to
     * {@code shutdown-timeout} seconds to acknowledge the stream (SHUTDOWN ABORT cancels the wait);
     * then a final RDB snapshot when save points are configured (or {@code save}, never with
     * {@code nosave}); the AOF is flushed and forced by {@link #close}. A signal while a shutdown
     * is in progress joins it. Blocks the calling (signal) thread until the outcome is known.
     *
     * @return true when the server stopped (the process should exit 0); false when the save failed
     *         without {@code force}, or the shutdown was aborted: the server keeps running, as Redis
     */
    public boolean shutdownOnSignal(String signal) {
        if (closing.get()) {
            return true;
        }
        String flags = kernel.config().get(signal.equals("SIGINT") ? "shutdown-on-sigint" : "shutdown-on-sigterm");
        java.util.List<String> f = java.util.Arrays.asList(flags.split("\\s+"));
        LOG.warn("Received {} scheduling shutdown...", signal);
        java.util.concurrent.CompletableFuture<String> failed = new java.util.concurrent.CompletableFuture<>();
        String err = kernel.shutdownSequence().request(new io.sockudo.kv.kernel.commands.server.ShutdownControl.Flags(
                f.contains("save"), f.contains("nosave"), f.contains("now"), f.contains("force")), failed::complete);
        while (err == null) {
            try {
                if (stopped.await(10, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return closing.get();
            }
            err = failed.getNow(null);
        }
        LOG.warn("{} received but errors trying to shut down the server, check the logs for more information", signal);
        return false;
    }

    /** The shutdown hook's path (when signal handlers could not be installed): as SIGTERM, always stopping. */
    public void closeOnSignal() {
        if (!shutdownOnSignal("SIGTERM")) {
            close(); // a JVM that runs its hooks exits anyway: stop cleanly at least
        }
    }

    /** Set by the first close: SHUTDOWN's thread and the embedding code may both call it. */
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Stops the cron without interrupting the task it is running: that task may be writing the
     * AOF, and an interrupted FileChannel write closes the channel, so the final flush below would
     * fail and the AOF's tail be lost (the likely cause of a CI failure of AofTest, where the writes
     * of the last moments before a clean close were missing after the restart). Nothing new starts
     * once it is shut down.
     */
    private void stopCron() {
        cron.shutdown();
        try {
            if (!cron.awaitTermination(5, TimeUnit.SECONDS)) {
                cron.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cron.shutdownNow();
        }
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                stopped.await(); // another thread is closing: return once it is done
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        kernel.shutdownSequence().serverClosed();
        SystemdNotify sd = systemd;
        if (sd != null) {
            sd.stopping();
        }
        stopCron();
        kernel.replication().close();
        // Every client connection is closed before the event loops stop (as Redis exits with its
        // sockets closed): a client blocked in SHUTDOWN sees its connection end, not a silent socket.
        for (io.sockudo.kv.kernel.client.Client c : kernel.clients().all()) {
            if (c.channel() != null) {
                c.channel().close().awaitUninterruptibly(1000);
            }
        }
        net.close();
        kernel.migrateSockets().closeAll();
        kernel.aof().flushForShutdown();
        kernel.workers().close();
        kernel.scripts().close();
        kernel.plugins().close();
        PidFile pid = pidFile;
        if (pid != null) {
            pid.delete();
        }
        LOG.info("server stopped");
        io.sockudo.kv.kernel.process.Syslog sl = syslog;
        if (sl != null) {
            sl.close();
        }
        stopped.countDown();
    }
}
