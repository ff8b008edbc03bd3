package io.sockudo.kv.kernel.commands.server;

import java.util.function.Consumer;

/** What SHUTDOWN asks of the server (the kernel's shutdown sequence). */
public interface ShutdownControl {
    /** The flags of SHUTDOWN (and of shutdown-on-sigterm/sigint). */
    record Flags(boolean save, boolean nosave, boolean now, boolean force) {
    }

    /**
     * Starts a shutdown, or joins the one in progress. Returns null when it goes ahead: the server
     * stops (nothing is replied), or it waits for lagging replicas first, and {@code onFailed} is
     * called later (from another thread) with the error text if it is aborted or its save fails.
     * Returns the error text when it failed at once (a save error without FORCE).
     */
    String request(Flags flags, Consumer<String> onFailed);

    /** SHUTDOWN ABORT: cancels a shutdown waiting for replicas; false when there is none. */
    boolean abort();
}
