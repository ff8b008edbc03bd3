package io.sockudo.kv.kernel.client;

import io.netty.channel.Channel;
import io.sockudo.kv.kernel.config.ClientOutputBufferLimits;
import io.sockudo.kv.kernel.util.VarHandles;
import io.sockudo.kv.spi.ClientView;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The state of one connection: identity, selected database, protocol, authentication, reply
 * mode, transaction and blocking state. Owned by the connection's event loop; fields read by
 * other threads (CLIENT LIST, INFO) are volatile or tolerate a stale read.
 */
public final class Client implements ClientView {
    private final long id;
    private final Channel channel;
    private final long createdMillis = System.currentTimeMillis();
    private volatile String name;
    private volatile int db;
    private volatile int protocol = 2;
    private volatile boolean authenticated;
    /**
     * The client-side reasons the command pipeline must run its stages for this client's commands
     * (the {@code HOLD_*} bits): kept by the setters of the state they summarise, so a client
     * with none costs the pipeline one read (see {@code command.CommandPipeline}).
     */
    private volatile int admissionHolds = HOLD_AUTH;
    /** Not authenticated (the AUTH stage may answer NOAUTH). */
    public static final int HOLD_AUTH = 1;
    /** Has subscriptions (the SUBSCRIBED stage: a RESP2 subscriber runs only pub/sub commands). */
    public static final int HOLD_SUBSCRIBED = 1 << 1;
    /** Inside MULTI: the MULTI stage queues its commands. */
    public static final int HOLD_MULTI = 1 << 2;
    /** The ACL user; null for the server's own clients (scripts' fake client, AOF loading), which may run anything. */
    private volatile ClientUser user;
    /**
     * Written after every command by the client's own thread, read by others (CLIENT LIST, the
     * idle time-out): opaque accesses (see {@link #touched}), not volatile ones.
     */
    private long lastInteractionMillis = createdMillis;
    private String lastCommand = "NULL";
    private volatile boolean closeAfterReply;
    /** CLIENT REPLY OFF is in force. */
    private boolean replyOff;
    /** CLIENT REPLY SKIP was just run: the next command's reply is dropped. */
    private boolean replySkipNext;
    /** The reply of the current command is dropped (the command after CLIENT REPLY SKIP). */
    private boolean replySkip;
    private volatile boolean noEvict;
    private volatile boolean noTouch;
    /** Transaction state (MULTI/EXEC/WATCH), null when none. */
    private Object transaction;
    /** Blocking state, null when not blocked. */
    private volatile Object blocked;
    /** Set by CLIENT KILL: the connection closes after the current command. */
    private volatile boolean killed;
    /**
     * Set by the CLIENT PAUSE check: the command just received was held, not run; the connection
     * keeps it (and what follows) until the pause ends.
     */
    private boolean postponed;
    /**
     * The blocking state of a client whose command CLIENT PAUSE holds: Redis blocks it
     * (BLOCKED_POSTPONE), so INFO blocked_clients counts it and CLIENT LIST flags it {@code b}.
     */
    public static final Object PAUSED = new Object() {
        @Override
        public String toString() {
            return "paused";
        }
    };
    /** The blocking state of a client whose next command waits for its commands running elsewhere. */
    public static final Object AWAITING_DETACHED = new Object() {
        @Override
        public String toString() {
            return "detached";
        }
    };

    /**
     * Commands of this client running off its event loop (scripts) whose replies will come back
     * in order; while there are any, other commands wait (owned by the client's event loop).
     */
    private int detachedCommands;
    /** Set by a pipeline stage: the command just received did not run; keep it for later, in order. */
    private boolean requeue;
    /** CLIENT SETINFO LIB-NAME / LIB-VER, shown by CLIENT LIST/INFO; null when never set. */
    private volatile String libName;
    private volatile String libVer;

    /** Channels, patterns and shard channels the client is subscribed to (pub/sub keeps it). */
    private volatile int subscriptions;
    /** Where pub/sub messages and invalidations for this client go (its connection). */
    private volatile PushSink pushSink = PushSink.NONE;

    /** When the soft output-buffer limit was first seen reached (Unix seconds), 0 when not. */
    long softLimitReachedSecond;
    private volatile ClientOutputBufferLimits.ClientClass outputClass = ClientOutputBufferLimits.ClientClass.NORMAL;

    /** 'M' for the link to this server's master, 'S' for a replica's connection, 0 otherwise (CLIENT LIST, KILL TYPE, INFO). */
    private volatile char replicationFlag;

    /** Where this client's last propagated write ends in the replication stream and in the AOF (Redis's c->woff). */
    private volatile long replicationWriteOffset;
    private volatile long aofWriteOffset;

    /**
     * Bytes of input received and not yet run as commands (Redis's query buffer: unparsed input,
     * a big argument being filled, the arguments of a command not complete yet), as the
     * connection last measured it; kept only while client eviction is on.
     */
    private volatile long queryBufferBytes;
    /** This client's memory as {@link ClientEviction} last added it to its total; -1 once closed. */
    private volatile long accountedMemory;
    private static final VarHandle ACCOUNTED = VarHandles.field(MethodHandles.lookup(), "accountedMemory", long.class);

    public Client(long id, Channel channel) {
        this.id = id;
        this.channel = channel;
    }

    public long queryBufferBytes() {
        return queryBufferBytes;
    }

    public void queryBufferBytes(long bytes) {
        this.queryBufferBytes = bytes;
    }

    /** Sets the accounted memory and returns the previous value; -1 (and no change) once retired. */
    long swapAccountedMemory(long bytes) {
        while (true) {
            long old = accountedMemory;
            if (old < 0) {
                return -1;
            }
            if (ACCOUNTED.compareAndSet(this, old, bytes)) {
                return old;
            }
        }
    }

    /** The client is gone: returns what was accounted (or -1 if already retired); never accounted again. */
    long retireAccountedMemory() {
        return (long) ACCOUNTED.getAndSet(this, -1L);
    }

    long accountedMemoryForSort() {
        return Math.max(0, accountedMemory);
    }

    /**
     * A write of this client reached the streams: {@code replication} (the replication offset after
     * it) and {@code aof} (the AOF position after it); -1 for a stream the write did not reach.
     */
    public void wroteAt(long replication, long aof) {
        if (replication >= 0) {
            replicationWriteOffset = replication;
        }
        if (aof >= 0) {
            aofWriteOffset = aof;
        }
    }

    public char replicationFlag() {
        return replicationFlag;
    }

    public void replicationFlag(char flag) {
        this.replicationFlag = flag;
    }

    /** The replication offset WAIT waits for. */
    public long replicationWriteOffset() {
        return replicationWriteOffset;
    }

    /** The AOF position WAITAOF's local fsync must reach. */
    public long aofWriteOffset() {
        return aofWriteOffset;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    @Override
    public int db() {
        return db;
    }

    public void db(int db) {
        this.db = db;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean value) {
        this.authenticated = value;
        hold(HOLD_AUTH, !value);
    }

    /** The {@code HOLD_*} bits in force: 0 when no client-side state needs the pipeline's stages. */
    public int admissionHolds() {
        return admissionHolds;
    }

    /**
     * Sets or clears a {@code HOLD_*} bit. Written by the client's own event loop or under the
     * state's owner's lock; a compare-and-set loop keeps concurrent writers of different bits apart.
     */
    public void hold(int bit, boolean on) {
        while (true) {
            int h = admissionHolds;
            int n = on ? h | bit : h & ~bit;
            if (h == n || ADMISSION_HOLDS.compareAndSet(this, h, n)) {
                return;
            }
        }
    }

    private static final VarHandle ADMISSION_HOLDS = VarHandles.field(MethodHandles.lookup(), "admissionHolds", int.class);

    /** The name of the client's ACL user ({@code default} for the server's own clients). */
    public String user() {
        ClientUser u = user;
        return u == null ? "default" : u.name();
    }

    /** The client's ACL user, or null for the server's own clients (no restriction). */
    public ClientUser aclUser() {
        return user;
    }

    public void aclUser(ClientUser u) {
        this.user = u;
    }

    public Channel channel() {
        return channel;
    }

    /**
     * Number of channels, patterns and shard channels subscribed (CLIENT LIST sub+psub+ssub).
     * Subscribed clients are in the pubsub output-buffer class, and in RESP2 only a few commands
     * are allowed to them.
     */
    public int subscriptions() {
        return subscriptions;
    }

    /** Set by pub/sub when the client's subscriptions change; moves it in and out of the pubsub class. */
    public void subscriptions(int count) {
        this.subscriptions = count;
        hold(HOLD_SUBSCRIBED, count != 0);
        if (outputClass != ClientOutputBufferLimits.ClientClass.REPLICA) {
            outputClass = count > 0 ? ClientOutputBufferLimits.ClientClass.PUBSUB : ClientOutputBufferLimits.ClientClass.NORMAL;
        }
    }

    public PushSink pushSink() {
        return pushSink;
    }

    public void pushSink(PushSink sink) {
        this.pushSink = sink;
    }

    /** Which {@code client-output-buffer-limit} class applies: normal, replica or pubsub. */
    public ClientOutputBufferLimits.ClientClass outputClass() {
        return outputClass;
    }

    public void outputClass(ClientOutputBufferLimits.ClientClass value) {
        this.outputClass = value;
    }

    /**
     * Bytes of replies queued on the connection and not yet written to the socket (CLIENT LIST
     * {@code omem}). Safe to read from any thread (a volatile read in Netty).
     */
    public long pendingOutputBytes() {
        io.netty.channel.ChannelOutboundBuffer ob = channel == null ? null : channel.unsafe().outboundBuffer();
        return ob == null ? 0 : ob.totalPendingWriteBytes();
    }

    /**
     * Redis's reply buffer: the first 16 KB of a client's pending replies sit in a fixed buffer
     * that output-buffer limits and {@code omem} do not count; only what overflows it does.
     */
    public static final long REPLY_BUFFER_BYTES = 16 * 1024;

    /**
     * The output-buffer memory as Redis counts it (its reply list): pending output beyond the
     * first {@link #REPLY_BUFFER_BYTES}. What {@code client-output-buffer-limit} and CLIENT LIST
     * {@code omem} see.
     */
    public long outputBufferMemory() {
        return Math.max(0, pendingOutputBytes() - REPLY_BUFFER_BYTES);
    }

    /** Number of buffers queued on the connection (CLIENT LIST {@code oll}); a stale read is fine. */
    public int pendingOutputBuffers() {
        io.netty.channel.ChannelOutboundBuffer ob = channel == null ? null : channel.unsafe().outboundBuffer();
        return ob == null ? 0 : ob.size();
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastInteractionMillis() {
        return (long) LAST_INTERACTION.getOpaque(this);
    }

    public String lastCommand() {
        return (String) LAST_COMMAND.getOpaque(this);
    }

    /**
     * Records a command's end. Opaque stores: untorn and seen by other threads soon, without the
     * full fence two volatile stores cost on every command (nobody orders other memory by them).
     */
    public void touched(String command, long now) {
        // Skipped when unchanged (a pipeline repeats its command within one millisecond): a
        // reference store into a long-lived Client pays G1's write barrier every time.
        if (LAST_COMMAND.getOpaque(this) != command) {
            LAST_COMMAND.setOpaque(this, command);
        }
        if ((long) LAST_INTERACTION.getOpaque(this) != now) {
            LAST_INTERACTION.setOpaque(this, now);
        }
    }

    private static final VarHandle LAST_COMMAND = VarHandles.field(MethodHandles.lookup(), "lastCommand", String.class);
    private static final VarHandle LAST_INTERACTION =
            VarHandles.field(MethodHandles.lookup(), "lastInteractionMillis", long.class);

    public boolean closeAfterReply() {
        return closeAfterReply;
    }

    public void closeAfterReply(boolean v) {
        this.closeAfterReply = v;
    }

    /**
     * Redis's {@code islocalClient}: a loopback TCP peer, or a connection that is not IP at all
     * (Unix socket, in-process). The {@code local} settings of enable-*-command and
     * enable-protected-configs admit these.
     */
    public boolean isLocal() {
        if (channel == null) {
            return true;
        }
        SocketAddress a = channel.remoteAddress();
        if (a instanceof InetSocketAddress i) {
            return i.getAddress() != null && i.getAddress().isLoopbackAddress();
        }
        return true;
    }

    /** What MONITOR shows for this client's commands instead of its address ({@code lua}), or null. */
    private volatile String monitorSource;

    public void monitorSource(String s) {
        this.monitorSource = s;
    }

    /**
     * The source MONITOR prints: {@code ip:port}, {@code lua} for a script, or null for a client
     * whose commands are not shown (loading the AOF).
     */
    public String monitorSource() {
        String s = monitorSource;
        if (s != null) {
            return s;
        }
        return channel == null ? null : peerAddress();
    }

    /** {@code ip:port} of the peer, as CLIENT LIST prints it. */
    public String peerAddress() {
        return format(channel == null ? null : channel.remoteAddress());
    }

    /** {@code ip:port} of the local side. */
    public String localAddress() {
        return format(channel == null ? null : channel.localAddress());
    }

    private static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
            return host + ":" + i.getPort();
        }
        return a == null ? "" : a.toString();
    }

    // ---- accessors --------------------------------------------------------------------------

    public boolean replyOff() {
        return replyOff;
    }

    public void replyOff(boolean value) {
        this.replyOff = value;
    }

    public boolean replySkipNext() {
        return replySkipNext;
    }

    public void replySkipNext(boolean value) {
        this.replySkipNext = value;
    }

    public boolean replySkip() {
        return replySkip;
    }

    public void replySkip(boolean value) {
        this.replySkip = value;
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean value) {
        this.noEvict = value;
    }

    public boolean noTouch() {
        return noTouch;
    }

    public void noTouch(boolean value) {
        this.noTouch = value;
    }

    /** The bytes a client's transaction state holds in queued commands (CLIENT LIST {@code multi-mem}). */
    public interface QueuedMemory {
        long queuedBytes();
    }

    /** CLIENT LIST {@code multi-mem}: the commands queued since MULTI, in bytes (0 outside MULTI). */
    public long multiMemory() {
        return transaction instanceof QueuedMemory q ? q.queuedBytes() : 0;
    }

    public Object transaction() {
        return transaction;
    }

    public void transaction(Object value) {
        this.transaction = value;
    }

    public Object blocked() {
        return blocked;
    }

    public void blocked(Object value) {
        this.blocked = value;
    }

    public boolean killed() {
        return killed;
    }

    public void killed(boolean value) {
        this.killed = value;
    }

    public boolean postponed() {
        return postponed;
    }

    public void postponed(boolean value) {
        this.postponed = value;
    }

    public int detachedCommands() {
        return detachedCommands;
    }

    public void detachedCommands(int value) {
        this.detachedCommands = value;
    }

    public boolean requeue() {
        return requeue;
    }

    /**
     * Marks the command just received as not run: the connection puts it back at the head of its
     * queue and runs it once the client is unblocked (the stage that set this also blocks it).
     */
    public void requeue(boolean value) {
        this.requeue = value;
    }

    public String libName() {
        return libName;
    }

    public void libName(String value) {
        this.libName = value;
    }

    public String libVer() {
        return libVer;
    }

    public void libVer(String value) {
        this.libVer = value;
    }
}
