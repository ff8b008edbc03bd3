package io.sockudo.kv.kernel.commands.transactions;

import io.sockudo.kv.kernel.command.CommandAccess;
import io.sockudo.kv.kernel.client.ConnectionListeners;
import io.sockudo.kv.kernel.command.CommandPipeline;
import io.sockudo.kv.kernel.command.CommandRunner;
import io.sockudo.kv.kernel.command.Rejections;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.keyspace.WriteObservers;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ConnectionListener;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.GatedStage;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;

/**
 * MULTI EXEC DISCARD WATCH UNWATCH, with Redis 7.0's semantics: commands sent after MULTI are
 * queued ({@code +QUEUED}); a command rejected while queuing makes EXEC answer EXECABORT; a
 * watched key written by anyone (or expired, flushed, swapped away) makes EXEC answer a null
 * array; EXEC runs the queue atomically under every shard lock.
 */
public final class TransactionCommands {
    static final String EXECABORT_PREVIOUS = "EXECABORT Transaction discarded because of previous errors.";
    static final String EXECABORT_BECAUSE = "EXECABORT Transaction discarded because of: ";
    static final String ACL_CHANGED = "NOPERM ACLs rules changed between the moment the transaction was accumulated "
            + "and the EXEC call. This command is no longer allowed for the following reason: ";

    /** Why EXEC refuses a queued command the ACL no longer allows, in Redis's words. */
    static String aclReason(long denial) {
        return switch (CommandAccess.reason(denial)) {
            case CommandAccess.DENIED_CMD -> "no permission to execute the command or subcommand";
            case CommandAccess.DENIED_KEY -> "no permission to touch the specified keys";
            case CommandAccess.DENIED_CHANNEL -> "no permission to access one of the channels used as arguments";
            default -> "no permission";
        };
    }

    private TransactionCommands() {
    }

    /**
     * Registers MULTI/EXEC/DISCARD/WATCH/UNWATCH and what transactions hook into: the MULTI stage
     * of the pipeline, the rejection writer and listener (EXECABORT), a write observer (WATCH) and
     * a connection listener (a closed or reset client's transaction is dropped).
     */
    public static void register(Keyspaces keyspaces, CommandRunner runner, CommandPipeline pipeline,
                                Rejections rejections, WriteObservers writeObservers,
                                ConnectionListeners connectionListeners, List<CommandSpec> out) {
        WatchRegistry watches = new WatchRegistry();
        Transactions tx = new Transactions(keyspaces, runner, watches);
        writeObservers.add(watches);
        pipeline.add(CommandPipeline.Stage.MULTI, new MultiQueue());
        rejections.listener(TransactionCommands::flagTransaction);
        rejections.writer(tx::writeRejection);
        connectionListeners.add(new ConnectionListener() {
            @Override
            public void closed(Client client) {
                tx.discard(client);
            }

            @Override
            public void reset(Client client) {
                tx.discard(client);
            }
        });

        out.add(CommandSpec.builder("multi").arity(1)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                        CommandFlag.ALLOW_BUSY)
                .acl("fast", "transaction").group("transactions")
                .summary("Mark the start of a transaction block").since("1.2.0").complexity("O(1)")
                .handler(TransactionCommands::multi).build());
        out.add(CommandSpec.builder("exec").arity(1)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SKIP_SLOWLOG)
                .acl("slow", "transaction").group("transactions")
                // every lock through the runner, which answers BUSY instead of waiting on a long script
                .locksKeyspace()
                .summary("Execute all commands issued after MULTI").since("1.2.0")
                .complexity("Depends on commands in the transaction")
                .handler(tx::exec).build());
        out.add(CommandSpec.builder("discard").arity(1)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                        CommandFlag.ALLOW_BUSY)
                .acl("fast", "transaction").group("transactions")
                .summary("Discard all commands issued after MULTI").since("2.0.0")
                .complexity("O(N), when N is the number of queued commands")
                .handler(tx::discardCommand).build());
        out.add(CommandSpec.builder("watch").arity(-2)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                        CommandFlag.ALLOW_BUSY)
                .keys(1, -1, 1, "RO")
                .acl("fast", "transaction").group("transactions")
                .summary("Watch the given keys to determine execution of the MULTI/EXEC block").since("2.2.0")
                .complexity("O(1) for every key.")
                .args(ArgSpec.key("key", 0).multiple())
                .handler(tx::watch).build());
        out.add(CommandSpec.builder("unwatch").arity(1)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                        CommandFlag.ALLOW_BUSY)
                .acl("fast", "transaction").group("transactions")
                .summary("Forget about all watched keys").since("2.2.0").complexity("O(1)")
                .handler(tx::unwatch).build());
    }

    // ---- what other kernel code may ask about a client's transaction (CLIENT LIST, CLIENT PAUSE) ----

    /** True between MULTI and EXEC/DISCARD. */
    public static boolean inMulti(Client c) {
        return c.transaction() instanceof TransactionState t && t.inMulti;
    }

    /** True when a command queued since MULTI has the denyoom flag (EXEC past maxmemory). */
    public static boolean queuedDenyoom(Client c) {
        return c.transaction() instanceof TransactionState t && t.inMulti && t.queuedDenyoom;
    }

    /** Commands queued, or -1 outside MULTI (CLIENT LIST {@code multi=}). */
    public static int queuedCount(Client c) {
        return c.transaction() instanceof TransactionState t && t.inMulti ? t.queue.size() : -1;
    }

    /** Approximate memory of the queued commands (CLIENT LIST {@code multi-mem=}). */
    public static long queuedBytes(Client c) {
        return c.multiMemory();
    }

    /** A watched key was modified: EXEC will fail (CLIENT LIST flag {@code d}). */
    public static boolean dirty(Client c) {
        return c.transaction() instanceof TransactionState t && t.dirty;
    }

    /** EXEC would run a command that writes (CLIENT PAUSE WRITE holds such an EXEC). */
    public static boolean queuedWrites(Client c) {
        return c.transaction() instanceof TransactionState t && t.inMulti && t.queuedWrites;
    }

    // ---- commands ----

    static TransactionState state(Client c) {
        if (c.transaction() instanceof TransactionState t) {
            return t;
        }
        TransactionState t = new TransactionState();
        c.transaction(t);
        return t;
    }

    static void multi(CommandContext ctx) {
        TransactionState t = state(client(ctx));
        if (t.inMulti) {
            ctx.reply().error("ERR MULTI calls can not be nested");
            return;
        }
        t.inMulti = true;
        client(ctx).hold(Client.HOLD_MULTI, true);
        ctx.reply().ok();
    }

    /** Marks the transaction of a client whose command was rejected while queuing (EXECABORT later). */
    static void flagTransaction(ExecutionContext ctx) {
        if (ctx.clientState().transaction() instanceof TransactionState t && t.inMulti) {
            t.flagged = true;
        }
    }

    static Client client(CommandContext ctx) {
        return ((ExecutionContext) ctx).clientState();
    }

    /** The commands that act at once even inside MULTI, as Redis's processCommand lists them. */
    static boolean runsImmediately(RegisteredCommand cmd) {
        if (cmd.parent() != null) {
            return false;
        }
        return switch (cmd.spec().name()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    /** Queues commands sent inside MULTI (the stage comes after the lookup, arity and auth checks). */
    /** Gated by the client: only a client inside MULTI ({@code Client.HOLD_MULTI}) needs it. */
    static final class MultiQueue implements GatedStage {
        @Override
        public boolean engaged() {
            return false;
        }

        private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        @Override
        public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
            if (!(ctx.clientState().transaction() instanceof TransactionState t) || !t.inMulti) {
                return true;
            }
            if (cmd.hasFlag(CommandFlag.NO_MULTI)) {
                cmd.rejectedCalls.increment();
                t.flagged = true;
                ctx.writer().error("ERR Command not allowed inside a transaction");
                return false;
            }
            if (runsImmediately(cmd)) {
                return true;
            }
            t.queue(cmd, ctx.argv(), cmd.isWrite() || cmd.hasFlag(CommandFlag.MAY_REPLICATE));
            ctx.writer().raw(QUEUED);
            return false;
        }
    }

    /** The handlers that need the databases, the runner and the watch registry. */
    static final class Transactions {
        private final Keyspaces keyspaces;
        private final CommandRunner runner;
        private final WatchRegistry watches;

        Transactions(Keyspaces keyspaces, CommandRunner runner, WatchRegistry watches) {
            this.keyspaces = keyspaces;
            this.runner = runner;
            this.watches = watches;
        }

        /** Drops the queue and the watches of a client (DISCARD, RESET, disconnect, failed EXEC). */
        void discard(Client c) {
            if (c.transaction() instanceof TransactionState t) {
                t.resetMulti();
                c.hold(Client.HOLD_MULTI, false);
                watches.unwatchAll(t);
            }
        }

        void discardCommand(CommandContext ctx) {
            Client c = client(ctx);
            if (!inMulti(c)) {
                ctx.reply().error("ERR DISCARD without MULTI");
                return;
            }
            discard(c);
            ctx.reply().ok();
        }

        void watch(CommandContext ctx) {
            Client c = client(ctx);
            TransactionState t = state(c);
            if (t.inMulti) {
                ctx.reply().error("ERR WATCH inside MULTI is not allowed");
                return;
            }
            int db = c.db();
            for (int i = 1; i < ctx.argc(); i++) {
                byte[] key = ctx.arg(i);
                // Expire the key now if its time has passed: an already-expired key that is then
                // deleted must not count as a change (Redis keeps an "expired" mark for this).
                ctx.db().peek(key);
                watches.watch(t, db, key);
            }
            ctx.reply().ok();
        }

        void unwatch(CommandContext ctx) {
            Client c = client(ctx);
            if (c.transaction() instanceof TransactionState t) {
                watches.unwatchAll(t);
            }
            ctx.reply().ok();
        }

        void exec(CommandContext cctx) {
            ExecutionContext ctx = (ExecutionContext) cctx;
            Client c = ctx.clientState();
            if (!(c.transaction() instanceof TransactionState t) || !t.inMulti) {
                ctx.reply().error("ERR EXEC without MULTI");
                return;
            }
            if (t.flagged) {
                discard(c);
                ctx.reply().error(EXECABORT_PREVIOUS);
                return;
            }
            ShardLocks locks = keyspaces.locks();
            long all = locks.allMask();
            locks.lockMask(all);
            try {
                if (!t.dirty) {
                    // A watched key whose time ran out since WATCH counts as modified: looking it up
                    // expires it, and the expiry marks the transaction.
                    for (int i = 0; i < t.watched.size() && !t.dirty; i++) {
                        WatchedKey w = t.watched.get(i);
                        keyspaces.db(w.db).peek(w.key);
                    }
                }
                if (t.dirty) {
                    discard(c);
                    ctx.reply().nullArray();
                    return;
                }
                watches.unwatchAll(t);
                run(ctx, t);
            } finally {
                locks.unlockMask(all);
                t.resetMulti();
                ctx.clientState().hold(Client.HOLD_MULTI, false);
            }
        }

        private void run(ExecutionContext ctx, TransactionState t) {
            List<TransactionState.Queued> queue = t.queue;
            ctx.reply().array(queue.size());
            ctx.canBlock(false);
            try {
                CommandAccess access = ctx.environment().access();
                for (int i = 0; i < queue.size(); i++) {
                    TransactionState.Queued q = queue.get(i);
                    // The ACL is checked again: the user's rules may have changed since queuing.
                    long denial = access.check(ctx.clientState(), q.command(), q.argv());
                    if (denial != CommandAccess.OK) {
                        access.log(ctx.clientState(), denial, CommandAccess.Context.MULTI, q.command(), q.argv());
                        ctx.reply().error(ACL_CHANGED + aclReason(denial));
                        continue;
                    }
                    runner.call(ctx, q.command(), q.argv());
                }
            } finally {
                ctx.canBlock(true);
                ctx.clearErrored();
            }
        }

        /**
         * Rejections of EXEC itself (arity, NOAUTH...) discard the transaction and answer
         * EXECABORT with the reason, without its {@code ERR} prefix, as Redis's execCommandAbort.
         */
        void writeRejection(ExecutionContext ctx, RegisteredCommand cmd, String error) {
            if (cmd != null && cmd.parent() == null && cmd.spec().name().equals("exec")) {
                discard(ctx.clientState());
                String reason = error.startsWith("ERR ") ? error.substring(4) : error;
                ctx.writer().error(EXECABORT_BECAUSE + reason);
                return;
            }
            ctx.writer().error(error);
        }
    }
}
