package io.sockudo.kv.kernel.eviction;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.CommandStage;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.Rejections;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.spi.CommandFlag;

/**
 * The pipeline's MEMORY stage, Redis's {@code processCommand} memory check: when used memory is
 * above the limit, evict first ({@link Evictor#perform}); when that cannot get under it, refuse
 * {@code denyoom} commands with Redis's OOM error — and, inside MULTI, every command but EXEC,
 * DISCARD, QUIT and RESET (queuing takes memory too); EXEC is refused when it queued a denyoom
 * command. Under the limit this costs one sum of the byte account's counters.
 */
public final class MemoryStage implements CommandStage {
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    /** What the stage needs to know of a client's transaction (owned by the transactions commands). */
    public interface Transactions {
        boolean inMulti(Client c);

        /** A command queued since MULTI has the denyoom flag. */
        boolean queuedDenyoom(Client c);
    }

    private final Evictor evictor;
    private final Rejections rejections;
    private final Transactions transactions;

    public MemoryStage(Evictor evictor, Rejections rejections, Transactions transactions) {
        this.evictor = evictor;
        this.rejections = rejections;
        this.transactions = transactions;
    }

    @Override
    public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
        if (!evictor.overLimit()) {
            ctx.outOfMemory(false);
            return true;
        }
        boolean outOfMemory = evictor.perform() == Evictor.Result.FAIL;
        // Scripts check their denyoom commands against the state their EVAL/FCALL started in.
        ctx.outOfMemory(outOfMemory);
        if (!outOfMemory) {
            return true;
        }
        String name = cmd.fullName();
        boolean exec = "exec".equals(name);
        Client c = ctx.clientState();
        boolean reject = cmd.hasFlag(CommandFlag.DENYOOM) || (exec && transactions.queuedDenyoom(c));
        if (!reject && transactions.inMulti(c) && !exec && !"discard".equals(name) && !"quit".equals(name)
                && !"reset".equals(name)) {
            reject = true;
        }
        if (reject) {
            rejections.reject(ctx, cmd, OOM);
            return false;
        }
        return true;
    }
}
