package io.sockudo.kv.kernel.command;

import java.util.function.BooleanSupplier;

/**
 * A stage that acts only in a server state that is usually off (a replica role, a pause, a
 * failed save, a script in flight...): {@link #engaged} says whether that state holds now. While
 * no gated stage is engaged, no client holds a stage ({@code Client.admissionHolds}) and the
 * command is not {@code protected}, the {@link CommandPipeline} skips the gated stages — so the
 * owner of the state must call {@link CommandPipeline#stateChanged} after every change that may
 * turn {@link #engaged} on or off.
 *
 * <p>A stage whose rejection depends on the client only (AUTH, SUBSCRIBED, MULTI) is gated with a
 * constant {@code false} here: the client's {@code HOLD_*} bits bring it back into play.
 */
public interface GatedStage extends CommandStage {
    /**
     * Whether this stage may act on some command of some client in the server's current state,
     * client-side holds aside. Read by {@link CommandPipeline#stateChanged}, never per command;
     * it may be conservative (true when in doubt) but never false while the stage could act.
     */
    boolean engaged();

    /** A gated stage from a check and its server-side condition. */
    static GatedStage of(BooleanSupplier engaged, CommandStage check) {
        return new GatedStage() {
            @Override
            public boolean engaged() {
                return engaged.getAsBoolean();
            }

            @Override
            public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
                return check.admit(ctx, cmd);
            }
        };
    }
}
