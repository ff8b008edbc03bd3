package io.sockudo.kv.kernel.command;

/**
 * One check or diversion a resolved command passes before it runs, at its place in the
 * {@link CommandPipeline}: protected commands, authentication, client pause, MULTI queuing...
 */
@FunctionalInterface
public interface CommandStage {
    /**
     * @return true to pass the command on to the next stage; false when this stage has taken care
     *         of it (rejected it through {@link Rejections}, queued it, held it)
     */
    boolean admit(ExecutionContext ctx, RegisteredCommand cmd);
}
