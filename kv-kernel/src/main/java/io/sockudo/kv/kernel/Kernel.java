package io.sockudo.kv.kernel;

import io.sockudo.kv.kernel.acl.Acl;
import io.sockudo.kv.kernel.acl.AclStage;
import io.sockudo.kv.kernel.blocking.BlockingManager;
import io.sockudo.kv.kernel.client.Authentication;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ClientEviction;
import io.sockudo.kv.kernel.client.ClientPause;
import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.client.ConnectionListeners;
import io.sockudo.kv.kernel.client.OutputBufferGuard;
import io.sockudo.kv.kernel.command.AuthStage;
import io.sockudo.kv.kernel.command.CommandPipeline;
import io.sockudo.kv.kernel.command.CommandRegistrar;
import io.sockudo.kv.kernel.command.CommandRunner;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.Dispatcher;
import io.sockudo.kv.kernel.command.ExecutionEnvironment;
import io.sockudo.kv.kernel.command.InternalClient;
import io.sockudo.kv.kernel.command.ProtectedCommands;
import io.sockudo.kv.kernel.command.Rejections;
import io.sockudo.kv.kernel.commands.acl.AclCommands;
import io.sockudo.kv.kernel.commands.client.ClientCommands;
import io.sockudo.kv.kernel.commands.config.ConfigCommands;
import io.sockudo.kv.kernel.commands.connection.ConnectionCommands;
import io.sockudo.kv.kernel.commands.database.DatabaseCommands;
import io.sockudo.kv.kernel.commands.diagnostics.DiagnosticsCommands;
import io.sockudo.kv.kernel.commands.introspection.CommandCommands;
import io.sockudo.kv.kernel.commands.keys.KeysCommands;
import io.sockudo.kv.kernel.commands.keys.MigrateSockets;
import io.sockudo.kv.kernel.commands.module.ModuleCommands;
import io.sockudo.kv.kernel.commands.persistence.PersistenceCommands;
import io.sockudo.kv.kernel.commands.pubsub.PubSubCommands;
import io.sockudo.kv.kernel.commands.replication.ReplicationCommands;
import io.sockudo.kv.kernel.commands.scripting.FunctionCommands;
import io.sockudo.kv.kernel.commands.scripting.ScriptingCommands;
import io.sockudo.kv.kernel.commands.server.InfoSources;
import io.sockudo.kv.kernel.commands.server.ServerCommands;
import io.sockudo.kv.kernel.commands.transactions.TransactionCommands;
import io.sockudo.kv.kernel.config.ClientOutputBufferLimits;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.kernel.eviction.Evictor;
import io.sockudo.kv.kernel.eviction.MemoryStage;
import io.sockudo.kv.kernel.keyspace.ActiveExpireControl;
import io.sockudo.kv.kernel.keyspace.ActiveExpireCycle;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.KeyspaceHooks;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.keyspace.LruClock;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.kernel.keyspace.WriteObservers;
import io.sockudo.kv.kernel.latency.LatencyMonitor;
import io.sockudo.kv.kernel.latency.LatencyTracking;
import io.sockudo.kv.kernel.memory.MemoryLimit;
import io.sockudo.kv.kernel.module.ModuleManager;
import io.sockudo.kv.kernel.module.Pf4jPluginLoader;
import io.sockudo.kv.kernel.module.PluginLoader;
import io.sockudo.kv.kernel.module.TypeRegistry;
import io.sockudo.kv.kernel.net.ConnectionServices;
import io.sockudo.kv.kernel.net.ProtocolLimits;
import io.sockudo.kv.kernel.persistence.BackgroundImages;
import io.sockudo.kv.kernel.persistence.FunctionLibraries;
import io.sockudo.kv.kernel.persistence.RdbLoader;
import io.sockudo.kv.kernel.persistence.RdbSnapshots;
import io.sockudo.kv.kernel.persistence.aof.AofLoader;
import io.sockudo.kv.kernel.persistence.aof.AofManifest;
import io.sockudo.kv.kernel.persistence.aof.AppendOnlyFile;
import io.sockudo.kv.kernel.persistence.aof.DiskErrorAdmission;
import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.propagation.PropagatedCommand;
import io.sockudo.kv.kernel.propagation.PropagationStream;
import io.sockudo.kv.kernel.pubsub.KeyspaceNotifications;
import io.sockudo.kv.kernel.pubsub.PubSub;
import io.sockudo.kv.kernel.replication.Replication;
import io.sockudo.kv.kernel.replication.ReplicationStages;
import io.sockudo.kv.kernel.scripting.EvalScripts;
import io.sockudo.kv.kernel.scripting.Functions;
import io.sockudo.kv.kernel.scripting.ScriptExecutor;
import io.sockudo.kv.kernel.scripting.ScriptStage;
import io.sockudo.kv.kernel.scripting.ScriptWorlds;
import io.sockudo.kv.kernel.scripting.ScriptingInfo;
import io.sockudo.kv.kernel.slowlog.SlowLog;
import io.sockudo.kv.kernel.stats.ServerIdentity;
import io.sockudo.kv.kernel.stats.ServerStats;
import io.sockudo.kv.kernel.tracking.Tracking;
import io.sockudo.kv.kernel.util.WorkerPool;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: creates every subsystem once, in dependency order, and hands each one
 * exactly the collaborators it needs as constructor (or registration) arguments. Nothing below
 * reads another subsystem through this object; {@link KvServer} and tests use its accessors to
 * start, observe and stop the server.
 *
 * <p>The layers, top to bottom (ArchUnit holds them): {@code net} (framing, connections) →
 * {@code command} (dispatch through the {@link CommandPipeline}, execution under locks) →
 * {@code commands.*} (the kernel's handlers), {@code blocking}, {@code module} → {@code keyspace},
 * {@code client}, {@code config}, {@code stats}, {@code events}, {@code resp}, {@code util}.
 */
public final class Kernel {
    static {
        // Before any module makes a value: families size their humongous arrays with it (kv-spi
        // reads no VM option itself: it depends on java.base only).
        io.sockudo.kv.spi.HeapArrays.setG1Region(io.sockudo.kv.kernel.util.HeapFacts.g1Region());
    }

    private final ConfigRegistry config;
    private final ServerIdentity identity;
    private final ServerStats stats = new ServerStats();
    private final Notifier notifier = new Notifier();
    private final ClientRegistry clients = new ClientRegistry();
    private final ConnectionListeners connectionListeners = new ConnectionListeners();
    private final ClientPause pause = new ClientPause();
    private final Authentication authentication = new Authentication();
    /** Users, their permissions, ACL LOG (the ACL stage, EXEC and scripts check through it). */
    private final Acl acl;
    private final OutputBufferGuard outputGuard =
            new OutputBufferGuard(io.netty.util.internal.PlatformDependent.maxDirectMemory());
    /** maxmemory-clients: closes the largest clients when all of them together use too much. */
    private final ClientEviction clientEviction;
    private final ProtocolLimits limits = new ProtocolLimits();
    private final WorkerPool workers = new WorkerPool(Runtime.getRuntime().availableProcessors());
    /** Told of every written key (WATCH, blocked clients). */
    private final WriteObservers writeObservers = new WriteObservers();
    /** Told of keys made ready without a write (blocked clients only; WATCH is not touched). */
    private final WriteObservers readyObservers = new WriteObservers();
    private final ActiveExpireControl activeExpire = new ActiveExpireControl();
    private final Keyspaces keyspaces;
    private final CommandTable commands = new CommandTable();
    private final CommandRegistrar registrar = new CommandRegistrar(commands);
    private final TypeRegistry types = new TypeRegistry();
    private final CommandPipeline pipeline = new CommandPipeline();
    private final Rejections rejections = new Rejections();
    private final ExecutionEnvironment environment;
    private final CommandRunner runner;
    private final BlockingManager blocking;
    private final Dispatcher dispatcher;
    private final ModuleManager modules;
    private final PluginLoader plugins;
    private final ScriptExecutor scripts;
    private final EvalScripts evalScripts;
    private final Functions functions;
    private final ShutdownRequest shutdown = new ShutdownRequest();
    /** SHUTDOWN and the signals: waiting for replicas (writes paused), ABORT, the final save. */
    private ShutdownSequence shutdownSequence;
    /** The one propagation point: what AOF and replication consume. */
    private final PropagationStream propagation = new PropagationStream();
    private final PubSub pubsub = new PubSub();
    private final Tracking tracking;
    /** RDB snapshots (SAVE, BGSAVE, save points) and the loader used at start-up. */
    private final RdbSnapshots snapshots;
    private final RdbLoader loader;
    /** MIGRATE's cached connections to its targets (closed by the cron after 10 s unused). */
    private final MigrateSockets migrateSockets = new MigrateSockets();
    /** The append-only file (a propagation listener while appendonly is on). */
    private final AppendOnlyFile aof;
    /** Replication: the role, the serving side, the link to a master. */
    private final Replication replication;
    /** used_memory and the limit in force; eviction toward it. */
    private final MemoryLimit memoryLimit;
    private final Evictor evictor;
    private final SlowLog slowlog = new SlowLog();
    private final LatencyMonitor latency = new LatencyMonitor();
    private final LatencyTracking latencyTracking = new LatencyTracking();

    /** Asks the running server to stop (SHUTDOWN); {@link KvServer} installs what it does. */
    static final class ShutdownRequest implements Runnable {
        private volatile Runnable action = () -> { };

        void onRequest(Runnable a) {
            this.action = a;
        }

        @Override
        public void run() {
            action.run();
        }
    }

    private static final byte[] DEL = "DEL".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] UNLINK = "UNLINK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A kernel without a config file (tests, embedding). */
    public Kernel(ConfigRegistry config) {
        this(config, null);
    }

    /** @param configFile the config file the server started with (absolute), or null */
    public Kernel(ConfigRegistry config, Path configFile) {
        this.config = config;
        this.identity = new ServerIdentity(configFile);
        LruClock lruClock = new LruClock();
        lruClock.bind(config);
        ShardLocks locks = new ShardLocks((int) config.getLong("keyspace-shards"));
        this.keyspaces = new Keyspaces((int) config.getLong("databases"), locks, lruClock, keyspaceHooks());
        this.acl = new Acl(commands, config, clients, authentication);
        connectionListeners.add(acl.connectionListener());
        acl.subscriptions(c -> List.of(pubsub.channelsOf(c), pubsub.patternsOf(c), pubsub.shardChannelsOf(c)));
        this.environment = new ExecutionEnvironment(keyspaces, config, notifier, stats, propagation, acl);
        this.runner = new CommandRunner(keyspaces, stats);
        slowlog.bind(config);
        latency.bind(config);
        latencyTracking.bind(config);
        runner.observability(slowlog, latency, latencyTracking, clients.monitors());
        connectionListeners.add(clients.monitors());
        this.memoryLimit = new MemoryLimit(config, keyspaces.memory(),
                emptyKeyspaceBytes(config));
        this.evictor = new Evictor(keyspaces, memoryLimit, stats, latency);
        this.blocking = new BlockingManager(runner, environment);
        writeObservers.add(blocking);
        readyObservers.add(blocking);
        connectionListeners.add(blocking);
        pipeline.add(CommandPipeline.Stage.PROTECTED, new ProtectedCommands(config, rejections));
        pipeline.add(CommandPipeline.Stage.AUTH, new AuthStage(authentication, rejections));
        pipeline.add(CommandPipeline.Stage.ACL, new AclStage(acl, rejections, TransactionCommands::inMulti));
        pipeline.add(CommandPipeline.Stage.MEMORY, new MemoryStage(evictor, rejections,
                new MemoryStage.Transactions() {
                    @Override
                    public boolean inMulti(Client c) {
                        return TransactionCommands.inMulti(c);
                    }

                    @Override
                    public boolean queuedDenyoom(Client c) {
                        return TransactionCommands.queuedDenyoom(c);
                    }
                }));
        this.dispatcher = new Dispatcher(commands, pipeline, rejections, runner, blocking, workers);
        // Scripts run on their own thread holding every shard lock; dispatch learns when to answer BUSY.
        this.scripts = new ScriptExecutor(locks, blocking, runner);
        config.onChange("busy-reply-threshold", v -> scripts.busyReplyThreshold(config.getLong("busy-reply-threshold")));
        runner.busyGate(scripts, rejections);
        dispatcher.busyGate(scripts);
        pipeline.add(CommandPipeline.Stage.SCRIPT, new ScriptStage(scripts, rejections));
        ScriptWorlds worlds = new ScriptWorlds(commands, runner, environment);
        this.evalScripts = new EvalScripts(worlds, scripts);
        this.functions = new Functions(worlds, scripts, config);
        this.tracking = new Tracking(clients, runner, config);
        this.clientEviction = new ClientEviction(clients, ClientCommands.describer(clients, pubsub, tracking));
        writeObservers.add(tracking);
        connectionListeners.add(tracking);
        acl.describer(ClientCommands.describer(clients, pubsub, tracking));
        this.modules = new ModuleManager(registrar, types, config, notifier, workers, keyspaces);
        BackgroundImages images = new BackgroundImages();
        FunctionLibraries libraries = functionLibraries();
        this.snapshots = new RdbSnapshots(keyspaces, config, stats, types, images, libraries);
        this.loader = new RdbLoader(keyspaces, config, types, libraries, notifier);
        this.aof = new AppendOnlyFile(config, keyspaces, types, propagation, images, libraries);
        pipeline.add(CommandPipeline.Stage.DISK_ERROR, new DiskErrorAdmission(snapshots, aof, config, rejections));
        // The owners of the state the gated stages read tell the pipeline when it changes.
        snapshots.onSaveStateChange(pipeline::stateChanged);
        aof.onWriteStateChange(pipeline::stateChanged);
        acl.onUsersChanged(pipeline::stateChanged);
        pause.onEveryChange(pipeline::stateChanged);
        this.replication = new Replication(config, keyspaces, types::codecs, libraries, images, propagation, outputGuard,
                aof, loader, dispatcher, environment, clients, pause, identity::port, this::afterReplicaFullSync, () -> { });
        snapshots.replicationAux(replication::replicationAux);
        ReplicationStages.install(pipeline, replication, config, rejections);
        evictor.suspendWhile(() -> replication.isReplica() && config.getBoolean("replica-ignore-maxmemory"));
        connectionListeners.add(replication.connectionListener());
        this.plugins = new Pf4jPluginLoader(modules);
        notifier.add(new KeyspaceNotifications(pubsub, config));
        config.onChange("proto-max-bulk-len", v -> limits.maxBulkLen(config.getLong("proto-max-bulk-len")));
        config.onChange("client-query-buffer-limit",
                v -> limits.queryBufferLimit(config.getLong("client-query-buffer-limit")));
        config.onChange(ClientOutputBufferLimits.OPTION, outputGuard::configure);
        config.onChange("maxmemory-clients", v -> configureClientEviction());
        config.onChange("maxmemory", v -> configureClientEviction());
        configureClientEviction();
        this.shutdownSequence = new ShutdownSequence(config, replication, snapshots, pause, shutdown);
        registerKernelCommands();
    }

    /** The function libraries as persistence sees them (RDB files, the AOF's RDB preamble). */
    private FunctionLibraries functionLibraries() {
        return new FunctionLibraries() {
            @Override
            public List<byte[]> codes() {
                return functions.libraryCodes();
            }

            @Override
            public String load(byte[] code) {
                return functions.loadLibrary(code);
            }

            @Override
            public void clear() {
                functions.clearLibraries();
            }
        };
    }

    /** What the keyspace reports: dirty counter, WATCH and blocked clients, events, hit/miss stats. */
    private KeyspaceHooks keyspaceHooks() {
        return new KeyspaceHooks() {
            @Override
            public void keyWritten(Database db, byte[] key) {
                stats.dirty.increment();
                if (propagation.active()) {
                    propagation.countWrite();
                }
                writeObservers.keyWritten(db, key);
            }

            @Override
            public void keyTouched(Database db, byte[] key) {
                writeObservers.keyWritten(db, key);
            }

            @Override
            public void keyReady(Database db, byte[] key) {
                readyObservers.keyWritten(db, key);
            }

            @Override
            public void keyExpired(Database db, byte[] key) {
                stats.expiredKeys.increment();
                // Expiry enters the stream as DEL (UNLINK with lazyfree-lazy-expire), as Redis's propagateDeletion.
                propagation.add(db.index(), new byte[][]{config.getBoolean("lazyfree-lazy-expire") ? UNLINK : DEL, key},
                        PropagatedCommand.ALL);
                notifier.notify(db, EventClass.EXPIRED, "expired", key);
                writeObservers.keyWritten(db, key);
            }

            @Override
            public void keyEvicted(Database db, byte[] key) {
                // As Redis's performEvictions: WATCH and tracking see it, the evicted event, DEL or UNLINK.
                if (propagation.active()) {
                    propagation.add(db.index(), new byte[][]{config.getBoolean("lazyfree-lazy-eviction") ? UNLINK : DEL,
                            key}, PropagatedCommand.ALL);
                }
                notifier.notify(db, EventClass.EVICTED, "evicted", key);
                writeObservers.keyWritten(db, key);
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
                writeObservers.contentsReplaced(db, replacement);
            }

            @Override
            public boolean expiryDisabled() {
                // A replica waits for its master's DEL. While clients are paused the dataset must
                // not change: expired keys read as missing but stay until the pause ends, as in Redis 7.0.
                return (replication != null && replication.isReplica())
                        || (pause.active() && pause.mode(System.currentTimeMillis()) != ClientPause.Mode.NONE);
            }

            @Override
            public boolean expiredKeysVisible() {
                return replication != null && replication.applyingMasterStream();
            }
        };
    }

    /**
     * What the empty keyspace costs (used_memory_startup): per database and shard a table with its
     * first bucket array, the shard object and its volatile index.
     */
    private static long emptyKeyspaceBytes(ConfigRegistry config) {
        long perShard = 40 + 32 + 16 + 4 * 4 + 16 + 8 * 4 + 48;
        return config.getLong("databases") * (64 + config.getLong("keyspace-shards") * perShard);
    }

    /**
     * The memory cron ({@code hz} times a second): reads the collector's figures and goes on
     * evicting while over the limit (Redis's evictionTimeProc), so a run cut short by
     * {@code maxmemory-eviction-tenacity} completes without waiting for the next write.
     */
    public void memoryCron() {
        clientEviction.cron();
        memoryLimit.sampleHeap();
        if (evictor.overLimit()) {
            evictor.perform();
        }
    }

    /** The latency monitor (LATENCY), for the cron's events. */
    public LatencyMonitor latency() {
        return latency;
    }

    public MemoryLimit memoryLimit() {
        return memoryLimit;
    }

    /** The kernel's own commands, one family per package, under the module name {@code server}. */
    private void registerKernelCommands() {
        List<CommandSpec> specs = new ArrayList<>();
        ConnectionCommands.register(keyspaces, specs);
        AclCommands.register(acl, commands, specs);
        ClientCommands.register(clients, pause, authentication, acl, config, modules, blocking, pipeline,
                connectionListeners, pubsub, tracking, specs);
        PubSubCommands.register(pubsub, pipeline, rejections, connectionListeners, specs);
        KeysCommands.register(config, notifier, keyspaces.lruClock(), types.codecs(), migrateSockets, specs);
        DatabaseCommands.register(keyspaces, config, notifier, stats, snapshots::afterFlushAll, specs);
        ServerCommands.register(new InfoSources(config, stats, identity, keyspaces, clients, outputGuard, modules,
                commands, tracking, snapshots, aof, new ScriptingInfo(evalScripts, functions), replication, memoryLimit, evictor,
                latencyTracking, pubsub, clientEviction), activeExpire,
                shutdownSequence,
                (save, flush, merge) -> snapshots.debugReload(loader, save, flush, merge,
                        () -> notifier.flushed(-1)), specs);
        PersistenceCommands.register(snapshots, aof, specs);
        ReplicationCommands.register(replication, specs);
        CommandCommands.register(commands, specs);
        DiagnosticsCommands.register(slowlog, latency, clients.monitors(),
                commands, config, specs);
        ConfigCommands.register(config, identity, stats, clients, commands, specs);
        TransactionCommands.register(keyspaces, runner, pipeline, rejections, writeObservers, connectionListeners,
                specs);
        ModuleCommands.register(modules, plugins, types, keyspaces, config, blocking, specs);
        ScriptingCommands.registerScript(evalScripts, specs);
        FunctionCommands.registerFunction(functions, specs);
        registrar.addAll(specs, CommandRegistrar.KERNEL_MODULE);
        registrar.addHiddenSubcommand("module", ModuleCommands.reloadSubcommand(modules, plugins, types, keyspaces,
                config, blocking), CommandRegistrar.KERNEL_MODULE);
        List<CommandSpec> lockFree = new ArrayList<>();
        ScriptingCommands.registerEval(evalScripts, lockFree);
        FunctionCommands.registerFcall(functions, lockFree);
        registrar.addLockFree(lockFree, CommandRegistrar.KERNEL_MODULE);
    }

    /** What each connection needs (the network layer creates one handler per connection). */
    public ConnectionServices connectionServices() {
        return new ConnectionServices(dispatcher, environment, clients, connectionListeners, pause, authentication,
                config, stats, outputGuard, ClientCommands.describer(clients, pubsub, tracking), limits,
                aof::beforeReplies, aof::groupCommit, clientEviction);
    }

    /** A new active expire cycle over the keyspace (the cron runs it {@code hz} times a second). */
    public ActiveExpireCycle newActiveExpireCycle() {
        return new ActiveExpireCycle(keyspaces, config, activeExpire, notifier, modules::activeExpireHooks);
    }

    public RdbSnapshots snapshots() {
        return snapshots;
    }

    /**
     * Loads {@code dir}/{@code dbfilename} if it exists (start-up, before clients connect); a
     * damaged file throws with the file, offset and reason.
     */
    public void loadDataAtStartup() throws java.io.IOException {
        snapshots.loading(true);
        try {
            if (config.getBoolean("appendonly")) {
                // As Redis 7.0: with appendonly yes the AOF is the dataset; an RDB file is not read.
                AofManifest manifest = aof.readManifest();
                AofLoader aofLoader = new AofLoader(loader, new InternalClient(commands, runner, environment),
                        config.getBoolean("aof-load-truncated"));
                java.nio.file.Path oldStyle = aof.directory().resolveSibling(config.get("appendfilename"));
                if (manifest != null) {
                    aofLoader.load(aof.directory(), manifest);
                } else if (java.nio.file.Files.exists(oldStyle)) {
                    // A single-file AOF of Redis before 7.0: load it as the base; a new multi-part
                    // AOF is written from the loaded data (the old file is left in place).
                    aofLoader.load(oldStyle.getParent(), new AofManifest(
                            new AofManifest.AofFile(oldStyle.getFileName().toString(), 1, 'b'), List.of(), List.of()));
                }
                aof.openAtStartup(manifest);
            } else {
                RdbLoader.Result r = loader.load(snapshots.file());
                if (r != null) {
                    snapshots.loaded(r.keys(), r.expired());
                    replication.restoreFromRdb(r.replication());
                }
            }
            snapshots.resetChanges();
        } finally {
            snapshots.loading(false);
        }
        config.onChange("appendonly", v -> appendonlyChanged());
    }

    /** CONFIG SET appendonly: yes starts a rewrite that creates the files, no stops appending. */
    private void appendonlyChanged() {
        try {
            if (config.getBoolean("appendonly")) {
                aof.enableAtRuntime();
            } else {
                aof.disable();
            }
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(Kernel.class).warn("appendonly change failed: {}", e.toString());
        }
    }

    MigrateSockets migrateSockets() {
        return migrateSockets;
    }

    /** How many MIGRATE connections are cached (tests). */
    public int migrateConnections() {
        return migrateSockets.size();
    }

    /** Closes the MIGRATE connections unused for more than 10 s at {@code nowMillis} (the cron; tests). */
    public void closeIdleMigrateConnections(long nowMillis) {
        migrateSockets.closeIdle(nowMillis);
    }

    public AppendOnlyFile aof() {
        return aof;
    }

    public Replication replication() {
        return replication;
    }

    /** A replica loaded its master's RDB: an AOF in use is rewritten from the new dataset, as Redis restarts it. */
    private void afterReplicaFullSync() {
        if (!aof.enabled()) {
            return;
        }
        try {
            aof.bgrewrite();
        } catch (java.io.IOException | IllegalStateException e) {
            aof.scheduleRewrite();
        }
    }

    /** maxmemory-clients (bytes, or a percentage of maxmemory) into the limit client eviction applies. */
    private void configureClientEviction() {
        clientEviction.configure(config.get("maxmemory-clients"), config.getLong("maxmemory"));
    }

    /** SHUTDOWN's sequence, which the signals run too. */
    ShutdownSequence shutdownSequence() {
        return shutdownSequence;
    }

    /** What SHUTDOWN does (installed by {@link KvServer}). */
    public void onShutdownRequest(Runnable action) {
        shutdown.onRequest(action);
    }

    // ---- accessors for KvServer, embedding and tests ------------------------------------------

    public ConfigRegistry config() {
        return config;
    }

    public ServerIdentity identity() {
        return identity;
    }

    public ServerStats stats() {
        return stats;
    }

    public Notifier notifier() {
        return notifier;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public ConnectionListeners connectionListeners() {
        return connectionListeners;
    }

    public ClientPause pause() {
        return pause;
    }

    public Acl acl() {
        return acl;
    }

    public Authentication authentication() {
        return authentication;
    }

    public Keyspaces keyspaces() {
        return keyspaces;
    }

    public Database db(int index) {
        return keyspaces.db(index);
    }

    public int databaseCount() {
        return keyspaces.count();
    }

    public ShardLocks locks() {
        return keyspaces.locks();
    }

    public CommandTable commands() {
        return commands;
    }

    public CommandRegistrar registrar() {
        return registrar;
    }

    public TypeRegistry types() {
        return types;
    }

    /** The codecs of the registered value types (RDB files, DUMP/RESTORE). */
    public CodecRegistry codecs() {
        return types.codecs();
    }

    public CommandPipeline pipeline() {
        return pipeline;
    }

    public ExecutionEnvironment environment() {
        return environment;
    }

    public CommandRunner runner() {
        return runner;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public BlockingManager blocking() {
        return blocking;
    }

    public ModuleManager modules() {
        return modules;
    }

    public PluginLoader plugins() {
        return plugins;
    }

    public ActiveExpireControl activeExpire() {
        return activeExpire;
    }

    public ScriptExecutor scripts() {
        return scripts;
    }

    public PubSub pubsub() {
        return pubsub;
    }

    public PropagationStream propagation() {
        return propagation;
    }

    public WorkerPool workers() {
        return workers;
    }

    public ProtocolLimits limits() {
        return limits;
    }
}
