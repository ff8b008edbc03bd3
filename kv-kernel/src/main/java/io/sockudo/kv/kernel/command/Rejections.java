package io.sockudo.kv.kernel.command;

import java.util.function.Consumer;

/**
 * How a command rejected before it runs (unknown, arity, NOAUTH, protected...) is answered and
 * who hears about it. Transactions install their writer and listener: a command rejected while
 * MULTI queues makes EXEC answer EXECABORT, and a rejected EXEC discards the transaction, as
 * Redis's {@code rejectCommand} does.
 */
public final class Rejections {
    /** Writes the error reply of a rejected command; {@code cmd} is null for an unknown command. */
    public interface Writer {
        void reject(ExecutionContext ctx, RegisteredCommand cmd, String error);

        Writer DEFAULT = (ctx, cmd, error) -> ctx.writer().error(error);
    }

    private volatile Writer writer = Writer.DEFAULT;
    private volatile Consumer<ExecutionContext> listener = c -> { };

    public void writer(Writer w) {
        this.writer = w;
    }

    /** Called for every command rejected before execution. */
    public void listener(Consumer<ExecutionContext> l) {
        this.listener = l;
    }

    /** Rejects {@code cmd} (null when unknown) with {@code error}. */
    public void reject(ExecutionContext ctx, RegisteredCommand cmd, String error) {
        if (cmd != null) {
            cmd.rejectedCalls.increment();
        }
        writer.reject(ctx, cmd, error);
        listener.accept(ctx);
    }

    /** Writes the error without counting or telling the listener (arity of a container, lookup). */
    void writeOnly(ExecutionContext ctx, RegisteredCommand cmd, String error) {
        writer.reject(ctx, cmd, error);
    }

    void notifyRejected(ExecutionContext ctx) {
        listener.accept(ctx);
    }
}
