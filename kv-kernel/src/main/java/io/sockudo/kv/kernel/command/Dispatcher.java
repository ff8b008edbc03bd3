package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.util.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Runs one command received from a client, through the steps of Redis's {@code processCommand}:
 * <ol>
 *   <li>lookup, subcommand and arity ({@link #resolve}, Redis's error texts);</li>
 *   <li>the {@link CommandPipeline}'s stages in order (protected commands, authentication, client
 *       pause, MULTI queuing...), any of which may take care of the command;</li>
 *   <li>execution under the shard locks ({@link CommandRunner});</li>
 *   <li>what the command asked for while it ran: work off the event loop
 *       ({@code CommandContext.offload}) or blocking on keys;</li>
 *   <li>serving the clients blocked on keys the command made ready.</li>
 * </ol>
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final CommandTable table;
    private final CommandPipeline pipeline;
    private final Rejections rejections;
    private final CommandRunner runner;
    private final BlockedClients blocking;
    private final WorkerPool workers;
    private volatile BusyGate busyGate = BusyGate.NONE;

    public Dispatcher(CommandTable table, CommandPipeline pipeline, Rejections rejections, CommandRunner runner,
                      BlockedClients blocking, WorkerPool workers) {
        this.table = table;
        this.pipeline = pipeline;
        this.rejections = rejections;
        this.runner = runner;
        this.blocking = blocking;
        this.workers = workers;
    }

    /**
     * Installs the scripting subsystem's view: while a script is queued or running, blocked
     * clients are served when it ends (serving them now would wait for its locks).
     */
    public void busyGate(BusyGate gate) {
        this.busyGate = gate;
    }

    /** Resolves a command (and subcommand) or writes the error; null when rejected. */
    public RegisteredCommand resolve(ExecutionContext ctx, byte[][] argv) {
        RegisteredCommand cmd = table.lookup(argv[0]);
        if (cmd == null) {
            rejections.reject(ctx, null, unknownCommand(argv));
            return null;
        }
        // A container with its own handler (COMMAND) runs itself when called without a subcommand.
        if (cmd.subcommands() != null && (argv.length >= 2 || cmd.handler() == null)) {
            if (argv.length < 2) {
                rejections.reject(ctx, cmd, "ERR wrong number of arguments for '" + cmd.fullName() + "' command");
                return null;
            }
            RegisteredCommand sub = cmd.subcommands().lookup(argv[1]);
            if (sub == null) {
                rejections.reject(ctx, cmd, "ERR unknown subcommand '" + truncate(argv[1], 128) + "'. Try "
                        + cmd.spec().name().toUpperCase(java.util.Locale.ROOT) + " HELP.");
                return null;
            }
            cmd = sub;
        }
        if (!cmd.spec().arityAccepts(argv.length)) {
            rejections.reject(ctx, cmd, "ERR wrong number of arguments for '" + cmd.fullName() + "' command");
            return null;
        }
        return cmd;
    }

    /** Runs one command received from a client. */
    public void execute(ExecutionContext ctx, byte[][] argv) {
        ctx.errored = false;
        Client client = ctx.clientState();
        if (client.detachedCommands() > 0 && !joinsDetached(argv)) {
            // Replies go out in order: this command (even one refused at once) waits until the
            // client's commands running elsewhere (scripts) have replied; the connection keeps it.
            client.blocked(Client.AWAITING_DETACHED);
            client.requeue(true);
            return;
        }
        RegisteredCommand cmd = resolve(ctx, argv);
        if (cmd == null) {
            return;
        }
        // The stages (MULTI queuing) see the arguments before the command runs.
        ctx.argv = argv;
        ctx.argc = argv.length;
        if (!pipeline.admit(ctx, cmd)) {
            return;
        }
        runner.call(ctx, cmd, argv);
        ExecutionContext.OffloadRequest offload = ctx.takeOffloadRequest();
        if (offload != null) {
            offload(ctx, cmd, argv, offload);
        }
        ExecutionContext.BlockRequest block = ctx.takeBlockRequest();
        if (block != null) {
            byte[][] rerun = block.rerunArgv() != null ? block.rerunArgv() : argv;
            blocking.block(ctx, cmd, rerun, block.keys(), block.timeoutMillis(), block.onTimeout(), ctx.onUnblocked());
        }
        if (!busyGate.inFlight()) {
            blocking.serveReady();
        }
    }

    /**
     * Whether a command may follow a client's detached commands without waiting for them: a
     * lock-free command (EVAL, FCALL...) that resolves, since it queues behind them where they run.
     */
    private boolean joinsDetached(byte[][] argv) {
        RegisteredCommand cmd = table.lookup(argv[0]);
        return cmd != null && cmd.lockFree() && cmd.subcommands() == null && cmd.spec().arityAccepts(argv.length);
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
        client.blocked(OFFLOADED);
        workers.execute(() -> {
            Object result = null;
            Throwable failure = null;
            try {
                result = request.work().get();
            } catch (Throwable e) {
                // an Error too: the client must get its reply, and the worker thread must live on
                failure = e;
            }
            Object r = result;
            Throwable f = failure;
            client.channel().eventLoop().execute(() -> completeOffload(ctx, cmd, argv, request, r, f));
        });
    }

    private void completeOffload(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv,
                                 ExecutionContext.OffloadRequest request, Object result, Throwable failure) {
        Client client = ctx.clientState();
        if (!client.channel().isActive()) {
            client.blocked(null);
            return;
        }
        if (failure != null) {
            LOG.error("command {} failed off the event loop", cmd.fullName(), failure);
            ctx.environment().stats().unexpectedErrorReplies.increment();
        }
        try {
            runner.call(ctx, cmd, argv, c -> {
                if (failure != null) {
                    c.reply().error("ERR internal error while running '" + cmd.fullName() + "': " + failure);
                } else {
                    request.then().accept(c, result);
                }
            }, false);
        } finally {
            // Whatever happened above, the client is released and its queued commands go on:
            // a client left blocked, or unblocked without being resumed, would wait forever.
            ctx.takeOffloadRequest(); // a second offload from the reply phase is not supported
            client.blocked(null);
            ctx.onUnblocked().run();
        }
        blocking.serveReady();
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
