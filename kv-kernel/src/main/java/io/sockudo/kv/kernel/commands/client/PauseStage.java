package io.sockudo.kv.kernel.commands.client;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ClientPause;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.GatedStage;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.commands.transactions.TransactionCommands;
import io.sockudo.kv.spi.CommandFlag;

/**
 * CLIENT PAUSE: marks a command as postponed when the pause covers it; the connection then
 * keeps it, and everything the client sends after it, until the pause ends. What is covered
 * follows redis-server 7.0: with ALL every command (the pausing client's own too); with WRITE,
 * commands flagged write or may-replicate outside MULTI (queuing them inside MULTI is not held),
 * and an EXEC whose queue holds such a command.
 */
final class PauseStage implements GatedStage {
    private final ClientPause pause;

    PauseStage(ClientPause pause) {
        this.pause = pause;
    }

    /** Engaged while a pause is in force (ClientPause tells the pipeline when it starts and ends). */
    @Override
    public boolean engaged() {
        return pause.active();
    }

    @Override
    public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
        if (!pause.active()) {
            return true;
        }
        ClientPause.Mode mode = pause.mode(System.currentTimeMillis());
        if (mode == ClientPause.Mode.NONE) {
            return true;
        }
        Client c = ctx.clientState();
        if (mode == ClientPause.Mode.ALL || coveredByWritePause(c, cmd)) {
            c.postponed(true);
            return false;
        }
        return true;
    }

    static boolean coveredByWritePause(Client c, RegisteredCommand cmd) {
        if (cmd.parent() == null && cmd.spec().name().equals("exec")) {
            return TransactionCommands.queuedWrites(c);
        }
        if (TransactionCommands.inMulti(c)) {
            return false;
        }
        return cmd.isWrite() || cmd.hasFlag(CommandFlag.MAY_REPLICATE);
    }
}
