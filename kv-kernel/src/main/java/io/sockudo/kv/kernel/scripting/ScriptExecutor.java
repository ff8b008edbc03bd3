package io.sockudo.kv.kernel.scripting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.BlockedClients;
import io.sockudo.kv.kernel.command.BusyGate;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandFlag;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where scripts and functions run: on the {@code kv-script} thread, holding every shard lock, so
 * a script is atomic against every client of every event loop, and the event loops stay free to
 * answer BUSY (and to take SCRIPT KILL or SHUTDOWN NOSAVE) while a script runs too long; a
 * client's command that needs a lock the script holds waits for it (as every client waits in
 * Redis) until the script passes {@code busy-reply-threshold}, then is refused with BUSY.
 *
 * <p>The calling client waits like a client whose command was offloaded: its later commands
 * queue on its connection; the reply, produced on the script thread, is written back on the
 * client's event loop. Inside MULTI/EXEC (which already holds every lock) a script runs where
 * it is called.
 */
public final class ScriptExecutor implements BusyGate, AutoCloseable {
    static final String BUSY_EVAL =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

    /** Marks a client waiting for its script (INFO blocked_clients does not count it). */
    private static final Object RUNNING = new Object() {
        @Override
        public String toString() {
            return "script";
        }
    };

    /** A script run: produces its reply (errors included) on {@code out}. */
    @FunctionalInterface
    interface Job {
        void run(Client caller, RespWriter out);
    }

    private final ShardLocks locks;
    private final BlockedClients blocking;
    private final ExecutorService thread;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile ScriptRun current;
    /** The script thread's reply buffer (one script at a time). */
    private final ByteBuf replyBuffer = Unpooled.buffer(512);
    private final RespWriter replyWriter = new RespWriter();

    public ScriptExecutor(ShardLocks locks, BlockedClients blocking) {
        this.locks = locks;
        this.blocking = blocking;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kv-script");
            t.setDaemon(true);
            return t;
        });
        replyWriter.target(replyBuffer);
    }

    @Override
    public boolean inFlight() {
        return inFlight.get() > 0 || current != null;
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
     * Runs {@code job} for the client of {@code ctx}: on the script thread (the client waits), or
     * right here inside MULTI/EXEC or a blocked-client retry.
     */
    void run(ExecutionContext ctx, Job job) {
        Client client = ctx.clientState();
        if (!ctx.canBlock() || ctx.blockedRetry() || client.channel() == null) {
            long all = locks.allMask();
            locks.lockMask(all);
            try {
                job.run(client, ctx.writer());
            } finally {
                locks.unlockMask(all);
            }
            return;
        }
        client.blocked(RUNNING);
        inFlight.incrementAndGet();
        int protocol = client.protocol();
        thread.execute(() -> {
            byte[] reply;
            try {
                reply = runLocked(job, client, protocol);
            } finally {
                inFlight.decrementAndGet();
            }
            blocking.serveReady();
            client.channel().eventLoop().execute(() -> complete(ctx, reply));
        });
    }

    private byte[] runLocked(Job job, Client client, int protocol) {
        // Event loops waiting for a lock get it before the next script takes them all again.
        for (int spins = 0; spins < 64 && locks.hasWaiters(); spins++) {
            Thread.yield();
        }
        long all = locks.allMask();
        locks.lockMask(all);
        replyBuffer.clear();
        replyWriter.protocol(protocol);
        try {
            job.run(client, replyWriter);
        } catch (RuntimeException | StackOverflowError e) {
            replyBuffer.clear();
            replyWriter.error("ERR internal error while running a script: " + e);
        } finally {
            locks.unlockMask(all);
        }
        byte[] out = new byte[replyBuffer.readableBytes()];
        replyBuffer.readBytes(out);
        if (replyBuffer.capacity() > 64 * 1024) {
            replyBuffer.capacity(512);
        }
        return out;
    }

    /** On the client's event loop: the reply, then the commands it sent meanwhile. */
    private static void complete(ExecutionContext ctx, byte[] reply) {
        Client client = ctx.clientState();
        client.blocked(null);
        if (!client.channel().isActive()) {
            return;
        }
        if (reply.length > 0 && reply[0] == '-') {
            // through error() so INFO errorstats counts it, as Redis counts a script's error reply
            ctx.writer().error(new String(reply, 1, reply.length - 3, StandardCharsets.ISO_8859_1));
        } else {
            ctx.writer().raw(reply);
        }
        ctx.onUnblocked().run();
    }

    @Override
    public void close() {
        ScriptRun r = current;
        if (r != null) {
            r.kill();
        }
        thread.shutdownNow();
    }
}
