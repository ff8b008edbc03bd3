package io.sockudo.kv.kernel.commands.transactions;

import io.sockudo.kv.kernel.command.RegisteredCommand;

import java.util.ArrayList;
import java.util.List;

/**
 * The MULTI/WATCH state of one client, kept in {@code Client.transaction}. Owned by the client's
 * event loop, except {@link #dirty}, which any writer of a watched key sets.
 */
final class TransactionState implements io.sockudo.kv.kernel.client.Client.QueuedMemory {
    /** One command queued between MULTI and EXEC. */
    record Queued(RegisteredCommand command, byte[][] argv) {
    }

    /** Between MULTI and EXEC/DISCARD. */
    boolean inMulti;
    /** A command was rejected while queuing: EXEC answers EXECABORT. */
    boolean flagged;
    /** A queued command writes (or may replicate): EXEC is held by CLIENT PAUSE WRITE. */
    boolean queuedWrites;
    /** A queued command has the denyoom flag: EXEC is refused with OOM past maxmemory. */
    boolean queuedDenyoom;
    /** A watched key was modified (Redis's CLIENT_DIRTY_CAS): EXEC answers a null array. */
    volatile boolean dirty;
    /** Approximate bytes of the queued arguments (CLIENT LIST multi-mem). */
    long queuedBytes;
    final List<Queued> queue = new ArrayList<>();
    final List<WatchedKey> watched = new ArrayList<>();

    void queue(RegisteredCommand cmd, byte[][] argv, boolean writes) {
        queue.add(new Queued(cmd, argv));
        queuedWrites |= writes;
        queuedDenyoom |= cmd.hasFlag(io.sockudo.kv.spi.CommandFlag.DENYOOM);
        for (byte[] a : argv) {
            queuedBytes += a.length + 16;
        }
    }

    @Override
    public long queuedBytes() {
        return inMulti ? queuedBytes : 0;
    }

    /** Leaves MULTI and forgets the queue (the watches are the registry's to drop). */
    void resetMulti() {
        inMulti = false;
        flagged = false;
        queuedWrites = false;
        queuedDenyoom = false;
        queuedBytes = 0;
        queue.clear();
    }

    boolean watches(int db, byte[] key) {
        for (WatchedKey w : watched) {
            if (w.sameAs(db, key)) {
                return true;
            }
        }
        return false;
    }
}
