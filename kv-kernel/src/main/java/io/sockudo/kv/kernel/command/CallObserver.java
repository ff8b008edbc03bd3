package io.sockudo.kv.kernel.command;

/**
 * Told around every command the {@link CommandRunner} runs (client commands, commands EXEC
 * replays, commands scripts call), while the command's locks are held: client-side caching
 * remembers the keys a read-only command read. Must be cheap: it runs for every command.
 */
public interface CallObserver {
    /**
     * Whether the observer wants to hear of the next command (client-side caching: someone
     * tracks). Read once per command: a command that began unobserved ends unobserved, and one
     * that began observed ends observed, so before and after always pair up.
     */
    boolean engaged();

    /** Before the handler runs. */
    void beforeCall(ExecutionContext ctx, RegisteredCommand cmd);

    /** After the handler ran (also when it failed), before the locks are released. */
    void afterCall(ExecutionContext ctx, RegisteredCommand cmd, byte[][] argv);
}
