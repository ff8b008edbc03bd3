package io.sockudo.kv.kernel.propagation;

import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one propagation point (Redis's {@code call()} + {@code alsoPropagate} +
 * {@code propagatePendingCommands}): every execution unit that changed the dataset — a command, a
 * whole MULTI/EXEC, a script, an expiry — leaves here the commands that reproduce its effect, in one
 * total order across all event loops, for the AOF and for replication.
 *
 * <p>The command runner opens a unit when a top-level command starts ({@link #begin}) and closes it
 * when the command ends ({@link #end}), while the command still holds its shard locks: so two
 * commands that touch the same key appear in the stream in the order they ran, and a unit's
 * commands stay together. Commands added while a unit is open ({@link #add}) join it; a unit with
 * more than one command is wrapped in MULTI/EXEC, as Redis wraps it. Work outside any command
 * (active expiry, eviction) adds its commands as units of their own.
 *
 * <p>While no listener is registered (no AOF, no replica) nothing is collected at all.
 */
public final class PropagationStream {
    private static final byte[] MULTI = "MULTI".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);

    private volatile PropagationListener[] listeners = new PropagationListener[0];

    /**
     * The unit the calling thread is building, and its stack of command frames: a frame per
     * command being run (EXEC and scripts run commands inside commands).
     */
    private static final class Unit {
        final List<PropagatedCommand> commands = new ArrayList<>();
        /** Keys written by this thread so far (the per-thread part of Redis's {@code server.dirty}). */
        long writes;
        int depth;
        long[] frameWrites = new long[8];
        long[] frameNested = new long[8];
        boolean[] frameReplaced = new boolean[8];
        /** Where the replication stream and the AOF stood after this thread's last unit; -1 when it did not reach one. */
        long replicationMark = -1;
        long aofMark = -1;
    }

    /** The unit being handed to the listeners (guarded by this object's lock, held by {@link #emit}). */
    private Unit emitting;

    private final FastThreadLocal<Unit> units = new FastThreadLocal<>() {
        @Override
        protected Unit initialValue() {
            return new Unit();
        }
    };

    public synchronized void addListener(PropagationListener l) {
        PropagationListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[listeners.length] = l;
        listeners = grown;
    }

    public synchronized void removeListener(PropagationListener l) {
        List<PropagationListener> copy = new ArrayList<>(Arrays.asList(listeners));
        copy.remove(l);
        listeners = copy.toArray(new PropagationListener[0]);
    }

    /**
     * Runs {@code action} while no unit is being handed to the listeners: what it records (a
     * replication offset, a listener's state) falls between two units of the stream.
     */
    public synchronized void exclusive(Runnable action) {
        action.run();
    }

    /** True when someone consumes the stream (otherwise callers skip building commands). */
    public boolean active() {
        return listeners.length > 0;
    }

    /** A key was written by the calling thread (called by the keyspace hooks for every write). */
    public void countWrite() {
        units.get().writes++;
    }

    /** A command (or a command inside one) starts on this thread. */
    public void begin() {
        Unit u = units.get();
        int d = u.depth++;
        if (d == u.frameWrites.length) {
            u.frameWrites = Arrays.copyOf(u.frameWrites, d * 2);
            u.frameNested = Arrays.copyOf(u.frameNested, d * 2);
            u.frameReplaced = Arrays.copyOf(u.frameReplaced, d * 2);
        }
        u.frameWrites[d] = u.writes;
        u.frameNested[d] = 0;
        u.frameReplaced[d] = false;
    }

    /**
     * The command started by the matching {@link #begin} ends. When it wrote keys itself (not
     * only through the commands it ran, as EXEC and scripts do) or {@code force} is set, and it
     * did not declare its own replacement ({@link #replace}), {@code argv} is added to the unit.
     * The outermost command emits the unit.
     *
     * @param argv the command, or null for a frame that never propagates itself, only what the
     *             commands it runs propagate (a script: Redis 7.0 replicates a script's effects)
     * @param force propagate even without key writes (FLUSHALL of an empty server, FUNCTION LOAD)
     * @param targets where the command goes; 0 nowhere (a script's {@code redis.set_repl(REPL_NONE)})
     */
    public boolean end(int db, byte[][] argv, boolean force, int targets) {
        Unit u = units.get();
        int d = --u.depth;
        long total = u.writes - u.frameWrites[d];
        long own = total - u.frameNested[d];
        if (argv != null && targets != 0 && !u.frameReplaced[d] && (own > 0 || force)) {
            u.commands.add(new PropagatedCommand(db, argv, targets));
        }
        if (d > 0) {
            u.frameNested[d - 1] += total;
        } else if (!u.commands.isEmpty()) {
            emit(u, u.commands);
            u.commands.clear();
            return true;
        }
        return false;
    }

    /**
     * The replication offset after the unit the calling thread emitted last (read after
     * {@link #end} returned true: WAIT compares a client's last write with its replicas' acks),
     * or -1 when that unit did not reach the replication stream.
     */
    public long replicationMark() {
        return units.get().replicationMark;
    }

    /** The AOF position after the calling thread's last unit (WAITAOF), or -1 when it did not reach the AOF. */
    public long aofMark() {
        return units.get().aofMark;
    }

    /** Called by the replication listener inside {@link PropagationListener#onUnit}: the stream's offset after the unit. */
    public void markReplication(long offset) {
        Unit u = emitting;
        if (u != null) {
            u.replicationMark = offset;
        }
    }

    /** Called by the AOF inside {@link PropagationListener#onUnit}: its append position after the unit. */
    public void markAof(long position) {
        Unit u = emitting;
        if (u != null) {
            u.aofMark = position;
        }
    }

    /**
     * The running command propagates {@code argv} instead of itself ({@code propagateAs}); called
     * once per replacement command, in order.
     */
    public void replace(int db, byte[][] argv) {
        replace(db, argv, PropagatedCommand.ALL);
    }

    /** {@link #replace(int, byte[][])} going to {@code targets} only (nowhere when 0). */
    public void replace(int db, byte[][] argv, int targets) {
        Unit u = units.get();
        if (u.depth == 0) {
            if (targets != 0) {
                add(db, argv, targets);
            }
            return;
        }
        u.frameReplaced[u.depth - 1] = true;
        if (targets != 0) {
            u.commands.add(new PropagatedCommand(db, argv, targets));
        }
    }

    /** Adds a command to the calling thread's open unit, or emits it as a unit of its own. */
    public void add(int db, byte[][] argv, int targets) {
        if (!active()) {
            return;
        }
        PropagatedCommand c = new PropagatedCommand(db, argv, targets);
        Unit u = units.get();
        if (u.depth > 0) {
            u.commands.add(c);
        } else {
            emit(u, List.of(c));
        }
    }

    /** Hands a unit to every listener, wrapped in MULTI/EXEC when it has several commands. */
    private synchronized void emit(Unit u, List<PropagatedCommand> commands) {
        List<PropagatedCommand> unit = commands;
        if (commands.size() > 1) {
            unit = new ArrayList<>(commands.size() + 2);
            int db = commands.get(0).db();
            unit.add(new PropagatedCommand(db, new byte[][]{MULTI}, PropagatedCommand.ALL));
            unit.addAll(commands);
            unit.add(new PropagatedCommand(commands.get(commands.size() - 1).db(), new byte[][]{EXEC},
                    PropagatedCommand.ALL));
        }
        u.replicationMark = -1;
        u.aofMark = -1;
        emitting = u;
        try {
            for (PropagationListener l : listeners) {
                l.onUnit(unit);
            }
        } finally {
            emitting = null;
        }
    }
}
