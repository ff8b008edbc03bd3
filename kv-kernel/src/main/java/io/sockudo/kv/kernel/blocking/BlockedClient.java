package io.sockudo.kv.kernel.blocking;

import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.spi.CommandHandler;

import java.util.concurrent.ScheduledFuture;

/**
 * A client waiting on keys: the command to run again when a key is written, the keys, and the
 * timeout. Exactly one of serve / timeout / unblock / disconnect finishes it: each runs while
 * holding this object's monitor and checks {@link #done} first, so an element popped for the
 * client is never lost to a concurrent timeout.
 */
final class BlockedClient {
    final ExecutionContext ctx;
    final RegisteredCommand command;
    final byte[][] argv;
    final int db;
    final BlockingManager.WaitKey[] keys;
    final CommandHandler onTimeout;
    final Runnable resume;
    volatile ScheduledFuture<?> timeoutTask;
    /** Guarded by this object's monitor. */
    boolean done;

    BlockedClient(ExecutionContext ctx, RegisteredCommand command, byte[][] argv, int db,
                  BlockingManager.WaitKey[] keys, CommandHandler onTimeout, Runnable resume) {
        this.ctx = ctx;
        this.command = command;
        this.argv = argv;
        this.db = db;
        this.keys = keys;
        this.onTimeout = onTimeout;
        this.resume = resume;
    }

    synchronized boolean isDone() {
        return done;
    }
}
