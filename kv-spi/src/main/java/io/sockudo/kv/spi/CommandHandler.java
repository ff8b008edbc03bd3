package io.sockudo.kv.spi;

/**
 * Executes one command. The kernel has already checked arity, authentication and ACL, and holds
 * the locks of the command's keys: the handler runs atomically with respect to every other
 * command. It must reply exactly once through {@link CommandContext#reply()}, unless it blocks
 * (see {@link CommandContext#block(byte[][], long)}).
 */
@FunctionalInterface
public interface CommandHandler {
    void execute(CommandContext ctx);
}
