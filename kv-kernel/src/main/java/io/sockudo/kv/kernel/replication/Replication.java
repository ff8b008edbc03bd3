package io.sockudo.kv.kernel.replication;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.client.ClientPause;
import io.sockudo.kv.kernel.client.ConnectionListener;
import io.sockudo.kv.kernel.client.OutputBufferGuard;
import io.sockudo.kv.kernel.command.Dispatcher;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.ExecutionEnvironment;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.persistence.BackgroundImages;
import io.sockudo.kv.kernel.persistence.FunctionLibraries;
import io.sockudo.kv.kernel.persistence.RdbLoader;
import io.sockudo.kv.kernel.persistence.aof.AppendOnlyFile;
import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.RdbAux;
import io.sockudo.kv.kernel.propagation.PropagationStream;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.spi.ReplyWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Replication as a whole: the server's role (master, or replica of {@code host:port} through a
 * {@link MasterLink}), the serving side every server has ({@link MasterRole}: REPLCONF, PSYNC,
 * the backlog, WAIT), the switches between roles (REPLICAOF host port | NO ONE, with PSYNC2's id
 * shift on promotion), and what INFO replication and ROLE report. Redis's {@code replication.c}.
 */
public final class Replication {
    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
    private static final AtomicLong TRANSFER_FILES = new AtomicLong();

    private final ConfigRegistry config;
    private final Keyspaces keyspaces;
    private final FunctionLibraries functions;
    private final RdbLoader loader;
    private final PropagationStream propagation;
    private final Dispatcher dispatcher;
    private final IntSupplier ownPort;
    private final Runnable afterFullSync;
    private final MasterRole master;
    private final Failover failover;
    private final AppendOnlyFile aof;
    /** The FACK last sent to the master (an ACK goes when the fsynced offset moves). */
    private volatile long sentFack = -1;

    /** The master client: runs the master's stream (its database, its MULTI state), never replies. */
    private volatile ExecutionContext masterCtx;
    private volatile Client masterClient;
    private final ExecutionEnvironment env;
    private final ClientRegistry clients;
    private final RespWriter masterWriter = new RespWriter();
    private final ByteBuf masterReplies = Unpooled.buffer(256);
    /** The thread applying the master's stream right now (expired keys stay visible to it). */
    private volatile Thread applying;

    private volatile EventLoopGroup group;
    private volatile Class<? extends Channel> channelClass;
    /** The TLS client context for the link to the master when tls-replication is yes. */
    private volatile io.sockudo.kv.kernel.tls.TlsContexts tls;

    // ---- the replica role --------------------------------------------------------------------------
    private volatile String masterHost;
    private volatile int masterPort;
    private volatile MasterLink link;
    private volatile long linkDownSinceMillis = System.currentTimeMillis();
    private volatile boolean loading;
    /** Told after the role, the loading state or the min-replicas options change. */
    private volatile Runnable stateChanged = () -> { };
    /** min-replicas-to-write and min-replicas-max-lag, kept in fields: read by the admission of every write. */
    private volatile int minReplicasToWrite;
    private volatile long minReplicasMaxLag;
    private volatile boolean asyncLoading;
    private volatile boolean syncedOnce;

    public Replication(ConfigRegistry config, Keyspaces keyspaces, Supplier<CodecRegistry> codecs,
                       FunctionLibraries functions, BackgroundImages images, PropagationStream propagation,
                       OutputBufferGuard guard, AppendOnlyFile aof, RdbLoader loader, Dispatcher dispatcher,
                       ExecutionEnvironment env, ClientRegistry clients, ClientPause pause, IntSupplier ownPort,
                       Runnable afterFullSync, Runnable onImageEnd) {
        this.env = env;
        this.clients = clients;
        this.config = config;
        this.keyspaces = keyspaces;
        this.functions = functions;
        this.loader = loader;
        this.propagation = propagation;
        this.dispatcher = dispatcher;
        this.ownPort = ownPort;
        this.afterFullSync = afterFullSync;
        this.aof = aof;
        this.master = new MasterRole(config, keyspaces, codecs, functions, images, propagation, guard, aof, onImageEnd);
        // A replica's FACK: the offset of its master's stream whose commands its AOF has on disk.
        aof.streamTag(() -> master.buffer().offset());
        aof.onFsync(this::fsynced);
        masterWriter.target(masterReplies);
        this.masterClient = new Client(0, null);
        this.masterClient.authenticated(true);
        this.masterClient.name("");
        this.masterCtx = new ExecutionContext(env, masterClient, masterWriter);
        this.masterCtx.canBlock(false);
        master.replicaStreamDb(() -> masterHost != null && syncedOnce ? masterClient.db() : -1);
        this.failover = new Failover(this, master, pause);
        master.onAck(failover::update);
        config.onChange("min-replicas-to-write",
                v -> minReplicasToWrite = (int) Math.min(Integer.MAX_VALUE, config.getLong("min-replicas-to-write")));
        config.onChange("min-replicas-max-lag", v -> minReplicasMaxLag = config.getLong("min-replicas-max-lag"));
    }

    /**
     * Installs what is told after the role, the loading state or the min-replicas options change
     * (the command pipeline recomputes its replication gates).
     */
    public void onStateChange(Runnable listener) {
        this.stateChanged = listener;
        config.onChange("min-replicas-to-write", v -> listener.run());
        config.onChange("min-replicas-max-lag", v -> listener.run());
    }

    /** Whether NOREPLICAS may be answered: min-replicas-to-write and -max-lag set, and not a replica. */
    public boolean minReplicasEnforced() {
        return minReplicasToWrite != 0 && minReplicasMaxLag != 0 && masterHost == null;
    }

    /**
     * The link to the master connected (on its event loop): the master client from now on is this
     * connection, listed by CLIENT LIST with flag M (CLIENT KILL TYPE master closes it); it keeps
     * the previous one's database.
     */
    void linkConnected(Channel ch) {
        Client c = new Client(clients.nextId(), ch);
        c.authenticated(true);
        c.name("");
        c.db(masterClient.db());
        c.replicationFlag('M');
        ExecutionContext ctx = new ExecutionContext(env, c, masterWriter);
        ctx.canBlock(false);
        masterClient = c;
        masterCtx = ctx;
        clients.addOwn(c);
    }

    /** The link's connection closed: its master client leaves the client list. */
    void linkDisconnected(Channel ch) {
        Client c = masterClient;
        if (c.channel() == ch) {
            clients.remove(c);
        }
    }

    /** The gate a replica's link holds while it applies a batch of its master's stream (see Keyspaces). */
    java.util.concurrent.locks.ReentrantLock streamGate() {
        return keyspaces.streamGate();
    }

    /** What a snapshot records about the replication history (RdbSnapshots asks at its image's instant). */
    public RdbAux[] replicationAux() {
        return master.replicationAux();
    }

    /**
     * Start-up, after the RDB was loaded, from the history the file recorded (its id, offset and the
     * stream's database), as Redis 7.0's loadDataFromDisk:
     * <ul>
     *   <li>a server configured as a replica continues that history, so its first PSYNC asks for
     *       offset + 1 and its master can continue partially (replicationCacheMasterUsingMyself);</li>
     *   <li>a master keeps its new id but accepts the file's id as its secondary one up to the
     *       file's offset, with an empty backlog starting there, so replicas that were in sync when
     *       it stopped (SHUTDOWN saves after they caught up) continue with a partial resync.</li>
     * </ul>
     */
    public void restoreFromRdb(RdbAux.ReplicationInfo info) {
        if (info == null || info.streamDb() >= keyspaces.count()) {
            return;
        }
        String v = config.get("replicaof");
        if (v == null || v.isBlank()) {
            continueAsMaster(info);
            return;
        }
        propagation.exclusive(() -> {
            ReplicationBuffer buffer = master.buffer();
            synchronized (buffer) {
                master.ids().adopt(info.replId());
                master.ids().clearSecond();
                buffer.rebase(info.replOffset());
            }
        });
        masterClient.db(info.streamDb());
        syncedOnce = true;
        LOG.info("Loaded the replication ID {} and offset {} from the RDB file", info.replId(), info.replOffset());
    }

    private void continueAsMaster(RdbAux.ReplicationInfo info) {
        master.continueHistory(info.replId(), info.replOffset());
        LOG.info("Loaded the replication ID {} and offset {} from the RDB file as the secondary ID: replicas can continue partially",
                info.replId(), info.replOffset());
    }

    /** The event loops and socket class the link to a master uses (set once the server listens). */
    /** The TLS contexts the link to the master uses when {@code tls-replication yes}. */
    public void tls(io.sockudo.kv.kernel.tls.TlsContexts contexts) {
        this.tls = contexts;
    }

    public void network(EventLoopGroup group, Class<? extends Channel> channelClass) {
        this.group = group;
        this.channelClass = channelClass;
    }

    // ---- role --------------------------------------------------------------------------------------

    /** True while this server replicates from a master. */
    public boolean isReplica() {
        return masterHost != null;
    }

    /** True for the thread applying the master's stream (it sees logically expired keys, as Redis's master client). */
    public boolean applyingMasterStream() {
        return applying == Thread.currentThread();
    }

    /** The master client (pipeline stages let it write on a read-only replica). */
    public boolean isMasterClient(Client c) {
        return c == masterClient;
    }

    /**
     * True once CLIENT KILL (TYPE master, or by address or id) marked the link's master client: the
     * close runs on the link's event loop later, and until then the link applies nothing more of
     * what it has read, as Redis stops processing a client the moment it is killed.
     */
    boolean masterClientKilled() {
        return masterClient.killed();
    }

    /** True while the replica's link is up and in sync (MASTERDOWN when not). */
    public boolean linkUp() {
        MasterLink l = link;
        return l != null && l.state == MasterLink.State.CONNECTED;
    }

    public boolean loading() {
        return loading;
    }

    /**
     * REPLICAOF host port: returns the status text of the reply ({@code OK} or
     * {@code OK Already connected to specified master}).
     */
    public synchronized String replicaOf(String host, int port) {
        if (host.equalsIgnoreCase(masterHost) && port == masterPort) {
            LOG.info("REPLICAOF would result into synchronization with the master we are already connected with. "
                    + "No operation performed.");
            return "OK Already connected to specified master";
        }
        boolean wasMaster = masterHost == null;
        MasterLink old = link;
        link = null;
        masterHost = host;
        stateChanged.run();
        masterPort = port;
        config.set("replicaof", host + " " + port); // CONFIG GET, CONFIG REWRITE and HELLO's role follow it
        if (old != null) {
            old.close();
        }
        // From now on the stream is the master's: local writes (replica-read-only no) stay local.
        master.stopFeeding();
        master.disconnectReplicas(); // they resync with us (partially where they can) and learn of the change
        if (wasMaster) {
            LOG.info("Before turning into a replica, using my own master parameters to synthesize a cached master: "
                    + "I may be able to synchronize with the new master with just a partial transfer.");
        }
        linkDownSinceMillis = System.currentTimeMillis();
        LOG.info("Connecting to MASTER {}:{}", host, port);
        connect();
        return "OK";
    }

    /** REPLICAOF NO ONE: a promotion; the history goes on under a new id, the old one stays valid up to here. */
    public synchronized void replicaOfNoOne() {
        if (masterHost == null) {
            return;
        }
        MasterLink old = link;
        link = null;
        masterHost = null;
        stateChanged.run();
        masterPort = 0;
        config.set("replicaof", "");
        if (old != null) {
            old.close();
        }
        propagation.exclusive(() -> {
            ReplicationBuffer buffer = master.buffer();
            synchronized (buffer) {
                master.ids().shift(buffer.offset(), null);
                if (!buffer.active()) {
                    buffer.create(buffer.offset(), config.getLong("repl-backlog-size"));
                }
                master.feed().forgetDb();
                master.feed().feeding(true);
            }
        });
        master.listen();
        master.disconnectReplicas(); // they reconnect and continue partially with the id they know (replid2)
        LOG.info("MASTER MODE enabled (user request from 'id=?')");
        LOG.info("Setting secondary replication ID to {}, valid up to offset: {}. New replication ID is {}",
                master.ids().replid2(), master.ids().secondOffset(), master.ids().replid());
    }

    private void connect() {
        EventLoopGroup g = group;
        String host = masterHost;
        int port = masterPort;
        if (g == null || host == null || link != null) {
            return;
        }
        io.sockudo.kv.kernel.tls.TlsContexts t = tls;
        if (config.getBoolean("tls-replication") && (t == null || !t.configured())) {
            // No link to wedge: the cron tries again once the certificate is configured.
            LOG.warn("Error condition on socket for SYNC: tls-replication is yes but TLS is not configured "
                    + "(tls-cert-file, tls-key-file, tls-ca-cert-file)");
            return;
        }
        MasterLink l = new MasterLink(this, host, port);
        link = l;
        Bootstrap b = new Bootstrap().group(g).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, !config.getBoolean("repl-disable-tcp-nodelay"))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, master.replTimeoutMillis()))
                .handler(linkPipeline(l, host, port));
        b.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("Error condition on socket for SYNC: {}", f.cause() == null ? "?" : f.cause().getMessage());
                linkClosed(l);
            }
        });
    }

    /** The link alone, or behind an SslHandler when tls-replication is yes (as Redis's connTLSCreate). */
    private io.netty.channel.ChannelHandler linkPipeline(MasterLink l, String host, int port) {
        io.sockudo.kv.kernel.tls.TlsContexts t = tls;
        if (t == null || !config.getBoolean("tls-replication")) {
            return l;
        }
        return new io.netty.channel.ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) throws Exception {
                ch.pipeline().addLast("tls", t.newClientHandler(ch, host, port));
                ch.pipeline().addLast("link", l);
            }
        };
    }

    /** The link closed (or could not connect): the cron reconnects while this is a replica. */
    void linkClosed(MasterLink l) {
        synchronized (this) {
            if (link == l) {
                link = null;
                linkDownSinceMillis = System.currentTimeMillis();
            }
        }
    }

    // ---- what the link needs ----------------------------------------------------------------------

    String masterAuth() {
        return config.get("masterauth");
    }

    String masterUser() {
        return config.get("masteruser");
    }

    String announceIp() {
        return config.get("replica-announce-ip");
    }

    int announcePort() {
        long p = config.getLong("replica-announce-port");
        if (p != 0) {
            return (int) p;
        }
        // Over TLS the master reaches this replica on its TLS port (Redis announces tls-port then).
        long tlsPort = config.getLong("tls-port");
        return config.getBoolean("tls-replication") && tlsPort != 0 ? (int) tlsPort : ownPort.getAsInt();
    }

    /** PSYNC's arguments: this server's history and the next offset it needs (a cached master of itself). */
    String[] psyncArgs() {
        if (!syncedOnce && !master.buffer().active()) {
            return new String[]{"?", "-1"};
        }
        return new String[]{master.ids().replid(), Long.toString(master.buffer().offset() + 1)};
    }

    /** The bytes of the master's stream applied so far (master_repl_offset of a replica). */
    long appliedOffset() {
        return master.buffer().offset();
    }

    boolean diskLoad() {
        String mode = config.get("repl-diskless-load");
        if ("swapdb".equalsIgnoreCase(mode)) {
            return false;
        }
        if ("on-empty-db".equalsIgnoreCase(mode)) {
            return !datasetEmpty();
        }
        return true;
    }

    private boolean datasetEmpty() {
        for (int i = 0; i < keyspaces.count(); i++) {
            if (keyspaces.db(i).size() > 0) {
                return false;
            }
        }
        return true;
    }

    Path tempTransferFile() {
        return Path.of(config.get("dir")).resolve("temp-" + ProcessHandle.current().pid() + "."
                + TRANSFER_FILES.incrementAndGet() + ".rdb");
    }

    /** A full sync begins: this server's own replicas must resync after it (Redis's replicationAttachToNewMaster). */
    void fullSyncStarting() {
        master.disconnectReplicas();
    }

    /** CONTINUE: the history goes on; a master with a new id means our previous id is valid up to here. */
    void partialSyncAccepted(String newId) {
        propagation.exclusive(() -> {
            ReplicationBuffer buffer = master.buffer();
            synchronized (buffer) {
                if (!buffer.active()) {
                    buffer.create(buffer.offset(), config.getLong("repl-backlog-size"));
                }
                if (newId != null && !newId.equalsIgnoreCase(master.ids().replid())) {
                    master.ids().shift(buffer.offset(), newId);
                    LOG.info("Master replication ID changed to {}", newId);
                }
            }
        });
        if (newId != null) {
            master.disconnectReplicas();
        }
        master.listen();
        syncedOnce = true;
    }

    /**
     * Replaces the dataset with the RDB received from the master (on the load thread): every shard
     * lock is held, so nobody sees a half-loaded dataset; clients meanwhile get LOADING. On
     * failure the dataset is left empty, never mixed. Returns true on success.
     */
    boolean loadFullSync(MasterLink.TransferSink rdb, String replid, long offset) {
        if (rdb.file() == null) {
            // Parsed from the socket as it arrives: into scratch databases swapped in at the end, so
            // no shard lock is held while the transfer lasts (the cron keeps running: repl-timeout)
            return loadSwapdb(rdb, replid, offset, "swapdb".equalsIgnoreCase(config.get("repl-diskless-load")));
        }
        loading = true;
        stateChanged.run();
        long all = keyspaces.locks().allMask();
        keyspaces.locks().lockMask(all);
        boolean ok = false;
        long t0 = System.nanoTime();
        try {
            LOG.info("MASTER <-> REPLICA sync: Flushing old data");
            emptyData();
            try (InputStream in = rdb.open()) {
                RdbLoader.Result r = loader.load(in, rdb.size(), RdbLoader.Mode.REPLICA);
                LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}.", r.keys(), r.expired());
                adoptMasterHistory(r.replication(), replid, offset);
            }
            master.listen();
            syncedOnce = true;
            ok = true;
            LOG.info("MASTER <-> REPLICA sync: loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Failed trying to load the MASTER synchronization DB: {}", e.toString());
            emptyData();
        } finally {
            keyspaces.locks().unlockMask(all);
            loading = false;
            stateChanged.run();
            Path file = rdb.file();
            if (file != null) {
                try {
                    if (ok) {
                        // As Redis: the received file becomes this server's dbfilename.
                        Files.move(file, Path.of(config.get("dir")).resolve(config.get("dbfilename")),
                                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    LOG.warn("could not keep the received RDB file: {}", e.toString());
                }
            }
            rdb.discard();
        }
        if (ok) {
            afterFullSync.run();
        }
        return ok;
    }

    /**
     * A diskless load ({@code repl-diskless-load swapdb}, or {@code on-empty-db} with no data,
     * where there is nothing to serve meanwhile): the RDB is parsed from the socket into scratch databases
     * while the old dataset keeps serving; at the end, under every shard lock, each database's
     * contents are swapped with the new ones (and the function libraries replaced). When the
     * master continues this server's own history (same replication id) clients keep reading the
     * old data meanwhile (Redis's async loading: only {@code no-async-loading} commands get
     * LOADING); otherwise they get LOADING, but a failed transfer or load still leaves the old
     * dataset in place.
     */
    /**
     * After a full sync's load: the history is the master's from here ({@code replid} at
     * {@code offset}, an empty backlog there), and the master client continues in the database the
     * file's stream was in (a chained master's stream may go on without a SELECT).
     */
    private void adoptMasterHistory(RdbAux.ReplicationInfo info, String replid, long offset) {
        if (info != null && info.streamDb() < keyspaces.count()) {
            masterClient.db(info.streamDb());
        }
        propagation.exclusive(() -> {
            ReplicationBuffer buffer = master.buffer();
            synchronized (buffer) {
                master.ids().adopt(replid);
                master.ids().clearSecond();
                buffer.create(offset, config.getLong("repl-backlog-size"));
            }
        });
    }

    private boolean loadSwapdb(MasterLink.TransferSink rdb, String replid, long offset, boolean swapdb) {
        boolean async = swapdb && replid.equalsIgnoreCase(master.ids().replid());
        if (async) {
            asyncLoading = true;
            stateChanged.run();
        } else {
            loading = true;
            stateChanged.run();
        }
        long t0 = System.nanoTime();
        io.sockudo.kv.kernel.keyspace.Keyspaces scratch = keyspaces.scratch();
        CollectedLibraries libraries = new CollectedLibraries();
        try {
            RdbLoader.Result r;
            try (InputStream in = rdb.open()) {
                r = loader.into(scratch, libraries).load(in, rdb.size(), RdbLoader.Mode.REPLICA);
            }
            LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}.", r.keys(), r.expired());
            long all = keyspaces.locks().allMask();
            keyspaces.locks().lockMask(all);
            try {
                LOG.info("MASTER <-> REPLICA sync: Swapping the loaded databases in");
                for (int i = 0; i < keyspaces.count(); i++) {
                    keyspaces.db(i).swapWith(scratch.db(i));
                }
                loader.announceSwappedIn(keyspaces);
                functions.clear();
                for (byte[] code : libraries.codes) {
                    String error = functions.load(code);
                    if (error != null) {
                        LOG.warn("Failed loading a function library of the MASTER synchronization DB: {}", error);
                    }
                }
                adoptMasterHistory(r.replication(), replid, offset);
            } finally {
                keyspaces.locks().unlockMask(all);
            }
            master.listen();
            syncedOnce = true;
            LOG.info("MASTER <-> REPLICA sync: loaded in {} ms (swapdb{})", (System.nanoTime() - t0) / 1_000_000,
                    async ? ", served the old data meanwhile" : "");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Failed trying to load the MASTER synchronization DB: {}; the old dataset stays", e.toString());
            return false;
        } finally {
            loading = false;
            stateChanged.run();
            asyncLoading = false;
            stateChanged.run();
            rdb.discard();
        }
        afterFullSync.run();
        return true;
    }

    /** The function libraries of a swapdb load, kept until the swap. */
    private static final class CollectedLibraries implements FunctionLibraries {
        final java.util.List<byte[]> codes = new java.util.ArrayList<>();

        @Override
        public java.util.List<byte[]> codes() {
            return codes;
        }

        @Override
        public String load(byte[] code) {
            codes.add(code);
            return null;
        }

        @Override
        public void clear() {
            codes.clear();
        }
    }

    /** True while a swapdb load runs with the old data served (INFO async_loading). */
    public boolean asyncLoading() {
        return asyncLoading;
    }

    /** Every database and the function libraries emptied. Caller holds every shard lock. */
    private void emptyData() {
        for (int i = 0; i < keyspaces.count(); i++) {
            keyspaces.db(i).clear();
        }
        functions.clear();
    }

    /** Runs one command of the master's stream as the master client. On the link's event loop. */
    void applyFromMaster(byte[][] argv) {
        applying = Thread.currentThread();
        try {
            dispatcher.execute(masterCtx, argv);
        } catch (RuntimeException e) {
            LOG.warn("error applying a command from the master: {}", e.toString());
        } finally {
            applying = null;
            masterReplies.clear();
        }
    }

    /** The link dropped inside a MULTI: the queued commands are discarded (the block is resent). */
    void discardMasterTransaction() {
        applyFromMaster(new byte[][]{"DISCARD".getBytes(StandardCharsets.US_ASCII)});
    }

    void proxy(ByteBuf in, int from, int len) {
        master.feed().proxy(in, from, len);
    }

    void proxy(byte[] b, int off, int len) {
        master.feed().proxy(b, off, len);
    }

    // ---- commands ------------------------------------------------------------------------------------

    /**
     * REPLCONF option value pairs from {@code client}; returns null (reply +OK), "" (no reply) or an
     * error text.
     */
    public String replconf(Client client, byte[][] argv) {
        MasterRole.Handshake h = null;
        for (int i = 1; i + 1 < argv.length; i += 2) {
            String opt = new String(argv[i], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
            String val = new String(argv[i + 1], StandardCharsets.UTF_8);
            switch (opt) {
                case "listening-port" -> {
                    Long port = parseLong(val);
                    if (port == null) {
                        return "ERR value is not an integer or out of range";
                    }
                    (h = h != null ? h : master.handshake(client)).listeningPort = port.intValue();
                }
                case "ip-address" -> {
                    if (val.length() >= 46) {
                        return "ERR REPLCONF ip-address provided by replica instance is too long: " + val.length()
                                + " bytes";
                    }
                    (h = h != null ? h : master.handshake(client)).ip = val;
                }
                case "capa" -> {
                    h = h != null ? h : master.handshake(client);
                    if (val.equalsIgnoreCase("eof")) {
                        h.capaEof = true;
                    } else if (val.equalsIgnoreCase("psync2")) {
                        h.capaPsync2 = true;
                    }
                }
                case "ack" -> {
                    Long off = parseLong(val);
                    if (off == null) {
                        return "";
                    }
                    long fack = -1;
                    if (i + 3 < argv.length && new String(argv[i + 2], StandardCharsets.UTF_8).equalsIgnoreCase("fack")) {
                        Long f = parseLong(new String(argv[i + 3], StandardCharsets.UTF_8));
                        if (f == null) {
                            return "";
                        }
                        fack = f;
                    }
                    master.ack(client, off, fack);
                    return "";
                }
                case "getack" -> {
                    MasterLink l = link;
                    if (l != null) {
                        l.sendAck();
                    }
                    return "";
                }
                case "rdb-only", "rdb-filter-only" -> {
                    // accepted as Redis does for redis-cli --rdb; this server sends the whole RDB
                }
                default -> {
                    return "ERR Unrecognized REPLCONF option: " + new String(argv[i], StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static Long parseLong(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * PSYNC replid offset (or SYNC when {@code replid} is null). Returns an error text, or null
     * when the connection became a replica (its bytes are written by replication from now on).
     */
    public String sync(Client client, String replid, long offset) {
        return sync(client, replid, offset, false);
    }

    /**
     * PSYNC replid offset FAILOVER ({@code failover} true): the master of this replica hands over
     * (FAILOVER): with this server's id, it promotes itself first, then answers the PSYNC.
     */
    public String sync(Client client, String replid, long offset, boolean failoverRequest) {
        if (master.replicaOf(client) != null) {
            return ""; // already a replica: ignored, as Redis does
        }
        if (failoverRequest) {
            if (!replid.equalsIgnoreCase(master.ids().replid())) {
                return "ERR PSYNC FAILOVER replid must match my replid.";
            }
            replicaOfNoOne();
            LOG.info("MASTER MODE enabled (failover request from '{}')", client.peerAddress());
        }
        if (failover.state() != Failover.State.NONE) {
            return "NOMASTERLINK Can't SYNC while failing over";
        }
        if (isReplica() && !linkUp()) {
            return "NOMASTERLINK Can't SYNC while not connected with my master";
        }
        master.sync(client, replid, offset);
        return null;
    }

    /** A connection closed (forget its REPLCONF facts). */
    public ConnectionListener connectionListener() {
        return new ConnectionListener() {
            @Override
            public void closed(Client client) {
                master.forget(client);
            }
        };
    }

    /** The current master_repl_offset. */
    public long offset() {
        return master.buffer().offset();
    }

    /** Replicas that acknowledged {@code offset}. */
    public int acked(long offset) {
        return master.acked(offset);
    }

    /** Replicas whose AOF fsynced {@code offset} (WAITAOF). */
    public int ackedAof(long offset) {
        return master.ackedAof(offset);
    }

    /** appendonly is on (WAITAOF numlocal needs it). */
    public boolean aofEnabled() {
        return aof.enabled();
    }

    /** WAITAOF's local count for a client whose last write ends at AOF {@code position}. */
    public int localFsynced(long position) {
        return master.localFsynced(position);
    }

    /**
     * Shutdown (shutdown-timeout): true when every replica has acknowledged {@code offset} (the
     * stream up to where the shutdown paused writes), so stopping loses nothing they lack.
     */
    public boolean replicasAcknowledged(long offset) {
        return master.allAcked(offset);
    }

    /** Shutdown: how many replicas are connected and how many acknowledged {@code offset}. */
    public int[] replicasInSync(long offset) {
        return new int[] {master.acked(offset), master.replicaCount()};
    }

    /**
     * Shutdown: asks every replica for its offset now and returns the offset they must reach
     * (the stream before the request: a replica's ACK does not count the GETACK it answers).
     */
    public long requestAcks() {
        long target = offset();
        master.requestAcks();
        return target;
    }

    /** WAIT: {@code done} runs on {@code loop} with the count, when enough replicas acked or at the timeout. */
    public void await(long offset, int needed, long timeoutMillis, io.netty.channel.EventLoop loop,
                      java.util.function.IntConsumer done) {
        master.await(offset, needed, false, 0, 0, timeoutMillis, loop, (local, replicas) -> done.accept(replicas));
    }

    /**
     * WAITAOF: {@code done} runs on {@code loop} with the local count and the replicas whose AOF
     * fsynced {@code offset}, when both thresholds are met or at the timeout.
     */
    public void awaitAof(long offset, long localPosition, int neededLocal, int neededReplicas, long timeoutMillis,
                         io.netty.channel.EventLoop loop, java.util.function.BiConsumer<Integer, Integer> done) {
        master.await(offset, neededReplicas, true, localPosition, neededLocal, timeoutMillis, loop, done::accept);
    }

    /** The local AOF was fsynced (on the writing thread): WAITAOF waiters, and a replica's FACK. */
    private void fsynced() {
        if (master.anyWaiters()) {
            master.checkWaiters();
        }
        MasterLink l = link;
        if (l != null && aof.fsyncedTag() != sentFack) {
            l.sendAckLater();
        }
    }

    /** The FACK a replica sends with its ACK (Redis 7.2), or -1 without an AOF. */
    long fack() {
        if (!aof.enabled()) {
            return -1;
        }
        long f = aof.fsyncedTag();
        sentFack = f;
        return f;
    }

    /** After a batch of the master's stream: with appendfsync always the AOF reaches the disk now. */
    void afterStreamBatch() {
        aof.beforeReplies();
    }

    /** min-replicas-to-write: false when writes must be refused with NOREPLICAS. */
    public boolean enoughGoodReplicas() {
        int min = minReplicasToWrite;
        if (min == 0 || masterHost != null || minReplicasMaxLag == 0) {
            return true;
        }
        return master.goodReplicas() >= min;
    }

    /** FAILOVER [TO host port [FORCE]] [TIMEOUT ms]: null (+OK) or Redis's error text. */
    public String failover(String host, int port, long timeoutMillis, boolean force) {
        String error = failover.start(host, port, timeoutMillis, force);
        if (error == null) {
            failover.update(); // a replica may have acknowledged everything already
        }
        return error;
    }

    /** FAILOVER ABORT: null (+OK) or the error text. */
    public String failoverAbort() {
        return failover.abortCommand();
    }

    boolean failoverInProgress() {
        return failover.inProgress();
    }

    /** The new master answered the FAILOVER PSYNC: done, writes resume. */
    void failoverAccepted() {
        failover.completed();
    }

    /** The new master refused the FAILOVER PSYNC: back to master. */
    void failoverRejected() {
        if (failover.inProgress()) {
            failover.abort("Failover target rejected psync request");
        }
    }

    /** ROLE. */
    public void role(ReplyWriter w) {
        MasterLink l = link;
        if (masterHost == null) {
            w.array(3);
            w.bulk("master");
            w.integer(offset());
            int online = 0;
            for (ReplicaHandle r : master.replicas) {
                if (r.state == ReplicaHandle.State.ONLINE) {
                    online++;
                }
            }
            w.array(online);
            for (ReplicaHandle r : master.replicas) {
                if (r.state == ReplicaHandle.State.ONLINE) {
                    w.array(3);
                    w.bulk(r.ip());
                    w.bulk(Integer.toString(r.listeningPort));
                    w.bulk(Long.toString(r.ackOffset));
                }
            }
            return;
        }
        w.array(5);
        w.bulk("slave");
        w.bulk(masterHost);
        w.integer(masterPort);
        w.bulk(l == null ? "connect" : l.state.shown);
        w.integer(l != null && l.state == MasterLink.State.CONNECTED ? appliedOffset() : -1);
    }

    /** INFO replication, field by field, as Redis 7.0 prints it. */
    public void info(BiConsumer<String, String> field) {
        long now = System.currentTimeMillis();
        MasterLink l = link;
        if (masterHost == null) {
            field.accept("role", "master");
        } else {
            field.accept("role", "slave");
            field.accept("master_host", masterHost);
            field.accept("master_port", Integer.toString(masterPort));
            boolean up = l != null && l.state == MasterLink.State.CONNECTED;
            field.accept("master_link_status", up ? "up" : "down");
            field.accept("master_last_io_seconds_ago", l == null ? "-1"
                    : Long.toString((now - l.lastIoMillis) / 1000));
            boolean syncing = l != null && (l.state == MasterLink.State.TRANSFER || l.state == MasterLink.State.LOADING);
            field.accept("master_sync_in_progress", syncing ? "1" : "0");
            field.accept("slave_read_repl_offset", Long.toString(l != null && up ? l.readOffset : appliedOffset()));
            field.accept("slave_repl_offset", Long.toString(appliedOffset()));
            if (syncing) {
                long total = Math.max(l.transferSize, -1);
                long read = l.transferRead;
                field.accept("master_sync_total_bytes", Long.toString(total));
                field.accept("master_sync_read_bytes", Long.toString(read));
                field.accept("master_sync_left_bytes", Long.toString(total < 0 ? -1 : total - read));
                field.accept("master_sync_perc", total <= 0 ? "0.00"
                        : String.format(java.util.Locale.ROOT, "%.2f", read * 100.0 / total));
                field.accept("master_sync_last_io_seconds_ago", Long.toString((now - l.transferLastIoMillis) / 1000));
            }
            if (!up) {
                field.accept("master_link_down_since_seconds", Long.toString((now - linkDownSinceMillis) / 1000));
            }
            field.accept("slave_priority", Long.toString(config.getLong("replica-priority")));
            field.accept("slave_read_only", config.getBoolean("replica-read-only") ? "1" : "0");
            field.accept("replica_announced", config.getBoolean("replica-announced") ? "1" : "0");
        }
        int i = 0;
        StringBuilder lines = new StringBuilder();
        for (ReplicaHandle r : master.replicas) {
            lines.setLength(0);
            lines.append("ip=").append(r.ip()).append(",port=").append(r.listeningPort)
                    .append(",state=").append(r.state.shown).append(",offset=").append(r.ackOffset)
                    .append(",lag=").append((now - r.ackMillis) / 1000);
            field.accept("slave" + i++, lines.toString());
        }
        field.accept("connected_slaves", Integer.toString(i));
        if (masterHost == null) {
            long min = config.getLong("min-replicas-to-write");
            if (min > 0 && config.getLong("min-replicas-max-lag") > 0) {
                field.accept("min_slaves_good_slaves", Integer.toString(master.goodReplicas()));
            }
        }
        ReplicationBuffer b = master.buffer();
        field.accept("master_failover_state", failover.state().shown);
        field.accept("master_replid", master.ids().replid());
        field.accept("master_replid2", master.ids().replid2());
        field.accept("master_repl_offset", Long.toString(b.offset()));
        field.accept("second_repl_offset", Long.toString(master.ids().secondOffset()));
        field.accept("repl_backlog_active", b.active() ? "1" : "0");
        field.accept("repl_backlog_size", Long.toString(b.active() ? b.size() : config.getLong("repl-backlog-size")));
        field.accept("repl_backlog_first_byte_offset", Long.toString(b.firstByteOffset()));
        field.accept("repl_backlog_histlen", Long.toString(b.histlen()));
    }

    /** INFO stats: sync_full, sync_partial_ok, sync_partial_err. */
    public long[] syncStats() {
        return new long[]{master.syncFull.sum(), master.syncPartialOk.sum(), master.syncPartialErr.sum()};
    }

    /** INFO memory mem_replication_backlog: the bytes the backlog holds. */
    public long backlogBytes() {
        return master.buffer().histlen();
    }

    // ---- cron ------------------------------------------------------------------------------------------

    /** Once a second: Redis's replicationCron. */
    public void cron() {
        long now = System.currentTimeMillis();
        long timeout = master.replTimeoutMillis();
        if (masterHost != null) {
            MasterLink l = link;
            if (l == null) {
                connect();
            } else if (l.state == MasterLink.State.CONNECTED) {
                l.sendAck();
                if (now - l.lastIoMillis > timeout) {
                    LOG.warn("MASTER timeout: no data nor PING received...");
                    l.close();
                }
            } else if (l.state == MasterLink.State.TRANSFER && now - l.transferLastIoMillis > timeout) {
                LOG.warn("Timeout receiving bulk data from MASTER... If the problem persists try to set the "
                        + "'repl-timeout' parameter in redis.conf to a larger value.");
                l.close();
            } else if (l.state != MasterLink.State.LOADING && l.state != MasterLink.State.TRANSFER
                    && now - l.lastIoMillis > timeout) {
                LOG.warn("Timeout connecting to the MASTER...");
                l.close();
            }
        }
        failover.update();
        master.cron(masterHost == null, failover.state() == Failover.State.NONE);
    }

    /** Startup with {@code replicaof host port} in the configuration. */
    public void startFromConfig() {
        String v = config.get("replicaof");
        if (v == null || v.isBlank()) {
            return;
        }
        String[] p = v.trim().split("\\s+");
        if (p.length == 2) {
            replicaOf(p[0], Integer.parseInt(p[1]));
        }
    }

    /** Stops the link (shutdown). */
    public void close() {
        MasterLink l = link;
        link = null;
        masterHost = null;
        stateChanged.run();
        if (l != null) {
            l.close();
        }
        master.disconnectReplicas();
    }
}
