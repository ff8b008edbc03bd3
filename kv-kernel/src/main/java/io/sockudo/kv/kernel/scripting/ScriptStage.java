package io.sockudo.kv.kernel.scripting;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.CommandStage;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.command.Rejections;

/**
 * The SCRIPT stage of the pipeline: while a script runs past {@code busy-reply-threshold}, a
 * command not flagged {@code allow-busy} is refused with Redis's BUSY error before it runs or
 * queues (as in Redis's processCommand, so a MULTI being queued is flagged). Before the threshold
 * the command passes and waits for the script's locks when it needs them
 * (see {@link ScriptExecutor}).
 *
 * <p>A client whose scripts are still queued or running sends its next commands after them: a
 * script command joins the queue, any other command waits (the dispatcher has the connection keep
 * it, in order) until the client's last script has replied.
 */
public final class ScriptStage implements CommandStage {
    private final ScriptExecutor executor;
    private final Rejections rejections;

    public ScriptStage(ScriptExecutor executor, Rejections rejections) {
        this.executor = executor;
        this.rejections = rejections;
    }

    @Override
    public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
        Client c = ctx.clientState();
        if (c.detachedCommands() > 0 && executor.busy()) {
            // (other commands already waited in the dispatcher; a script command waits too
            // rather than answer BUSY ahead of the client's queued scripts)
            c.blocked(Client.AWAITING_DETACHED);
            c.requeue(true);
            return false;
        }
        if (!executor.inFlight()) {
            return true;
        }
        String busy = executor.busyError(cmd, ctx.argv());
        if (busy == null) {
            return true;
        }
        rejections.reject(ctx, cmd, busy);
        return false;
    }
}
