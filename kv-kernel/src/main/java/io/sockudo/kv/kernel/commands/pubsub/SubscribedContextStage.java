package io.sockudo.kv.kernel.commands.pubsub;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.GatedStage;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.command.Rejections;

import java.util.Set;

/**
 * A RESP2 client with subscriptions may only run what Redis 7.0 allows in that context: the
 * (P|S)(UN)SUBSCRIBE commands, PING, QUIT and RESET. RESP3 clients run anything: their messages
 * arrive as pushes between replies.
 */
final class SubscribedContextStage implements GatedStage {
    private static final Set<String> ALLOWED = Set.of("subscribe", "ssubscribe", "psubscribe", "unsubscribe",
            "sunsubscribe", "punsubscribe", "ping", "quit", "reset");

    private final Rejections rejections;

    SubscribedContextStage(Rejections rejections) {
        this.rejections = rejections;
    }

    /** Never engaged server-wide: a client with subscriptions holds it ({@code Client.HOLD_SUBSCRIBED}). */
    @Override
    public boolean engaged() {
        return false;
    }

    @Override
    public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
        Client c = ctx.clientState();
        if (c.subscriptions() == 0 || c.protocol() != 2 || ALLOWED.contains(cmd.fullName())) {
            return true;
        }
        rejections.reject(ctx, cmd, "ERR Can't execute '" + cmd.fullName()
                + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
        return false;
    }
}
