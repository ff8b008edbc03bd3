package io.sockudo.kv.kernel.replication;

import io.sockudo.kv.kernel.propagation.PropagatedCommand;
import io.sockudo.kv.kernel.propagation.PropagationListener;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A master's side of the propagation stream: each unit's commands meant for replicas become RESP
 * in the {@link ReplicationBuffer} (SELECT first where the database changes, as Redis's
 * {@code replicationFeedSlaves} inserts it), and the replicas are told there is more to send.
 * While the server is itself a replica nothing is fed from here: it proxies its master's bytes
 * ({@link #proxy}).
 */
final class StreamFeed implements PropagationListener {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

    private final ReplicationBuffer buffer;
    private final Runnable wake;
    private final io.sockudo.kv.kernel.propagation.PropagationStream propagation;
    /** The database the stream's last SELECT chose; -1 forces one before the next command. Guarded by the buffer. */
    private int selectedDb = -1;
    /** False on a replica: its stream is its master's bytes. Written inside the stream's exclusive section. */
    private volatile boolean feeding = true;

    StreamFeed(ReplicationBuffer buffer, Runnable wake, io.sockudo.kv.kernel.propagation.PropagationStream propagation) {
        this.buffer = buffer;
        this.propagation = propagation;
        this.wake = wake;
    }

    void feeding(boolean on) {
        feeding = on;
    }

    boolean feedingNow() {
        return feeding;
    }

    /** The next command is preceded by SELECT (a new full sync starts at an unknown database). Caller holds the buffer. */
    void forgetDb() {
        selectedDb = -1;
    }

    int selectedDb() {
        return selectedDb;
    }

    @Override
    public void onUnit(List<PropagatedCommand> unit) {
        if (!feeding) {
            return;
        }
        boolean any = false;
        synchronized (buffer) {
            if (!buffer.active()) {
                return;
            }
            for (int i = 0, n = unit.size(); i < n; i++) {
                PropagatedCommand c = unit.get(i);
                if (!c.toReplicas()) {
                    continue;
                }
                if (c.db() != selectedDb) {
                    byte[] db = Integer.toString(c.db()).getBytes(StandardCharsets.US_ASCII);
                    appendCommand(new byte[][]{SELECT, db});
                    selectedDb = c.db();
                }
                appendCommand(c.argv());
                any = true;
            }
            buffer.trim();
            if (any) {
                propagation.markReplication(buffer.offset()); // the writer's WAIT offset (Redis's c->woff)
            }
        }
        if (any) {
            wake.run();
        }
    }

    /** A command of the master's own making (PING, REPLCONF GETACK) as a unit of its own. */
    void feed(byte[][] argv) {
        synchronized (buffer) {
            if (!buffer.active() || !feeding) {
                return;
            }
            appendCommand(argv);
            buffer.trim();
        }
        wake.run();
    }

    /** Bytes received from this server's master, forwarded verbatim to its own replicas and backlog. */
    void proxy(byte[] b, int off, int len) {
        synchronized (buffer) {
            if (!buffer.active()) {
                return;
            }
            buffer.append(b, off, len);
            buffer.trim();
        }
        wake.run();
    }

    /** {@link #proxy(byte[], int, int)} straight from the link's receive buffer. */
    void proxy(io.netty.buffer.ByteBuf src, int from, int len) {
        synchronized (buffer) {
            if (!buffer.active()) {
                return;
            }
            buffer.append(src, from, len);
            buffer.trim();
        }
        wake.run();
    }

    /** Caller holds the buffer's lock. */
    private void appendCommand(byte[][] argv) {
        buffer.appendCommand(argv);
    }
}
