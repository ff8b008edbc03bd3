package io.sockudo.kv.kernel.replication;

import io.netty.channel.EventLoop;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.OutputBufferGuard;
import io.sockudo.kv.kernel.config.ClientOutputBufferLimits;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.persistence.BackgroundImages;
import io.sockudo.kv.kernel.persistence.FunctionLibraries;
import io.sockudo.kv.kernel.persistence.ImageWriter;
import io.sockudo.kv.kernel.persistence.aof.AppendOnlyFile;
import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.RdbWriter;
import io.sockudo.kv.kernel.propagation.PropagationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The serving side of replication, which every server has (a replica serves its own replicas
 * too): REPLCONF facts per connection, PSYNC/SYNC answered with CONTINUE from the backlog or a
 * {@link FullSync}, the replicas' acknowledgements (WAIT, min-replicas, lag), and the periodic
 * work of Redis's replicationCron (PING into the stream, newlines to replicas waiting for an
 * RDB, timeouts, the backlog's time to live, diskless sync delays).
 */
final class MasterRole {
    private static final Logger LOG = LoggerFactory.getLogger(MasterRole.class);
    private static final byte[][] PING = {"PING".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] GETACK = {"REPLCONF".getBytes(StandardCharsets.US_ASCII),
        "GETACK".getBytes(StandardCharsets.US_ASCII), "*".getBytes(StandardCharsets.US_ASCII)};

    /** What a connection said in REPLCONF before PSYNC. */
    static final class Handshake {
        int listeningPort;
        String ip = "";
        boolean capaEof;
        boolean capaPsync2;
    }

    private final ConfigRegistry config;
    private final Keyspaces keyspaces;
    private final Supplier<CodecRegistry> codecs;
    private final FunctionLibraries functions;
    private final BackgroundImages images;
    private final PropagationStream propagation;
    private final OutputBufferGuard guard;
    private final AppendOnlyFile aof;
    private final ReplicationBuffer buffer = new ReplicationBuffer();
    private final ReplicationIds ids = new ReplicationIds();
    private final StreamFeed feed;
    private final Runnable onImageEnd;

    final List<ReplicaHandle> replicas = new CopyOnWriteArrayList<>();
    private final Map<Client, Handshake> handshakes = new ConcurrentHashMap<>();
    private final Map<Client, ReplicaHandle> byClient = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final Object syncLock = new Object();
    private FullSync running;
    private volatile boolean listening;
    private volatile long noReplicasSinceMillis = System.currentTimeMillis();
    private long lastPingMillis;
    /** Redis's stat_sync_full / stat_sync_partial_ok / stat_sync_partial_err. */
    final java.util.concurrent.atomic.LongAdder syncFull = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder syncPartialOk = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder syncPartialErr = new java.util.concurrent.atomic.LongAdder();

    MasterRole(ConfigRegistry config, Keyspaces keyspaces, Supplier<CodecRegistry> codecs, FunctionLibraries functions,
               BackgroundImages images, PropagationStream propagation, OutputBufferGuard guard, AppendOnlyFile aof,
               Runnable onImageEnd) {
        this.aof = aof;
        this.config = config;
        this.keyspaces = keyspaces;
        this.codecs = codecs;
        this.functions = functions;
        this.images = images;
        this.propagation = propagation;
        this.guard = guard;
        this.onImageEnd = onImageEnd;
        this.feed = new StreamFeed(buffer, this::wakeReplicas, propagation);
        config.onChange("repl-backlog-size", v -> buffer.resize(config.getLong("repl-backlog-size")));
    }

    ReplicationBuffer buffer() {
        return buffer;
    }

    /** On a replica with a history: the master client's database (-1 otherwise); set by {@link Replication}. */
    private volatile java.util.function.IntSupplier replicaStreamDb = () -> -1;

    void replicaStreamDb(java.util.function.IntSupplier db) {
        this.replicaStreamDb = db;
    }

    /**
     * The replication AUX fields of an image taken now (at its instant: every shard lock held and
     * no batch of a master's stream half applied), as Redis's rdbPopulateSaveInfo: a master with a
     * backlog records the stream's current database (0 when a SELECT is due anyway); a replica
     * with a history its master client's database. Null when the server is in no history.
     */
    io.sockudo.kv.kernel.persistence.rdb.RdbAux[] replicationAux() {
        int replicaDb = replicaStreamDb.getAsInt();
        synchronized (buffer) {
            int db;
            if (replicaDb >= 0) {
                db = replicaDb;
            } else if (buffer.active() && feed.feedingNow()) {
                db = Math.max(0, feed.selectedDb());
            } else {
                return null;
            }
            return io.sockudo.kv.kernel.persistence.rdb.RdbAux.replication(db, ids.replid(), buffer.offset());
        }
    }

    StreamFeed feed() {
        return feed;
    }

    ReplicationIds ids() {
        return ids;
    }

    PropagationStream propagation() {
        return propagation;
    }

    long replTimeoutMillis() {
        return config.getLong("repl-timeout") * 1000;
    }

    Path rdbFile() {
        return Path.of(config.get("dir")).resolve(config.get("dbfilename"));
    }

    ImageWriter newImage(Runnable atStart) {
        return new ImageWriter(keyspaces, codecs.get(), config.getBoolean("rdbcompression"),
                ImageWriter.EvictionData.forPolicy(config.get("maxmemory-policy")), functions, atStart);
    }

    RdbWriter newRdbWriter(OutputStream out) {
        return new RdbWriter(out, codecs.get(), config.getBoolean("rdbcompression"), config.getBoolean("rdbchecksum"));
    }

    private void wakeReplicas() {
        for (ReplicaHandle r : replicas) {
            r.wake();
        }
    }

    // ---- the backlog -----------------------------------------------------------------------------

    /**
     * Creates the backlog if there is none (the first replica, Redis's createReplicationBacklog
     * in syncCommand), with a new history id when this server has no previous one to continue.
     */
    void ensureBacklog(boolean newHistory) {
        propagation.exclusive(() -> {
            synchronized (buffer) {
                if (buffer.active()) {
                    return;
                }
                if (newHistory) {
                    ids.change();
                    ids.clearSecond();
                }
                buffer.create(buffer.offset(), config.getLong("repl-backlog-size"));
                feed.forgetDb();
            }
        });
        listen();
    }

    /**
     * A master restarted from a file that recorded history {@code id} up to {@code offset}: keeps
     * its new id, accepts the file's as the secondary one, and starts an empty backlog at that
     * offset, so replicas that were in sync continue partially (Redis 7.0's loadDataFromDisk). The
     * repl-backlog-ttl count starts now.
     */
    void continueHistory(String id, long offset) {
        propagation.exclusive(() -> {
            synchronized (buffer) {
                ids.continueFrom(id, offset);
                buffer.create(offset, config.getLong("repl-backlog-size"));
                feed.forgetDb();
            }
        });
        noReplicasSinceMillis = System.currentTimeMillis();
        listen();
    }

    /**
     * Starts consuming the propagation stream (once; the feed ignores units while there is no
     * backlog). Not while this server is a replica: its stream is its master's bytes, and without a
     * listener commands build no propagation units at all.
     */
    void listen() {
        if (!listening) {
            synchronized (this) {
                if (!listening && feed.feedingNow()) {
                    propagation.addListener(feed);
                    listening = true;
                }
            }
        }
    }

    /** Becoming a replica: local commands stop feeding the stream (between two units). */
    void stopFeeding() {
        propagation.exclusive(() -> {
            feed.feeding(false);
            synchronized (this) {
                if (listening) {
                    propagation.removeListener(feed);
                    listening = false;
                }
            }
        });
    }

    // ---- REPLCONF, PSYNC, SYNC ---------------------------------------------------------------------

    Handshake handshake(Client c) {
        return handshakes.computeIfAbsent(c, k -> new Handshake());
    }

    ReplicaHandle replicaOf(Client c) {
        return byClient.get(c);
    }

    /** A connection closed: forget what it said. */
    void forget(Client c) {
        handshakes.remove(c);
    }

    /**
     * PSYNC or SYNC from {@code client}: answered here (the connection's replies are off from now
     * on). {@code replid} null for SYNC.
     */
    void sync(Client client, String replid, long psyncOffset) {
        Handshake h = handshakes.remove(client);
        if (h == null) {
            h = new Handshake();
        }
        client.replyOff(true);
        client.outputClass(ClientOutputBufferLimits.ClientClass.REPLICA);
        client.replicationFlag('S');
        ReplicaHandle r = new ReplicaHandle(client, buffer, guard, () -> removed(client), h.listeningPort, h.ip,
                h.capaEof, h.capaPsync2);
        r.psyncRequested = replid != null;
        byClient.put(client, r);
        if (replid != null && tryPartial(r, replid, psyncOffset)) {
            syncPartialOk.increment();
            return;
        }
        if (replid != null && !"?".equals(replid)) {
            syncPartialErr.increment();
        }
        syncFull.increment();
        LOG.info("Replica {}:{} asks for synchronization", r.ip(), r.listeningPort);
        ensureBacklog(true);
        replicas.add(r);
        synchronized (syncLock) {
            if (running != null && running.canAttach()) {
                LOG.info("Waiting for end of BGSAVE for SYNC");
                running.attach(r);
                return;
            }
        }
        startSyncIfDue(false);
    }

    private boolean tryPartial(ReplicaHandle r, String replid, long psyncOffset) {
        ReplicationBuffer.Position[] at = new ReplicationBuffer.Position[1];
        boolean[] ok = new boolean[1];
        // Under the stream's exclusive section: no unit lands between the check and the replica's start.
        propagation.exclusive(() -> {
            if (!ids.accepts(replid, psyncOffset)) {
                return;
            }
            at[0] = buffer.at(psyncOffset);
            if (at[0] == null) {
                return;
            }
            ok[0] = true;
            r.startAt(at[0]);
            replicas.add(r);
        });
        if (!ok[0]) {
            if (!ids.accepts(replid, psyncOffset)) {
                LOG.info("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '{}', "
                        + "my replication IDs are '{}' and '{}')", replid, ids.replid(), ids.replid2());
            } else {
                LOG.info("Unable to partial resync with replica {}:{} for lack of backlog (Replica request was: {}).",
                        r.ip(), r.listeningPort, psyncOffset);
            }
            return false;
        }
        r.sendText(r.capaPsync2 ? "+CONTINUE " + ids.replid() + "\r\n" : "+CONTINUE\r\n");
        LOG.info("Partial resynchronization request from {}:{} accepted. Sending {} bytes of backlog starting from "
                + "offset {}.", r.ip(), r.listeningPort, buffer.offset() - psyncOffset + 1, psyncOffset);
        r.online();
        return true;
    }

    /**
     * Starts a full sync for the replicas waiting for one, when no other image runs and (diskless)
     * the delay has passed or enough replicas wait. Called on PSYNC and by the cron.
     */
    void startSyncIfDue(boolean fromCron) {
        List<ReplicaHandle> waiting = new ArrayList<>();
        long oldest = Long.MAX_VALUE;
        for (ReplicaHandle r : replicas) {
            if (r.state == ReplicaHandle.State.WAIT_BGSAVE_START && !r.closedNow()) {
                waiting.add(r);
                oldest = Math.min(oldest, r.createdMillis);
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        boolean diskless = config.getBoolean("repl-diskless-sync");
        for (ReplicaHandle r : waiting) {
            diskless &= r.capaEof; // a replica that cannot read $EOF: gets a file
        }
        if (diskless) {
            long delay = config.getLong("repl-diskless-sync-delay") * 1000;
            long max = config.getLong("repl-diskless-sync-max-replicas");
            boolean enough = max > 0 && waiting.size() >= max;
            if (delay > 0 && !enough && System.currentTimeMillis() - oldest < delay) {
                return; // wait for more replicas to arrive (the cron comes back)
            }
        }
        synchronized (syncLock) {
            if (running != null) {
                return;
            }
            if (!images.tryStart("repl")) {
                return; // a BGSAVE or AOF rewrite runs: the cron tries again
            }
            running = new FullSync(this, diskless, waiting);
            try {
                running.begin();
            } catch (RuntimeException e) {
                running = null;
                images.finish("repl");
                throw e;
            }
        }
    }

    void syncFinished(FullSync s) {
        synchronized (syncLock) {
            if (running == s) {
                running = null;
            }
        }
        images.finish("repl");
        onImageEnd.run();
        startSyncIfDue(true);
    }

    /** INFO: is a replication image being written. */
    boolean syncInProgress() {
        synchronized (syncLock) {
            return running != null;
        }
    }

    private void removed(Client c) {
        ReplicaHandle r = byClient.remove(c);
        if (r != null) {
            replicas.remove(r);
            LOG.info("Connection with replica {}:{} lost.", r.ip(), r.listeningPort);
            if (replicas.isEmpty()) {
                noReplicasSinceMillis = System.currentTimeMillis();
            }
        }
    }

    // ---- acknowledgements ---------------------------------------------------------------------------

    /** REPLCONF ACK from a replica's connection (no reply); {@code aofOffset} is its FACK, or -1. */
    void ack(Client c, long offset, long aofOffset) {
        ReplicaHandle r = byClient.get(c);
        if (r == null) {
            return;
        }
        if (offset > r.ackOffset) {
            r.ackOffset = offset;
        }
        if (aofOffset > r.ackAofOffset) {
            r.ackAofOffset = aofOffset;
        }
        r.ackMillis = System.currentTimeMillis();
        if (r.startOnAck) {
            r.startOnAck = false;
            r.online();
        }
        if (!waiters.isEmpty()) {
            checkWaiters();
        }
        onAck.run();
    }

    /** Run after every ACK (a FAILOVER waiting for its target to catch up). */
    private volatile Runnable onAck = () -> { };

    void onAck(Runnable r) {
        this.onAck = r;
    }

    /** Replicas online (past their full sync). */
    int online() {
        int n = 0;
        for (ReplicaHandle r : replicas) {
            if (r.state == ReplicaHandle.State.ONLINE) {
                n++;
            }
        }
        return n;
    }

    /**
     * Shutdown: true when every replica, whatever its state, acknowledged {@code offset} (Redis's
     * isReadyToShutdown: one still in its full sync keeps the shutdown waiting).
     */
    boolean allAcked(long offset) {
        for (ReplicaHandle r : replicas) {
            if (r.state != ReplicaHandle.State.ONLINE || r.ackOffset < offset) {
                return false;
            }
        }
        return true;
    }

    /** Replicas connected, in any state. */
    int replicaCount() {
        return replicas.size();
    }

    /** Asks every replica for its offset now (REPLCONF GETACK *, a unit of the stream). */
    void requestAcks() {
        if (!replicas.isEmpty()) {
            feed.feed(GETACK);
        }
    }

    /** Replicas that acknowledged at least {@code offset}. */
    int acked(long offset) {
        int n = 0;
        for (ReplicaHandle r : replicas) {
            if (r.state == ReplicaHandle.State.ONLINE && r.ackOffset >= offset) {
                n++;
            }
        }
        return n;
    }

    /** Replicas whose AOF fsynced at least {@code offset} of the stream (REPLCONF ACK ... FACK). */
    int ackedAof(long offset) {
        int n = 0;
        for (ReplicaHandle r : replicas) {
            if (r.state == ReplicaHandle.State.ONLINE && r.ackAofOffset >= offset) {
                n++;
            }
        }
        return n;
    }

    /** WAITAOF's local count: 1 when this server's AOF is on and fsynced up to {@code position}. */
    int localFsynced(long position) {
        return aof.enabled() && aof.fsyncedPosition() >= position ? 1 : 0;
    }

    /** Online replicas whose last ACK is at most min-replicas-max-lag seconds old (Redis's repl_good_slaves_count). */
    int goodReplicas() {
        long maxLag = config.getLong("min-replicas-max-lag");
        long now = System.currentTimeMillis();
        int n = 0;
        for (ReplicaHandle r : replicas) {
            if (r.state == ReplicaHandle.State.ONLINE && (now - r.ackMillis) / 1000 <= maxLag) {
                n++;
            }
        }
        return n;
    }

    /** What a WAIT or WAITAOF answers with: the local fsyncs (WAITAOF) and the replicas reached. */
    interface WaitDone {
        void done(int local, int replicas);
    }

    /** A WAIT (replicas' acks of an offset) or WAITAOF (their fsyncs, and the local one) in progress. */
    private final class Waiter {
        final long offset;
        final int needed;
        final boolean aofAcks;
        final long localPosition;
        final int neededLocal;
        final WaitDone done;
        final EventLoop loop;
        final AtomicBoolean finished = new AtomicBoolean();

        Waiter(long offset, int needed, boolean aofAcks, long localPosition, int neededLocal, WaitDone done,
               EventLoop loop) {
            this.offset = offset;
            this.needed = needed;
            this.aofAcks = aofAcks;
            this.localPosition = localPosition;
            this.neededLocal = neededLocal;
            this.done = done;
            this.loop = loop;
        }

        int replicasReached() {
            return aofAcks ? ackedAof(offset) : acked(offset);
        }

        int local() {
            return aofAcks ? localFsynced(localPosition) : 0;
        }

        boolean satisfied() {
            return replicasReached() >= needed && local() >= neededLocal;
        }

        void finish() {
            if (finished.compareAndSet(false, true)) {
                waiters.remove(this);
                loop.execute(() -> done.done(local(), replicasReached()));
            }
        }
    }

    /**
     * WAIT ({@code aofAcks} false) or WAITAOF: {@code done} runs on {@code loop} once {@code needed}
     * replicas acknowledged (WAITAOF: fsynced) {@code offset} and, for WAITAOF, the local AOF is
     * fsynced up to {@code localPosition} when {@code neededLocal} is 1, or after
     * {@code timeoutMillis} (0: no timeout).
     */
    void await(long offset, int needed, boolean aofAcks, long localPosition, int neededLocal, long timeoutMillis,
               EventLoop loop, WaitDone done) {
        Waiter w = new Waiter(offset, needed, aofAcks, localPosition, neededLocal, done, loop);
        waiters.add(w);
        if (timeoutMillis > 0) {
            loop.schedule(w::finish, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        feed.feed(GETACK); // ask every replica for its offset now
        checkWaiters();
    }

    /** An ACK arrived or the local AOF was fsynced: wake the waits now satisfied. */
    void checkWaiters() {
        for (Waiter w : waiters) {
            if (w.satisfied()) {
                w.finish();
            }
        }
    }

    boolean anyWaiters() {
        return !waiters.isEmpty();
    }

    // ---- cron ---------------------------------------------------------------------------------------

    /** Once a second (Redis's replicationCron, master part). */
    void cron(boolean isMaster, boolean ping) {
        long now = System.currentTimeMillis();
        if (!replicas.isEmpty()) {
            long period = config.getLong("repl-ping-replica-period") * 1000;
            // not during a FAILOVER: the target must be able to match the offset exactly
            if (isMaster && ping && now - lastPingMillis >= period) {
                lastPingMillis = now;
                feed.feed(PING);
            }
        }
        long timeout = replTimeoutMillis();
        for (ReplicaHandle r : replicas) {
            if (r.state == ReplicaHandle.State.WAIT_BGSAVE_START
                    || (r.state == ReplicaHandle.State.WAIT_BGSAVE_END && !runningDiskless())) {
                r.sendText("\n"); // keeps the replica's read timeout from firing while the RDB is made
            }
            if (r.state == ReplicaHandle.State.ONLINE && now - r.ackMillis > timeout) {
                r.close("Disconnecting timedout replica (streaming sync)");
            }
            if (r.state == ReplicaHandle.State.ONLINE) {
                r.channel.eventLoop().execute(r::checkLimit);
            }
        }
        long ttl = config.getLong("repl-backlog-ttl") * 1000;
        if (isMaster && replicas.isEmpty() && ttl > 0 && buffer.active() && now - noReplicasSinceMillis > ttl) {
            propagation.exclusive(() -> {
                ids.change();
                ids.clearSecond();
                buffer.free();
            });
            LOG.info("Replication backlog freed after {} seconds without connected replicas.", ttl / 1000);
        }
        startSyncIfDue(true);
    }

    private boolean runningDiskless() {
        synchronized (syncLock) {
            return running != null && running.diskless;
        }
    }

    /** Closes every replica connection (a master turning into a replica of a new history). */
    void disconnectReplicas() {
        for (ReplicaHandle r : replicas) {
            r.close(null);
        }
    }
}
