package io.sockudo.kv.kernel.replication;

import io.sockudo.kv.kernel.client.ClientPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FAILOVER (Redis 6.2's coordinated failover, {@code replication.c}): the master pauses clients'
 * writes, waits until a replica (the one named with TO, or any) acknowledged its whole stream,
 * then becomes a replica of it, sending {@code PSYNC <replid> <offset> FAILOVER} so that the
 * target promotes itself first and lets it continue partially; the pause ends when the target
 * answers. Past the TIMEOUT it gives up (or, with FORCE, fails over anyway); ABORT undoes it.
 */
final class Failover {
    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

    enum State {
        NONE("no-failover"), WAIT_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

        final String shown;

        State(String shown) {
            this.shown = shown;
        }
    }

    private final Replication repl;
    private final MasterRole master;
    private final ClientPause pause;
    private volatile State state = State.NONE;
    private String targetHost;
    private int targetPort;
    private long endMillis;
    private boolean force;

    Failover(Replication repl, MasterRole master, ClientPause pause) {
        this.repl = repl;
        this.master = master;
        this.pause = pause;
    }

    State state() {
        return state;
    }

    /** FAILOVER [TO host port [FORCE]] [TIMEOUT ms] once parsed: null (+OK) or Redis's error text. */
    synchronized String start(String host, int port, long timeoutMillis, boolean forceFlag) {
        if (state != State.NONE) {
            return "ERR FAILOVER already in progress.";
        }
        if (repl.isReplica()) {
            return "ERR FAILOVER is not valid when server is a replica.";
        }
        if (master.replicas.isEmpty()) {
            return "ERR FAILOVER requires connected replicas.";
        }
        if (forceFlag && (timeoutMillis == 0 || host == null)) {
            return "ERR FAILOVER with force option requires both a timeout and target HOST and IP.";
        }
        if (host != null) {
            ReplicaHandle r = find(host, port);
            if (r == null) {
                return "ERR FAILOVER target HOST and PORT is not a replica.";
            }
            if (r.state != ReplicaHandle.State.ONLINE) {
                return "ERR FAILOVER target replica is not online.";
            }
            LOG.info("FAILOVER requested to {}:{}.", host, port);
        } else {
            LOG.info("FAILOVER requested to any replica.");
        }
        targetHost = host;
        targetPort = port;
        endMillis = timeoutMillis > 0 ? System.currentTimeMillis() + timeoutMillis : 0;
        force = forceFlag;
        state = State.WAIT_FOR_SYNC;
        pause.pause(ClientPause.Purpose.FAILOVER, ClientPause.Mode.WRITE, Long.MAX_VALUE);
        return null;
    }

    /** FAILOVER ABORT: null (+OK) or the error text. */
    String abortCommand() {
        if (state == State.NONE) {
            return "ERR No failover in progress.";
        }
        abort("Failover manually aborted");
        return null;
    }

    /** Ends a failover that did not complete: back to a master of the same history, writes resume. */
    void abort(String why) {
        State was;
        synchronized (this) {
            was = state;
            if (was == State.NONE) {
                return;
            }
            state = State.NONE;
        }
        if (was == State.IN_PROGRESS) {
            repl.replicaOfNoOne();
        }
        LOG.warn("FAILOVER aborted: {}", why);
        clear();
    }

    private void clear() {
        targetHost = null;
        endMillis = 0;
        force = false;
        pause.unpause(ClientPause.Purpose.FAILOVER);
    }

    /** The target accepted the PSYNC (CONTINUE or FULLRESYNC): the failover is complete. */
    void completed() {
        synchronized (this) {
            if (state != State.IN_PROGRESS) {
                return;
            }
            state = State.NONE;
        }
        LOG.info("FAILOVER completed: this server is a replica of {}:{} now", targetHost, targetPort);
        clear();
    }

    /** True while this server's first PSYNC to its new master must carry FAILOVER. */
    boolean inProgress() {
        return state == State.IN_PROGRESS;
    }

    /** After an ACK and every second: has the target (or any replica) caught up, or has the time run out? */
    void update() {
        if (state != State.WAIT_FOR_SYNC) {
            return; // the common case, on every ACK
        }
        String host;
        int port;
        synchronized (this) {
            if (state != State.WAIT_FOR_SYNC) {
                return;
            }
            long now = System.currentTimeMillis();
            if (endMillis != 0 && endMillis <= now) {
                if (!force) {
                    host = null;
                    port = -1;
                } else {
                    LOG.info("FAILOVER to {}:{} time out exceeded, failing over.", targetHost, targetPort);
                    host = targetHost;
                    port = targetPort;
                    state = State.IN_PROGRESS;
                }
            } else {
                long offset = master.buffer().offset();
                ReplicaHandle synced = null;
                if (targetHost != null) {
                    ReplicaHandle r = find(targetHost, targetPort);
                    if (r != null && r.ackOffset == offset) {
                        synced = r;
                    }
                } else {
                    for (ReplicaHandle r : master.replicas) {
                        if (r.state == ReplicaHandle.State.ONLINE && r.ackOffset == offset) {
                            synced = r;
                            break;
                        }
                    }
                }
                if (synced == null) {
                    return;
                }
                targetHost = synced.ip();
                targetPort = synced.listeningPort;
                LOG.info("Failover target {}:{} is synced, failing over.", targetHost, targetPort);
                host = targetHost;
                port = targetPort;
                state = State.IN_PROGRESS;
            }
        }
        if (host == null) {
            abort("Replica never caught up before timeout");
            return;
        }
        repl.replicaOf(host, port);
    }

    private ReplicaHandle find(String host, int port) {
        for (ReplicaHandle r : master.replicas) {
            if (r.listeningPort == port && r.ip().equalsIgnoreCase(host)) {
                return r;
            }
        }
        return null;
    }
}
