package io.sockudo.kv.kernel.scripting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.BlockedClients;
import io.sockudo.kv.kernel.command.BusyGate;
import io.sockudo.kv.kernel.command.CommandRunner;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.kernel.propagation.PropagatedCommand;
import io.sockudo.kv.kernel.propagation.PropagationStream;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.kernel.util.CommandClock;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Where scripts and functions run: on the {@code kv-script} thread, holding every shard lock, so
 * a script is atomic against every client of every event loop, and the event loops stay free to
 * answer BUSY (and to take SCRIPT KILL or SHUTDOWN NOSAVE) while a script runs too long; a
 * client's command that needs a lock the script holds waits for it (as every client waits in
 * Redis) until the script passes {@code busy-reply-threshold}, then is refused with BUSY.
 *
 * <p><b>Ordering.</b> A client's scripts are queued here in the order it sent them and their
 * replies are written back on its event loop in that order; its other commands wait until its
 * scripts are done ({@link ScriptStage}). So a pipeline of EVALSHAs costs one hand-off to this
 * thread, not one round trip per script, and the thread runs queued scripts back to back under
 * one acquisition of the locks (yielding them when an event loop waits for one).
 *
 * <p>Inside MULTI/EXEC (which already holds every lock) a script runs where it is called.
 */
public final class ScriptExecutor implements BusyGate, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptExecutor.class);

    static final String BUSY_EVAL =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
    /** Scripts run back to back under one acquisition of the locks, at most. */
    private static final int BATCH = 64;
    /** How long the script thread looks for more work before it parks. */
    private static final long SPIN_NANOS = Long.getLong("sockudo.kv.scriptSpinNanos", 20_000L);

    /** A script run: produces its reply (errors included) on {@code out}. */
    @FunctionalInterface
    interface Job {
        void run(Client caller, RespWriter out);
    }

    /** A job queued for the script thread and the client waiting for its reply. */
    private record Task(ExecutionContext ctx, Job job, boolean needsLocks, RegisteredCommand cmd, byte[][] argv) {
    }

    private final ShardLocks locks;
    private final BlockedClients blocking;
    private final CommandRunner runner;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean parked;
    private volatile boolean closed;
    private volatile ScriptRun current;
    /** The script thread's reply buffer (one script at a time). */
    private final ByteBuf replyBuffer = Unpooled.buffer(512);
    private final RespWriter replyWriter = new RespWriter();

    /**
     * {@code busy-reply-threshold} in milliseconds, kept here by a config listener: read on every
     * script run, where parsing the option's text each time cost a tenth of an EVALSHA.
     */
    private volatile long busyReplyThreshold = 5000;

    public long busyReplyThreshold() {
        return busyReplyThreshold;
    }

    public void busyReplyThreshold(long millis) {
        busyReplyThreshold = millis;
    }

    public ScriptExecutor(ShardLocks locks, BlockedClients blocking, CommandRunner runner) {
        this.locks = locks;
        this.blocking = blocking;
        this.runner = runner;
        replyWriter.target(replyBuffer);
        this.thread = new Thread(this::loop, "kv-script");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean inFlight() {
        return inFlight.get() > 0 || current != null;
    }

    /** True while the running script is past busy-reply-threshold. */
    boolean busy() {
        ScriptRun r = current;
        return r != null && r.timedOut();
    }

    @Override
    public String busyError(RegisteredCommand cmd, byte[][] argv) {
        ScriptRun r = current;
        if (r == null || !r.timedOut()) {
            return null;
        }
        String busy = r.kind == ScriptRun.Kind.EVAL ? BUSY_EVAL : BUSY_FUNCTION;
        if (cmd.hasFlag(CommandFlag.ALLOW_BUSY)) {
            // SHUTDOWN may only leave a busy script behind without saving (Redis's shutdownCommand)
            if (cmd.parent() == null && cmd.spec().name().equals("shutdown") && !hasNosave(argv)) {
                return busy;
            }
            return null;
        }
        return busy;
    }

    private static boolean hasNosave(byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            if (Args.is(argv[i], "nosave")) {
                return true;
            }
        }
        return false;
    }

    /** The script running now, or null (SCRIPT KILL, FUNCTION KILL, FUNCTION STATS). */
    ScriptRun current() {
        return current;
    }

    /**
     * SCRIPT KILL / FUNCTION KILL, as Redis's scriptKill: null when the running script was asked to
     * stop, else the error to answer.
     */
    String kill(ScriptRun.Kind by) {
        ScriptRun r = current;
        if (r == null) {
            return "NOTBUSY No scripts in execution right now.";
        }
        if (r.written) {
            return "UNKILLABLE Sorry the script already executed write commands against the dataset. You can "
                    + "either wait the script termination or kill the server in a hard way using the SHUTDOWN "
                    + "NOSAVE command.";
        }
        if (by == ScriptRun.Kind.EVAL && r.kind != ScriptRun.Kind.EVAL) {
            return BUSY_FUNCTION;
        }
        if (by == ScriptRun.Kind.FUNCTION && r.kind == ScriptRun.Kind.EVAL) {
            return BUSY_EVAL;
        }
        r.kill();
        return null;
    }

    void enter(ScriptRun r) {
        current = r;
    }

    void exit() {
        current = null;
    }

    /**
     * Runs {@code job} for the client of {@code ctx}: queued for the script thread (the client's
     * later commands wait for its reply), or right here inside MULTI/EXEC or a blocked-client
     * retry, where every lock is held already.
     */
    void run(ExecutionContext ctx, boolean straightLine, Job job) {
        Client client = ctx.clientState();
        if (straightLine && ctx.canBlock() && !ctx.blockedRetry() && client.detachedCommands() == 0
                && inFlight.get() == 0 && current == null) {
            // A script that can only run briefly in Lua (StraightLine) runs here when every lock is
            // free at once: no hand-off, same atomicity. Otherwise it queues like any other.
            long all = locks.allMask();
            if (locks.tryLockMask(all)) {
                try {
                    runScript(ctx, job, ctx.writer());
                } finally {
                    locks.unlockMask(all);
                }
                return;
            }
        }
        if (!ctx.canBlock() || ctx.blockedRetry() || client.channel() == null) {
            long all = locks.allMask();
            locks.lockMask(all);
            try {
                runScript(ctx, job, ctx.writer());
            } finally {
                locks.unlockMask(all);
            }
            return;
        }
        submit(ctx, job, true);
    }

    /**
     * Runs a script as one propagation frame on the thread that runs it, under every lock: the
     * frame never propagates the EVAL or FCALL itself, only what the commands it calls propagate
     * (Redis 7.0 replicates scripts by their effects), wrapped in MULTI/EXEC when there are
     * several; nothing when it wrote nothing. Run on the script thread the frame is the outermost
     * one, so the unit leaves the stream before the locks are released; run inside EXEC or on the
     * calling event loop it joins the unit of the command around it. The command clock stands still
     * meanwhile (keys do not expire in the middle of a script, as in Redis 7.0).
     */
    private static void runScript(ExecutionContext ctx, Job job, RespWriter out) {
        PropagationStream p = ctx.environment().propagation();
        boolean propagating = p.active();
        if (propagating) {
            p.begin();
        }
        CommandClock.freeze();
        try {
            job.run(ctx.clientState(), out);
        } finally {
            CommandClock.unfreeze();
            if (propagating) {
                // no command of its own (null): the database is never used
                p.end(0, null, false, PropagatedCommand.ALL);
            }
        }
    }

    /**
     * Answers a client in its turn: at once when none of its scripts is pending, else after them
     * (an error found before a script runs must not overtake the replies of earlier ones).
     */
    void reply(ExecutionContext ctx, Job job) {
        if (ctx.clientState().detachedCommands() == 0 || !ctx.canBlock()) {
            job.run(ctx.clientState(), ctx.writer());
            return;
        }
        submit(ctx, job, false);
    }

    private void submit(ExecutionContext ctx, Job job, boolean needsLocks) {
        Client client = ctx.clientState();
        client.detachedCommands(client.detachedCommands() + 1);
        inFlight.incrementAndGet();
        queue.offer(new Task(ctx, job, needsLocks, ctx.command(), ctx.argv()));
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        while (!closed) {
            Task t = queue.poll();
            if (t == null) {
                t = spinForWork();
            }
            if (t == null) {
                parked = true;
                if (queue.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            runBatch(t);
        }
    }

    /**
     * Waits a little for the next script before parking: under a steady stream of scripts the
     * next one usually arrives within microseconds, and catching it here saves the two system
     * calls of a park and an unpark per script.
     */
    private Task spinForWork() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        Task t;
        while ((t = queue.poll()) == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return t;
    }

    /** Runs {@code first} and what is queued behind it under one acquisition of every lock. */
    private void runBatch(Task first) {
        // Event loops waiting for a lock get it before the scripts take them all again.
        for (int spins = 0; spins < 64 && locks.hasWaiters(); spins++) {
            Thread.yield();
        }
        long all = locks.allMask();
        locks.lockMask(all);
        int done = 0;
        Task t = first;
        try {
            while (true) {
                byte[] reply = runOne(t);
                done++;
                ExecutionContext ctx = t.ctx();
                try {
                    ctx.clientState().channel().eventLoop().execute(() -> complete(ctx, reply));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the client's event loop has shut down (server stopping): nobody to answer
                } finally {
                    // after the reply is queued: what the observers send the caller comes after it
                    runner.endContinuation(ctx, t.cmd(), t.argv());
                }
                if (done >= BATCH || locks.hasWaiters() || (t = queue.poll()) == null) {
                    break;
                }
            }
        } finally {
            locks.unlockMask(all);
            inFlight.addAndGet(-done);
        }
        blocking.serveReady();
    }

    private byte[] runOne(Task t) {
        replyBuffer.clear();
        replyWriter.protocol(t.ctx().clientState().protocol());
        // here the script continues the caller's EVAL/FCALL, which ended on its event loop; the
        // continuation ends in runBatch, once the reply is on its way
        runner.beginContinuation(t.ctx(), t.cmd());
        try {
            runScript(t.ctx(), t.job(), replyWriter);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("script failed", e);
            replyBuffer.clear();
            replyWriter.error("ERR internal error while running a script: " + e);
        }
        byte[] out = new byte[replyBuffer.readableBytes()];
        replyBuffer.readBytes(out);
        if (replyBuffer.capacity() > 64 * 1024) {
            replyBuffer.capacity(512);
        }
        return out;
    }

    /**
     * On the client's event loop: writes the reply; after the client's last pending script,
     * flushes and lets its waiting commands run.
     */
    private static void complete(ExecutionContext ctx, byte[] reply) {
        Client client = ctx.clientState();
        int left = client.detachedCommands() - 1;
        client.detachedCommands(left);
        if (!client.channel().isActive()) {
            if (left == 0 && client.blocked() == Client.AWAITING_DETACHED) {
                client.blocked(null);
            }
            return;
        }
        if (reply.length > 0 && reply[0] == '-' && isSingleError(reply)) {
            // through error() so INFO errorstats counts it, as Redis counts a script's error reply
            ctx.writer().error(new String(reply, 1, reply.length - 3, StandardCharsets.ISO_8859_1));
        } else {
            ctx.writer().raw(reply);
        }
        if (left == 0) {
            if (client.blocked() == Client.AWAITING_DETACHED) {
                client.blocked(null);
            }
            ctx.onUnblocked().run();
        }
    }

    private static boolean isSingleError(byte[] reply) {
        for (int i = 0; i < reply.length - 2; i++) {
            if (reply[i] == '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        ScriptRun r = current;
        if (r != null) {
            r.kill();
        }
        closed = true;
        LockSupport.unpark(thread);
    }
}
