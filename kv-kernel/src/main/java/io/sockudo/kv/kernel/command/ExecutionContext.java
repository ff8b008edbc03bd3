package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.propagation.PropagationStream;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.spi.ClientView;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.spi.ServerConfigView;

/**
 * The {@link CommandContext} of one connection, reused for every command it sends.
 */
public final class ExecutionContext implements CommandContext {
    private final ExecutionEnvironment env;
    private final Client client;
    private final RespWriter writer;
    byte[][] argv;
    int argc;
    long now;
    RegisteredCommand command;
    /** False while running inside MULTI/EXEC or a script. */
    boolean canBlock = true;
    /** Set by {@link #block}: the blocking request of the command that just ran. */
    BlockRequest blockRequest;
    /** True while the blocking manager re-runs a blocked client's command. */
    private boolean blockedRetry;
    /**
     * True while the connection runs a read batch whose start refreshed {@code CommandClock};
     * commands run outside one (blocked-client service, tests) refresh the clock themselves.
     */
    private boolean inBatch;
    /** While {@link #inBatch}: when the previous command of the batch ended (System.nanoTime). */
    private long lastNanos;
    /** The shard locks the running command holds (its keys', and those {@link #lockKeys} added). */
    long lockedMask;
    /** Set when the current command wrote an error reply. */
    boolean errored;
    /** Run on the connection's event loop when a blocked client is released (set by the connection). */
    private Runnable onUnblocked = () -> { };

    /** What a handler asked for when it called {@link #offload}. */
    public record OffloadRequest(java.util.function.Supplier<?> work,
                                 java.util.function.BiConsumer<CommandContext, Object> then) {
    }

    /** Set by {@link #offload}: the work of the command that just ran, to run off the event loop. */
    OffloadRequest offloadRequest;

    /** What a handler asked for when it called {@link #block}. */
    public record BlockRequest(byte[][] keys, long timeoutMillis, CommandHandler onTimeout, byte[][] rerunArgv) {
    }

    public ExecutionContext(ExecutionEnvironment env, Client client, RespWriter writer) {
        this.env = env;
        this.client = client;
        this.writer = writer;
        writer.errorListener(message -> {
            errored = true;
            env.stats().error(message);
        });
    }

    public Client clientState() {
        return client;
    }

    public RespWriter writer() {
        return writer;
    }

    public ExecutionEnvironment environment() {
        return env;
    }

    /** Whether commands may block; EXEC and scripts turn it off while they replay commands. */
    public void canBlock(boolean value) {
        this.canBlock = value;
    }

    /**
     * Forgets that the current command wrote an error: the errors of commands EXEC replays are
     * counted for those commands, not for EXEC (Redis counts errors once, innermost first).
     */
    public void clearErrored() {
        this.errored = false;
    }

    /** The command being run (for a subcommand, the subcommand). */
    public RegisteredCommand command() {
        return command;
    }

    @Override
    public int argc() {
        return argc;
    }

    @Override
    public byte[] arg(int i) {
        return argv[i];
    }

    @Override
    public byte[][] argv() {
        return argv;
    }

    @Override
    public ReplyWriter reply() {
        return writer;
    }

    @Override
    public Database db() {
        return env.keyspaces().db(client.db());
    }

    @Override
    public Keyspace db(int index) {
        return env.keyspaces().db(index);
    }

    @Override
    public int databases() {
        return env.keyspaces().count();
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public ClientView client() {
        return client;
    }

    @Override
    public ServerConfigView config() {
        return env.config();
    }

    @Override
    public void notify(EventClass eventClass, String event, byte[] key) {
        env.notifier().notify(db(), eventClass, event, key);
    }

    /**
     * Propagation targets the running command forces although it wrote no key (FLUSHALL of an
     * empty server, SWAPDB, PUBLISH to replicas); 0 when none. Saved and restored around nested
     * commands by the runner.
     */
    int forcedTargets;

    /** The running command is propagated even if it wrote no key ({@code targets}: AOF and/or replicas). */
    public void forcePropagation(int targets) {
        forcedTargets |= targets;
    }

    /**
     * Where the commands run through this context may propagate: {@code ALL} for a client; a
     * script narrows it with {@code redis.set_repl} (Redis's {@code PROPAGATE_AOF}/{@code _REPL}
     * call flags), 0 propagating nothing.
     */
    int propagationTargets = io.sockudo.kv.kernel.propagation.PropagatedCommand.ALL;

    /** Sets where the commands run through this context propagate (see {@link #propagationTargets}). */
    public void propagationTargets(int targets) {
        propagationTargets = targets;
    }

    @Override
    public void dirty() {
        env.stats().dirty.increment();
        PropagationStream p = env.propagation();
        if (p.active()) {
            p.countWrite();
        }
    }

    @Override
    public void propagateAs(byte[]... argv) {
        PropagationStream p = env.propagation();
        if (p.active()) {
            p.replace(db().index(), argv, propagationTargets);
        }
    }

    @Override
    public boolean lockKeys(byte[]... keys) {
        long extra = 0;
        for (byte[] k : keys) {
            extra |= 1L << env.keyspaces().locks().shardOf(k);
        }
        boolean kept = env.keyspaces().locks().lockMore(lockedMask, extra);
        lockedMask |= extra;
        return kept;
    }

    /**
     * Locks every shard for the rest of the command (a keyless command that reads the whole
     * dataset, such as DEBUG DIGEST). Like {@link #lockKeys}, false when the command's own locks
     * had to be released for a moment.
     */
    public boolean lockKeyspace() {
        long all = env.keyspaces().locks().allMask();
        boolean kept = env.keyspaces().locks().lockMore(lockedMask, all);
        lockedMask |= all;
        return kept;
    }

    @Override
    public boolean canBlock() {
        return canBlock;
    }

    @Override
    public boolean isBlockedRetry() {
        return blockedRetry;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void offload(java.util.function.Supplier<T> work, java.util.function.BiConsumer<CommandContext, T> then) {
        if (!canBlock || blockedRetry) {
            // MULTI/EXEC, scripts, blocked-client re-runs: the command completes where it is.
            then.accept(this, work.get());
            return;
        }
        offloadRequest = new OffloadRequest(work, (java.util.function.BiConsumer<CommandContext, Object>) then);
    }

    /** Returns and clears the offload request of the command that just ran, or null. */
    OffloadRequest takeOffloadRequest() {
        OffloadRequest r = offloadRequest;
        offloadRequest = null;
        return r;
    }

    /** Returns and clears the blocking request of the command that just ran, or null. */
    public BlockRequest takeBlockRequest() {
        BlockRequest r = blockRequest;
        blockRequest = null;
        return r;
    }

    @Override
    public void block(byte[][] keys, long timeoutMillis, CommandHandler onTimeout) {
        blockRequest = new BlockRequest(keys, timeoutMillis, onTimeout, null);
    }

    @Override
    public void block(byte[][] keys, long timeoutMillis, CommandHandler onTimeout, byte[][] rerunArgv) {
        blockRequest = new BlockRequest(keys, timeoutMillis, onTimeout, rerunArgv);
    }

    // ---- accessors --------------------------------------------------------------------------

    public boolean blockedRetry() {
        return blockedRetry;
    }

    public void blockedRetry(boolean value) {
        this.blockedRetry = value;
    }

    /** Redis's pre_command_oom_state: the MEMORY stage found used memory past the limit it could not evict under. */
    private boolean outOfMemory;

    public boolean outOfMemory() {
        return outOfMemory;
    }

    public void outOfMemory(boolean value) {
        this.outOfMemory = value;
    }

    public boolean inBatch() {
        return inBatch;
    }

    public void inBatch(boolean value) {
        this.inBatch = value;
    }

    public long lastNanos() {
        return lastNanos;
    }

    public void lastNanos(long value) {
        this.lastNanos = value;
    }

    public Runnable onUnblocked() {
        return onUnblocked;
    }

    public void onUnblocked(Runnable value) {
        this.onUnblocked = value;
    }
}
