package io.sockudo.kv.kernel.command;

import io.sockudo.kv.spi.CommandHandler;

/** Clients waiting on keys (the blocking subsystem), as the dispatcher sees them. */
public interface BlockedClients {
    /**
     * Blocks the client of {@code ctx} on {@code keys}.
     *
     * @param resume run on the client's event loop once it is unblocked, to process queued input
     */
    void block(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv, byte[][] keys, long timeoutMillis,
               CommandHandler onTimeout, Runnable resume);

    /** Serves the waiters of every key made ready; called after each top-level command, outside any lock. */
    void serveReady();

    /** How many clients are blocked in a command of {@code module} (MODULE UNLOAD waits for none). */
    int blockedIn(String module);
}
