package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Runs commands: lookup, arity, authentication, transaction queuing, shard locking, the handler,
 * statistics, in the order Redis's {@code processCommand} checks them, with Redis's error texts.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Kernel kernel;
    private volatile CommandInterceptor interceptor = CommandInterceptor.NONE;

    /** Told about every key written (WATCH invalidation, blocked clients). */
    public interface WriteObserver {
        void keyWritten(Database db, byte[] key);

        /**
         * The whole contents of {@code db} are about to be replaced: emptied (FLUSHDB/FLUSHALL,
         * {@code replacement} null) or swapped with {@code replacement} (SWAPDB).
         */
        default void contentsReplaced(Database db, Database replacement) {
        }
    }

    /**
     * Writes the error reply of a command rejected before execution (unknown, arity, NOAUTH...).
     * Transactions install one so that a rejected EXEC answers EXECABORT, as Redis's
     * {@code rejectCommand} does. {@code cmd} is null for an unknown command.
     */
    public interface RejectionWriter {
        void reject(ExecutionContext ctx, RegisteredCommand cmd, String error);

        RejectionWriter DEFAULT = (ctx, cmd, error) -> ctx.writer().error(error);
    }

    /**
     * Runs between the checks and the execution: MULTI queuing, client pause. Returns true when
     * it has taken care of the command (queued it, replied).
     */
    public interface CommandInterceptor {
        boolean intercept(ExecutionContext ctx, RegisteredCommand cmd);

        CommandInterceptor NONE = (ctx, cmd) -> false;
    }

    public Dispatcher(Kernel kernel) {
        this.kernel = kernel;
    }

    public synchronized void addWriteObserver(WriteObserver o) {
        WriteObserver[] grown = java.util.Arrays.copyOf(observers, observers.length + 1);
        grown[observers.length] = o;
        observers = grown;
    }

    /** Copy-on-write array: iterated on every written key without an iterator object. */
    private volatile WriteObserver[] observers = new WriteObserver[0];

    /**
     * Adds an interceptor; interceptors are consulted in the order they were added (client pause
     * before MULTI queuing, as Redis checks them) until one takes care of the command.
     */
    public synchronized void interceptor(CommandInterceptor i) {
        CommandInterceptor previous = this.interceptor;
        this.interceptor = previous == CommandInterceptor.NONE ? i
                : (ctx, cmd) -> previous.intercept(ctx, cmd) || i.intercept(ctx, cmd);
    }

    public void rejectionWriter(RejectionWriter w) {
        this.rejectionWriter = w;
    }

    private volatile RejectionWriter rejectionWriter = RejectionWriter.DEFAULT;

    /** Tells the observers that a database is about to be emptied or swapped (WATCH invalidation). */
    public void contentsReplaced(Database db, Database replacement) {
        for (WriteObserver o : observers) {
            o.contentsReplaced(db, replacement);
        }
    }

    public void keyWritten(Database db, byte[] key) {
        // an array snapshot: no iterator per written key
        for (WriteObserver o : observers) {
            o.keyWritten(db, key);
        }
    }

    /** Resolves a command (and subcommand) or writes the error; null when rejected. */
    public RegisteredCommand resolve(ExecutionContext ctx, byte[][] argv) {
        RegisteredCommand cmd = kernel.commands.lookup(argv[0]);
        if (cmd == null) {
            rejectionWriter.reject(ctx, null, unknownCommand(argv));
            return null;
        }
        // A container with its own handler (COMMAND) runs itself when called without a subcommand.
        if (cmd.subcommands() != null && (argv.length >= 2 || cmd.handler() == null)) {
            if (argv.length < 2) {
                cmd.rejectedCalls.increment();
                rejectionWriter.reject(ctx, cmd, "ERR wrong number of arguments for '" + cmd.fullName() + "' command");
                return null;
            }
            RegisteredCommand sub = cmd.subcommands().lookup(argv[1]);
            if (sub == null) {
                cmd.rejectedCalls.increment();
                rejectionWriter.reject(ctx, cmd, "ERR unknown subcommand '" + truncate(argv[1], 128) + "'. Try "
                        + cmd.spec().name().toUpperCase(java.util.Locale.ROOT) + " HELP.");
                return null;
            }
            cmd = sub;
        }
        if (!cmd.spec().arityAccepts(argv.length)) {
            cmd.rejectedCalls.increment();
            rejectionWriter.reject(ctx, cmd, "ERR wrong number of arguments for '" + cmd.fullName() + "' command");
            return null;
        }
        return cmd;
    }

    /** Runs one command received from a client. */
    public void execute(ExecutionContext ctx, byte[][] argv) {
        Client client = ctx.clientState();
        ctx.errored = false;
        RegisteredCommand cmd = resolve(ctx, argv);
        if (cmd == null) {
            flagRejected(ctx);
            return;
        }
        if (cmd.hasFlag(CommandFlag.PROTECTED) && !ProtectedCommands.allowed(kernel, client, cmd)) {
            cmd.rejectedCalls.increment();
            rejectionWriter.reject(ctx, cmd, ProtectedCommands.denied(cmd));
            flagRejected(ctx);
            return;
        }
        if (kernel.authRequired() && !client.authenticated() && !cmd.hasFlag(CommandFlag.NO_AUTH)) {
            cmd.rejectedCalls.increment();
            rejectionWriter.reject(ctx, cmd, "NOAUTH Authentication required.");
            flagRejected(ctx);
            return;
        }
        // Interceptors (MULTI queuing) see the arguments before the command runs.
        ctx.argv = argv;
        ctx.argc = argv.length;
        if (interceptor.intercept(ctx, cmd)) {
            return;
        }
        call(ctx, cmd, argv);
        ExecutionContext.OffloadRequest offload = ctx.takeOffloadRequest();
        if (offload != null) {
            offload(ctx, cmd, argv, offload);
        }
        ExecutionContext.BlockRequest block = ctx.takeBlockRequest();
        if (block != null) {
            byte[][] rerun = block.rerunArgv() != null ? block.rerunArgv() : argv;
            kernel.blocking.block(ctx, cmd, rerun, block.keys(), block.timeoutMillis(), block.onTimeout(), ctx.onUnblocked);
        }
        kernel.blocking.serveReady();
    }

    /** Marks a client whose command works off the event loop (INFO blocked_clients counts it). */
    private static final Object OFFLOADED = new Object() {
        @Override
        public String toString() {
            return "offloaded";
        }
    };

    /**
     * The command asked to work off the event loop: the client waits (its later commands queue on
     * its connection) while {@code work} runs on a worker; then, on the client's event loop and
     * under the command's key locks again, {@code then} replies, and the connection resumes.
     */
    private void offload(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv,
                         ExecutionContext.OffloadRequest request) {
        Client client = ctx.clientState();
        client.blocked = OFFLOADED;
        kernel.workers.execute(() -> {
            Object result = null;
            RuntimeException failure = null;
            try {
                result = request.work().get();
            } catch (RuntimeException e) {
                failure = e;
            }
            Object r = result;
            RuntimeException f = failure;
            client.channel().eventLoop().execute(() -> completeOffload(ctx, cmd, argv, request, r, f));
        });
    }

    private void completeOffload(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv,
                                 ExecutionContext.OffloadRequest request, Object result, RuntimeException failure) {
        Client client = ctx.clientState();
        if (!client.channel().isActive()) {
            client.blocked = null;
            return;
        }
        if (failure != null) {
            LOG.error("command {} failed off the event loop", cmd.fullName(), failure);
            kernel.stats.unexpectedErrorReplies.increment();
        }
        call(ctx, cmd, argv, c -> {
            if (failure != null) {
                c.reply().error("ERR internal error while running '" + cmd.fullName() + "': " + failure);
            } else {
                request.then().accept(c, result);
            }
        }, false);
        ctx.takeOffloadRequest(); // a second offload from the reply phase is not supported
        client.blocked = null;
        ctx.onUnblocked.run();
        kernel.blocking.serveReady();
    }

    private void flagRejected(ExecutionContext ctx) {
        // A command rejected while queuing a MULTI makes EXEC fail (EXECABORT).
        rejectedListener.accept(ctx);
    }

    private volatile java.util.function.Consumer<ExecutionContext> rejectedListener = c -> { };

    /** Called for every command rejected before execution (transactions use it for EXECABORT). */
    public void onRejected(java.util.function.Consumer<ExecutionContext> l) {
        this.rejectedListener = l;
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
     * {@link #call} with another body than the command's handler: the reply phase of an offloaded
     * command, whose call was counted when it started ({@code record} false).
     */
    private void call(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv, io.sockudo.kv.spi.CommandHandler body,
                      boolean record) {
        ShardLocks locks = kernel.locks;
        long mask = lockMask(cmd, argv);
        ctx.argv = argv;
        ctx.argc = argv.length;
        ctx.command = cmd;
        ctx.errored = false;
        // Within a read batch a command starts when the previous one ended: one clock read per command.
        long start = ctx.inBatch ? ctx.lastNanos : System.nanoTime();
        ctx.now = ctx.inBatch ? io.sockudo.kv.kernel.util.CommandClock.millis()
                : io.sockudo.kv.kernel.util.CommandClock.refresh();
        // CLIENT NO-TOUCH: reads leave LRU/LFU data alone, except TOUCH which exists to update it.
        boolean noTouch = ctx.clientState().noTouch && !"touch".equals(cmd.fullName());
        if (noTouch) {
            kernel.lruClock.suppressTouch();
        }
        locks.lockMask(mask);
        long outerMask = ctx.lockedMask;
        ctx.lockedMask = mask;
        try {
            body.execute(ctx);
        } catch (KvException e) {
            ctx.writer().error(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("command {} failed", cmd.fullName(), e);
            kernel.stats.unexpectedErrorReplies.increment();
            ctx.writer().error("ERR internal error while running '" + cmd.fullName() + "': " + e);
        } finally {
            locks.unlockMask(ctx.lockedMask); // the command's keys and any it added (lockKeys)
            ctx.lockedMask = outerMask;
            if (noTouch) {
                kernel.lruClock.restoreTouch();
            }
        }
        if (!ctx.canBlock && ctx.blockRequest != null) {
            // Inside MULTI/EXEC or a script a blocking command answers at once as if it timed out.
            ExecutionContext.BlockRequest r = ctx.takeBlockRequest();
            if (r.onTimeout() != null) {
                r.onTimeout().execute(ctx);
            } else {
                ctx.writer().nullArray();
            }
        }
        long end = System.nanoTime();
        ctx.lastNanos = end;
        if (!record) {
            return;
        }
        long micros = (end - start) / 1000;
        cmd.calls.increment();
        cmd.micros.add(micros);
        if (ctx.errored) {
            cmd.failedCalls.increment();
        }
        kernel.stats.commandsProcessed.increment();
        ctx.clientState().touched(cmd.fullName(), ctx.now);
    }

    /** The shard-lock mask of a command: its keys' shards, or all shards for keyless keyspace commands. */
    long lockMask(RegisteredCommand cmd, byte[][] argv) {
        ShardLocks locks = kernel.locks;
        if (cmd.locksAll()) {
            return locks.allMask();
        }
        CommandSpec spec = cmd.spec();
        if (spec.keyFinder() != null) {
            long mask = 0;
            for (int i : spec.keyFinder().keyIndexes(argv, argv.length)) {
                if (i > 0 && i < argv.length) {
                    mask |= 1L << locks.shardOf(argv[i]);
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
            mask |= 1L << locks.shardOf(argv[i]);
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

    /** Redis 7.0's text for an unknown command. */
    static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            int room = 128 - args.length();
            args.append('\'').append(truncate(argv[i], room)).append("' ");
        }
        return "ERR unknown command '" + truncate(argv[0], 128) + "', with args beginning with: " + args;
    }

    /** Up to {@code max} bytes of an argument as text, cut at a NUL as C's %s would. */
    static String truncate(byte[] b, int max) {
        int n = Math.min(b.length, max);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                n = i;
                break;
            }
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1).replace('\r', ' ').replace('\n', ' ');
    }
}
