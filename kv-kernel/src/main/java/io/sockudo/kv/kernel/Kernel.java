package io.sockudo.kv.kernel;

import io.sockudo.kv.kernel.client.ClientPause;
import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.command.CommandRegistrar;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.Dispatcher;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.KeyspaceHooks;
import io.sockudo.kv.kernel.keyspace.LruClock;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.kernel.module.ModuleManager;
import io.sockudo.kv.kernel.module.TypeRegistry;
import io.sockudo.kv.kernel.net.ProtocolLimits;
import io.sockudo.kv.kernel.stats.ServerStats;
import io.sockudo.kv.spi.EventClass;

/**
 * The server's shared state, wired once at start-up: configuration, databases and their locks,
 * the command table, clients, modules, statistics. Everything else receives it.
 */
public final class Kernel {
    public final ConfigRegistry config;
    public final ShardLocks locks;
    public final LruClock lruClock = new LruClock();
    public final CommandTable commands = new CommandTable();
    public final TypeRegistry types = new TypeRegistry();
    public final ClientRegistry clients = new ClientRegistry();
    public final ServerStats stats = new ServerStats();
    public final Notifier notifier = new Notifier();
    public final ProtocolLimits limits = new ProtocolLimits();
    /** CLIENT PAUSE state: commands of paused clients are held by their connections until it ends. */
    public final ClientPause pause = new ClientPause();
    public final java.util.List<io.sockudo.kv.kernel.client.ConnectionListener> connectionListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    public final CommandRegistrar registrar;
    public final ModuleManager modules;
    /** Loads plugin files (MODULE LOAD, loadmodule); replaced by the PF4J loader at start-up. */
    public volatile io.sockudo.kv.kernel.module.PluginLoader pluginLoader = io.sockudo.kv.kernel.module.PluginLoader.UNSUPPORTED;
    public final Dispatcher dispatcher;
    public final io.sockudo.kv.kernel.blocking.BlockingManager blocking;
    private final Database[] databases;
    /** Set while SHUTDOWN runs, so the server stops accepting work. */
    public volatile Runnable shutdownHook = () -> { };
    /** The actual TCP port (differs from the config when 0 = ephemeral). */
    public volatile int boundPort;
    /** Path of the config file the server started with, or null. */
    public volatile java.nio.file.Path configFile;
    public volatile String runId = randomRunId();
    public volatile boolean activeExpireEnabled = true;
    /** Background threads: offloaded command work and modules' background tasks. */
    public final io.sockudo.kv.kernel.util.WorkerPool workers =
            new io.sockudo.kv.kernel.util.WorkerPool(Runtime.getRuntime().availableProcessors());
    /** client-output-buffer-limit enforcement and INFO client_recent_max_output_buffer. */
    public final io.sockudo.kv.kernel.client.OutputBufferGuard outputGuard =
            new io.sockudo.kv.kernel.client.OutputBufferGuard(io.netty.util.internal.PlatformDependent.maxDirectMemory());
    /** Renders a client as its CLIENT LIST line (installed by the client commands). */
    public volatile io.sockudo.kv.kernel.client.ClientDescriber clientDescriber =
            c -> "id=" + c.id() + " addr=" + c.peerAddress();

    public Kernel(ConfigRegistry config) {
        this.config = config;
        this.locks = new ShardLocks((int) config.getLong("keyspace-shards"));
        int n = (int) config.getLong("databases");
        KeyspaceHooks hooks = new KeyspaceHooks() {
            @Override
            public void keyWritten(Database db, byte[] key) {
                stats.dirty.increment();
                dispatcher.keyWritten(db, key);
            }

            @Override
            public void keyReady(Database db, byte[] key) {
                blocking.keyWritten(db, key);
            }

            @Override
            public void keyExpired(Database db, byte[] key) {
                stats.expiredKeys.increment();
                notifier.notify(db, EventClass.EXPIRED, "expired", key);
                dispatcher.keyWritten(db, key);
            }

            @Override
            public void keyRead(Database db, byte[] key, boolean hit, boolean notifyMiss) {
                if (hit) {
                    stats.keyspaceHits.increment();
                } else {
                    stats.keyspaceMisses.increment();
                    if (notifyMiss) {
                        notifier.notify(db, EventClass.KEY_MISS, "keymiss", key);
                    }
                }
            }

            @Override
            public void keyCreated(Database db, byte[] key) {
                notifier.notify(db, EventClass.NEW_KEY, "new", key);
            }

            @Override
            public void contentsReplaced(Database db, Database replacement) {
                dispatcher.contentsReplaced(db, replacement);
            }

            @Override
            public boolean expiryDisabled() {
                // While clients are paused the dataset must not change: expired keys read as
                // missing but stay until the pause ends, as in Redis 7.0.
                return pause.active() && pause.mode(System.currentTimeMillis()) != ClientPause.Mode.NONE;
            }
        };
        databases = new Database[n];
        for (int i = 0; i < n; i++) {
            databases[i] = new Database(i, locks, hooks, lruClock);
        }
        lruClock.bind(config);
        this.registrar = new CommandRegistrar(this);
        this.modules = new ModuleManager(this);
        this.dispatcher = new Dispatcher(this);
        this.blocking = new io.sockudo.kv.kernel.blocking.BlockingManager(this);
        dispatcher.addWriteObserver(blocking);
        connectionListeners.add(blocking::disconnected);
        config.onChange("requirepass", v -> authRequired = v != null && !v.isEmpty());
        config.onChange("proto-max-bulk-len", v -> limits.maxBulkLen = config.getLong("proto-max-bulk-len"));
        config.onChange(io.sockudo.kv.kernel.config.ClientOutputBufferLimits.OPTION, outputGuard::configure);
        config.onChange("client-query-buffer-limit",
                v -> limits.queryBufferLimit = config.getLong("client-query-buffer-limit"));
    }

    public Database db(int index) {
        return databases[index];
    }

    public int databaseCount() {
        return databases.length;
    }

    /** Cached from requirepass so the per-command check is a field read. */
    private volatile boolean authRequired;

    /** True when clients must authenticate (requirepass set). */
    public boolean authRequired() {
        return authRequired;
    }

    private static String randomRunId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }
}
