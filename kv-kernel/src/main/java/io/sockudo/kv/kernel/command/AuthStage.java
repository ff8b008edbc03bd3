package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.client.Authentication;
import io.sockudo.kv.spi.CommandFlag;

/** NOAUTH for a client that has not authenticated, unless the command is {@code no-auth}. */
public final class AuthStage implements GatedStage {
    private final Authentication auth;
    private final Rejections rejections;

    public AuthStage(Authentication auth, Rejections rejections) {
        this.auth = auth;
        this.rejections = rejections;
    }

    /** Never engaged server-wide: a client that has not authenticated holds it ({@code Client.HOLD_AUTH}). */
    @Override
    public boolean engaged() {
        return false;
    }

    @Override
    public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
        if (auth.required() && !ctx.clientState().authenticated() && !cmd.hasFlag(CommandFlag.NO_AUTH)) {
            rejections.reject(ctx, cmd, "NOAUTH Authentication required.");
            return false;
        }
        return true;
    }
}
