package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.kernel.propagation.PropagatedCommand;
import io.sockudo.kv.kernel.propagation.PropagationStream;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.kernel.stats.ServerStats;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a resolved command: takes the shard locks of its keys (from its key specs), runs the
 * handler, turns exceptions into error replies, releases the locks and records the command's
 * statistics. Client commands, commands replayed by EXEC and blocked commands served again all
 * run through here.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    /** How long a command waits for a shard lock before it looks again whether it must answer BUSY. */
    private static final long BUSY_CHECK_NANOS = 10_000_000L;

    private final Keyspaces keyspaces;
    private final ServerStats stats;
    private volatile BusyGate busyGate = BusyGate.NONE;
    private volatile Rejections rejections;
    /** Copy-on-write: read on every command without locking. */
    private volatile CallObserver[] observers = new CallObserver[0];
    private volatile io.sockudo.kv.kernel.slowlog.SlowLog slowlog = new io.sockudo.kv.kernel.slowlog.SlowLog();
    private volatile io.sockudo.kv.kernel.latency.LatencyMonitor latencyMonitor =
            new io.sockudo.kv.kernel.latency.LatencyMonitor();
    private volatile io.sockudo.kv.kernel.latency.LatencyTracking latencyTracking =
            new io.sockudo.kv.kernel.latency.LatencyTracking();
    private volatile io.sockudo.kv.kernel.client.Monitors monitors = new io.sockudo.kv.kernel.client.Monitors();

    public CommandRunner(Keyspaces keyspaces, ServerStats stats) {
        this.keyspaces = keyspaces;
        this.stats = stats;
    }

    /** Installs the scripting subsystem's view of long-running scripts (BUSY while waiting for locks). */
    public void busyGate(BusyGate gate, Rejections rejections) {
        this.rejections = rejections;
        this.busyGate = gate;
    }

    /**
     * The work of {@code cmd}, called by the client of {@code ctx}, continues on the calling
     * thread (a script EVAL or FCALL queued for the script thread): the observers see it as the
     * client's top-level command again, so the commands the script runs count as the client's, as
     * Redis sees a script's commands as its caller's (client-side caching: the keys they read,
     * NOLOOP). Paired with {@link #endContinuation}; both tell every observer, engaged or not
     * (engagement may change between the two calls, and the pair must stay a pair).
     */
    public void beginContinuation(ExecutionContext ctx, RegisteredCommand cmd) {
        for (CallObserver o : observers) {
            o.beforeCall(ctx, cmd);
        }
    }

    /** Ends what {@link #beginContinuation} began. */
    public void endContinuation(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv) {
        for (CallObserver o : observers) {
            o.afterCall(ctx, cmd, argv);
        }
    }

    /**
     * Installs what every command's completion feeds: the slow log, the latency monitor's
     * {@code command}/{@code fast-command} events, latency-tracking's histograms and MONITOR.
     */
    public void observability(io.sockudo.kv.kernel.slowlog.SlowLog slowlog,
                              io.sockudo.kv.kernel.latency.LatencyMonitor latencyMonitor,
                              io.sockudo.kv.kernel.latency.LatencyTracking latencyTracking,
                              io.sockudo.kv.kernel.client.Monitors monitors) {
        this.slowlog = slowlog;
        this.latencyMonitor = latencyMonitor;
        this.latencyTracking = latencyTracking;
        this.monitors = monitors;
    }

    /** Adds an observer told around every command (see {@link CallObserver}). */
    public synchronized void addObserver(CallObserver o) {
        if (observers.length == Integer.SIZE) {
            throw new IllegalStateException("too many call observers");
        }
        CallObserver[] grown = java.util.Arrays.copyOf(observers, observers.length + 1);
        grown[observers.length] = o;
        observers = grown;
    }

    /**
     * Executes a resolved command under its shard locks and records statistics. Used for client
     * commands and for commands replayed by EXEC and scripts (where the caller already holds all
     * locks; the locks are reentrant).
     */
    public void call(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv) {
        call(ctx, cmd, argv, cmd.handler(), true);
    }

    /**
     * Runs a blocked command again after a wake-up (a served waiter): as {@link #call}, but its
     * call was already counted when it blocked, so INFO commandstats and
     * total_commands_processed count it once, as Redis does.
     */
    public void callAgain(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv) {
        call(ctx, cmd, argv, cmd.handler(), false);
    }

    /**
     * {@link #call} with another body than the command's handler: the reply phase of an offloaded
     * command, whose call was counted when it started ({@code record} false).
     */
    void call(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv, CommandHandler body, boolean record) {
        ShardLocks locks = keyspaces.locks();
        long mask = lockMask(cmd, argv);
        ctx.argv = argv;
        ctx.argc = argv.length;
        ctx.command = cmd;
        ctx.errored = false;
        // Within a read batch a command starts when the previous one ended: one clock read per command.
        long start = ctx.inBatch() ? ctx.lastNanos() : System.nanoTime();
        ctx.now = ctx.inBatch() ? io.sockudo.kv.kernel.util.CommandClock.millis()
                : io.sockudo.kv.kernel.util.CommandClock.refresh();
        // CLIENT NO-TOUCH: reads leave LRU/LFU data alone, except TOUCH which exists to update it.
        boolean noTouch = ctx.clientState().noTouch() && !"touch".equals(cmd.fullName());
        if (noTouch) {
            keyspaces.lruClock().suppressTouch();
        }
        if (mask != 0 && !locks.tryLockMask(mask) && !awaitLocks(ctx, cmd, argv, mask)) {
            if (noTouch) {
                keyspaces.lruClock().restoreTouch();
            }
            return;
        }
        if (cmd.retired()) {
            // Its module was unloaded after the command was resolved (queued in MULTI, waiting for
            // the locks, blocked): checked under the locks, which MODULE UNLOAD/RELOAD hold while
            // they retire the commands. A reloaded module's new version runs it instead.
            locks.unlockMask(mask);
            if (noTouch) {
                keyspaces.lruClock().restoreTouch();
            }
            RegisteredCommand next = cmd.successor();
            if (next != null) {
                call(ctx, next, argv, body == cmd.handler() ? next.handler() : body, record);
            } else {
                ctx.writer().error(Dispatcher.unknownCommand(argv));
            }
            return;
        }
        long outerMask = ctx.lockedMask;
        ctx.lockedMask = mask;
        CallObserver[] obs = observers;
        PropagationStream propagation = ctx.environment().propagation();
        boolean propagating = propagation.active();
        int outerForced = ctx.forcedTargets;
        ctx.forcedTargets = 0;
        if (propagating) {
            propagation.begin();
        }
        // A module's reply is watched: it can be counted and taken back (see ReplyGuard).
        RespWriter w = ctx.writer();
        boolean guard = cmd.moduleCommand() && w.beginGuard();
        // Which observers heard beforeCall (bit i: observers[i]): exactly those hear afterCall.
        int observed = 0;
        try {
            for (int i = 0; i < obs.length; i++) {
                if (obs[i].engaged()) {
                    observed |= 1 << i;
                    obs[i].beforeCall(ctx, cmd);
                }
            }
            if (record && monitors.active() && cmd.lockFree()) {
                // Scripts (EVAL, FCALL: skip_monitor) are shown when they start, before their commands.
                feedMonitors(ctx, cmd, argv);
            }
            body.execute(ctx);
        } catch (KvException e) {
            // whatever it wrote before throwing is not a reply
            if (!guard || w.rollback()) {
                w.error(e.getMessage());
            } else {
                w.failGuarded(e.getMessage());
            }
        } catch (Throwable e) {
            // Exceptions and Errors (AssertionError, NoClassDefFoundError of a plugin's missing
            // library...) fail this command only: never the connection, never another command.
            failed(ctx, cmd, e, guard);
        } finally {
            if (propagating) {
                // Still under the command's locks: the stream's order follows the execution order.
                int forced = ctx.forcedTargets;
                if (propagation.end(ctx.db().index(), argv, forced != 0,
                        (forced != 0 ? forced : PropagatedCommand.ALL) & ctx.propagationTargets)) {
                    // Redis's c->woff: where this client's last write ends in each stream (WAIT, WAITAOF)
                    ctx.clientState().wroteAt(propagation.replicationMark(), propagation.aofMark());
                }
            }
            ctx.forcedTargets = outerForced;
            for (int i = 0; observed != 0; i++, observed >>>= 1) {
                if ((observed & 1) != 0) {
                    obs[i].afterCall(ctx, cmd, argv);
                }
            }
            locks.unlockMask(ctx.lockedMask); // the command's keys and any it added (lockKeys)
            ctx.lockedMask = outerMask;
            if (noTouch) {
                keyspaces.lruClock().restoreTouch();
            }
        }
        if (!ctx.canBlock && ctx.blockRequest != null) {
            // Inside MULTI/EXEC or a script a blocking command answers at once as if it timed out.
            ExecutionContext.BlockRequest r = ctx.takeBlockRequest();
            if (r.onTimeout() != null) {
                try {
                    r.onTimeout().execute(ctx);
                } catch (KvException e) {
                    if (!guard || w.rollback()) {
                        w.error(e.getMessage());
                    } else {
                        w.failGuarded(e.getMessage());
                    }
                } catch (Throwable e) {
                    failed(ctx, cmd, e, guard);
                }
            } else {
                ctx.writer().nullArray();
            }
        }
        if (guard) {
            ReplyGuard.check(ctx, cmd, w, stats);
            w.endGuard();
        }
        long end = System.nanoTime();
        ctx.lastNanos(end);
        if (!record) {
            // A re-run (served waiter) or reply phase that fails still counts as a failed call.
            if (ctx.errored) {
                cmd.failedCalls.increment();
            }
            return;
        }
        long nanos = end - start;
        long micros = nanos / 1000;
        io.sockudo.kv.kernel.stats.HotCounter.Cells cells = io.sockudo.kv.kernel.stats.HotCounter.cells();
        cmd.calls.add(cells, 1);
        cmd.micros.add(cells, micros);
        if (ctx.errored) {
            cmd.failedCalls.increment();
        }
        stats.commandsProcessed.add(cells, 1);
        ctx.clientState().touched(cmd.fullName(), ctx.now);
        afterCall(ctx, cmd, argv, nanos, micros);
    }

    /**
     * What Redis's {@code call()} does after a command besides its statistics: the slow log, the
     * latency monitor, latency-tracking and MONITOR. A command that is about to block is logged
     * when it is served (its re-run comes through here again), as in Redis.
     */
    private void afterCall(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv, long nanos, long micros) {
        if (monitors.active() && !cmd.lockFree() && !cmd.hasFlag(io.sockudo.kv.spi.CommandFlag.SKIP_MONITOR)) {
            feedMonitors(ctx, cmd, argv);
        }
        if (ctx.blockRequest != null && ctx.canBlock) {
            return;
        }
        if (latencyTracking.enabled()) {
            cmd.recordLatency(nanos);
        }
        io.sockudo.kv.kernel.client.Client client = ctx.clientState();
        if (slowlog.slow(micros) && !cmd.hasFlag(io.sockudo.kv.spi.CommandFlag.SKIP_SLOWLOG)) {
            String peer = client.monitorSource();
            slowlog.add(argv, micros, peer == null ? "" : peer, client.name());
        }
        if (latencyMonitor.enabled()) {
            latencyMonitor.record(cmd.hasFlag(io.sockudo.kv.spi.CommandFlag.FAST) ? "fast-command" : "command",
                    micros / 1000);
        }
    }

    /**
     * MONITOR sees a command once it has run, with the database it left selected (Redis 7.0's
     * {@code call()}): EXEC after the commands it ran, SELECT with its new database, a blocking
     * command after its first run only; a script (EVAL, FCALL) when it starts, before its
     * commands; admin commands never; AUTH and HELLO with their secrets redacted.
     */
    private void feedMonitors(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv) {
        if (ctx.blockedRetry() || cmd.hasFlag(io.sockudo.kv.spi.CommandFlag.ADMIN)) {
            return;
        }
        String source = ctx.clientState().monitorSource();
        if (source != null) {
            monitors.feed(ctx.db().index(), source, io.sockudo.kv.kernel.client.Monitors.redact(cmd.fullName(), argv));
        }
    }

    /** A handler threw: logged with its stack trace, answered with an error naming the module. */
    private void failed(ExecutionContext ctx, RegisteredCommand cmd, Throwable e, boolean guard) {
        RespWriter w = ctx.writer();
        boolean takenBack = !guard || w.rollback();
        stats.unexpectedErrorReplies.increment();
        String message;
        if (cmd.moduleCommand()) {
            LOG.error("command {} of module {} failed", cmd.fullName(), cmd.module(), e);
            message = "ERR internal error while running '" + cmd.fullName() + "' (module '" + cmd.module() + "'): " + e;
        } else {
            LOG.error("command {} failed", cmd.fullName(), e);
            message = "ERR internal error while running '" + cmd.fullName() + "': " + e;
        }
        if (takenBack) {
            w.error(message);
        } else {
            w.failGuarded(message);
        }
    }

    /**
     * The locks are held elsewhere, by a script most likely: wait for them, as a client waits in
     * Redis while a script runs; but once the script has run past busy-reply-threshold, refuse a
     * client's command with BUSY instead (a blocked client served again just waits).
     *
     * @return true with the locks taken, false when the command was refused
     */
    private boolean awaitLocks(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv, long mask) {
        ShardLocks locks = keyspaces.locks();
        if (ctx.blockedRetry()) {
            locks.lockMask(mask);
            return true;
        }
        while (!locks.lockMask(mask, BUSY_CHECK_NANOS)) {
            String busy = busyGate.busyError(cmd, argv);
            if (busy != null) {
                rejections.reject(ctx, cmd, busy);
                return false;
            }
        }
        return true;
    }

    /** The shard-lock mask of a command: its keys' shards, or all shards for keyless keyspace commands. */
    long lockMask(RegisteredCommand cmd, byte[][] argv) {
        ShardLocks locks = keyspaces.locks();
        if (cmd.locksAll()) {
            return locks.allMask();
        }
        if (cmd.lockFree()) {
            return 0;
        }
        CommandSpec spec = cmd.spec();
        if (spec.keyFinder() != null) {
            long mask = 0;
            for (int i : spec.keyFinder().keyIndexes(argv, argv.length)) {
                if (i > 0 && i < argv.length) {
                    mask |= 1L << locks.shardOfNew(argv[i]);
                }
            }
            return mask;
        }
        int first = spec.firstKey();
        if (first <= 0 || first >= argv.length) {
            return 0;
        }
        int last = spec.lastKey() < 0 ? argv.length + spec.lastKey() : Math.min(spec.lastKey(), argv.length - 1);
        int step = Math.max(1, spec.keyStep());
        long mask = 0;
        for (int i = first; i <= last; i += step) {
            mask |= 1L << locks.shardOfNew(argv[i]);
        }
        return mask;
    }

    /** Indexes of the key arguments of a command (COMMAND GETKEYS, cluster routing). */
    public static int[] keyIndexes(CommandSpec spec, byte[][] argv) {
        if (spec.keyFinder() != null) {
            return spec.keyFinder().keyIndexes(argv, argv.length);
        }
        int first = spec.firstKey();
        if (first <= 0 || first >= argv.length) {
            return new int[0];
        }
        int last = spec.lastKey() < 0 ? argv.length + spec.lastKey() : Math.min(spec.lastKey(), argv.length - 1);
        int step = Math.max(1, spec.keyStep());
        int n = last < first ? 0 : (last - first) / step + 1;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = first + i * step;
        }
        return out;
    }

}
