package io.sockudo.kv.kernel.command;

/**
 * What dispatch needs to know about long-running atomic work (a script or function), which runs
 * off the event loops holding every shard lock: whether any is queued or running, and when a
 * command must be refused with BUSY (once the work has run past {@code busy-reply-threshold},
 * for commands not flagged {@code allow-busy}). The scripting subsystem implements it.
 */
public interface BusyGate {
    /** True while a script is queued or running (one volatile read). */
    boolean inFlight();

    /**
     * The error to refuse {@code cmd} with because a script has run too long, or null to let it
     * run (or wait for its locks).
     */
    String busyError(RegisteredCommand cmd, byte[][] argv);

    /** No scripting: nothing is ever in flight. */
    BusyGate NONE = new BusyGate() {
        @Override
        public boolean inFlight() {
            return false;
        }

        @Override
        public String busyError(RegisteredCommand cmd, byte[][] argv) {
            return null;
        }
    };
}
