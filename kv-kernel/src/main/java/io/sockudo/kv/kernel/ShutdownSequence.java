package io.sockudo.kv.kernel;

import io.sockudo.kv.kernel.client.ClientPause;
import io.sockudo.kv.kernel.commands.server.ShutdownControl;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.persistence.RdbSnapshots;
import io.sockudo.kv.kernel.replication.Replication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Redis 7.0's shutdown (prepareForShutdown / finishShutdown / abortShutdown in {@code server.c}),
 * for SHUTDOWN and for SIGTERM/SIGINT alike. Unless NOW, with replicas that have not acknowledged
 * the whole stream and {@code shutdown-timeout} above 0, writes are paused (a pause of its own
 * purpose, so CLIENT PAUSE and FAILOVER are untouched) and replicas are asked for their offset;
 * the shutdown goes on when all of them acknowledged where the stream was when writes stopped,
 * or at the timeout. SHUTDOWN ABORT meanwhile cancels it: writes resume and every SHUTDOWN
 * waiting gets {@code Errors trying to SHUTDOWN. Check logs.}. Then the final snapshot (with save
 * points or SAVE, never with NOSAVE; a failure stops the shutdown unless FORCE) and the server
 * closes on a thread of its own (closing waits for the event loops).
 */
final class ShutdownSequence implements ShutdownControl {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);
    static final String FAILED = "ERR Errors trying to SHUTDOWN. Check logs.";

    private final ConfigRegistry config;
    private final Replication replication;
    private final RdbSnapshots snapshots;
    private final ClientPause pause;
    private final Runnable close;

    /** The shutdown in progress (waiting for replicas or finishing), null when none. */
    private InProgress current;
    private volatile boolean serverClosed;

    /** One shutdown: its flags, when the wait ends, the offset replicas must reach, who waits. */
    private static final class InProgress {
        final Flags flags;
        final long deadlineMillis;
        final long targetOffset;
        final List<Consumer<String>> waiters = new ArrayList<>();
        boolean finishing;

        InProgress(Flags flags, long deadlineMillis, long targetOffset) {
            this.flags = flags;
            this.deadlineMillis = deadlineMillis;
            this.targetOffset = targetOffset;
        }
    }

    ShutdownSequence(ConfigRegistry config, Replication replication, RdbSnapshots snapshots, ClientPause pause,
                     Runnable close) {
        this.config = config;
        this.replication = replication;
        this.snapshots = snapshots;
        this.pause = pause;
        this.close = close;
    }

    @Override
    public String request(Flags flags, Consumer<String> onFailed) {
        InProgress started;
        synchronized (this) {
            if (serverClosed) {
                return null;
            }
            if (current != null) {
                current.waiters.add(onFailed); // as Redis: a second SHUTDOWN waits with the first
                return null;
            }
            LOG.warn("User requested shutdown...");
            long timeoutMillis = config.getLong("shutdown-timeout") * 1000;
            long target = replication.offset();
            if (!flags.now() && timeoutMillis != 0 && !replication.replicasAcknowledged(target)) {
                pause.pause(ClientPause.Purpose.SHUTDOWN, ClientPause.Mode.WRITE, Long.MAX_VALUE);
                target = replication.requestAcks(); // after the pause: nothing is written past it
                current = new InProgress(flags, System.currentTimeMillis() + timeoutMillis, target);
                current.waiters.add(onFailed);
                LOG.info("Waiting for replicas before shutting down.");
                Thread t = new Thread(() -> awaitReplicas(current), "kv-shutdown-wait");
                t.setDaemon(true);
                t.start();
                return null;
            }
            started = new InProgress(flags, 0, target);
            started.finishing = true;
            current = started;
        }
        return finish(started) ? null : FAILED;
    }

    /** On its own thread: polls the replicas' acknowledgements until all are in, or the timeout. */
    private void awaitReplicas(InProgress p) {
        while (true) {
            synchronized (this) {
                if (current != p || serverClosed) {
                    return; // aborted, or the server was closed another way
                }
                if (replication.replicasAcknowledged(p.targetOffset) || System.currentTimeMillis() >= p.deadlineMillis) {
                    p.finishing = true;
                    break;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!finish(p)) {
            List<Consumer<String>> waiters;
            synchronized (this) {
                waiters = new ArrayList<>(p.waiters);
            }
            for (Consumer<String> w : waiters) {
                w.accept(FAILED);
            }
        }
    }

    /**
     * finishShutdown: the replicas' state in the log, the final snapshot, then the server closes.
     * False (and the shutdown cancelled, writes resumed) when the save failed without FORCE.
     */
    private boolean finish(InProgress p) {
        int[] sync = replication.replicasInSync(p.targetOffset);
        if (sync[1] > 0) {
            if (sync[0] < sync[1]) {
                LOG.warn("{} replica(s) did not acknowledge offset {} when shutting down.", sync[1] - sync[0],
                        p.targetOffset);
            }
            LOG.info("{} of {} replicas are in sync when shutting down.", sync[0], sync[1]);
        }
        Flags f = p.flags;
        if (f.save() || (!f.nosave() && snapshots.savePointsConfigured())) {
            LOG.info("Saving the final RDB snapshot before exiting.");
            if (!snapshots.saveForShutdown()) {
                if (f.force()) {
                    LOG.warn("Error trying to save the DB. Exit anyway.");
                } else {
                    LOG.warn("Error trying to save the DB, can't exit.");
                    LOG.warn("Errors trying to shut down the server. Check the logs for more information.");
                    cancel(p);
                    return false;
                }
            }
        }
        LOG.warn("sockudo-kv is now ready to exit, bye bye...");
        // Closing the server waits for the event loops, so it must not run on one of them.
        Thread t = new Thread(close, "kv-shutdown");
        t.setDaemon(false);
        t.start();
        return true;
    }

    @Override
    public boolean abort() {
        List<Consumer<String>> waiters;
        synchronized (this) {
            InProgress p = current;
            if (p == null || p.finishing) {
                return false; // nothing to abort (a shutdown already saving cannot be taken back)
            }
            waiters = new ArrayList<>(p.waiters);
            cancel(p);
        }
        LOG.info("Shutdown manually aborted.");
        for (Consumer<String> w : waiters) {
            w.accept(FAILED);
        }
        return true;
    }

    /** cancelShutdown: no shutdown in progress any more, and writes resume. */
    private synchronized void cancel(InProgress p) {
        if (current == p) {
            current = null;
            pause.unpause(ClientPause.Purpose.SHUTDOWN);
        }
    }

    /** The server was closed (by a shutdown or otherwise): a wait in progress stops quietly. */
    void serverClosed() {
        serverClosed = true;
    }
}
