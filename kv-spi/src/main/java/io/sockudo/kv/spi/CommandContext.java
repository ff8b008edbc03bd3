package io.sockudo.kv.spi;

/**
 * Everything a {@link CommandHandler} gets: the arguments as bytes, a reply writer in the
 * connection's protocol, the selected database, keyspace notifications, blocking, the clock and
 * the configuration.
 *
 * <p>A context is reused across commands on a connection: never keep a reference after the
 * handler returns.
 */
public interface CommandContext {
    /** Number of arguments, the command name included. */
    int argc();

    /** Argument {@code i} (0 is the command name). The array must not be modified. */
    byte[] arg(int i);

    /** The argument array; only the first {@link #argc()} entries are valid. */
    byte[][] argv();

    /** The reply writer; write exactly one reply per command. */
    ReplyWriter reply();

    /** The selected database. */
    Keyspace db();

    /**
     * Database {@code index}, for commands that cross databases ({@code MOVE}, {@code COPY ... DB}).
     * The kernel locks the command's keys in every database, so access under the same keys is safe.
     */
    Keyspace db(int index);

    /** Number of databases. */
    int databases();

    /** The command clock in Unix milliseconds; fixed for the duration of one command (or script). */
    long now();

    /** The calling client. */
    ClientView client();

    /** Current configuration. */
    ServerConfigView config();

    /** Emits a keyspace event (listeners always; pub/sub per {@code notify-keyspace-events}). */
    void notify(EventClass eventClass, String event, byte[] key);

    /**
     * False inside MULTI/EXEC and scripts, where blocking commands must answer at once as if they
     * had timed out.
     */
    boolean canBlock();

    /**
     * Blocks the client on {@code keys} instead of replying. When one of the keys is written, the
     * kernel runs the same command again for the blocked clients in FIFO order; the handler then
     * either serves and replies or calls {@code block} again, keeping its place. On timeout the
     * kernel replies with a null array.
     *
     * @param timeoutMillis relative timeout; 0 blocks forever
     */
    default void block(byte[][] keys, long timeoutMillis) {
        block(keys, timeoutMillis, null);
    }

    /**
     * Like {@link #block(byte[][], long)} with a custom timeout reply ({@code onTimeout} writes it
     * through the context it receives).
     */
    void block(byte[][] keys, long timeoutMillis, CommandHandler onTimeout);

    /**
     * Like {@link #block(byte[][], long, CommandHandler)}, but when a key is written the command
     * runs again with {@code rerunArgv} instead of the arguments received. XREAD BLOCK uses it to
     * resolve {@code $} once, when it blocks, to the stream's last ID at that moment. The kernel
     * keeps the array: do not modify it afterwards.
     */
    default void block(byte[][] keys, long timeoutMillis, CommandHandler onTimeout, byte[][] rerunArgv) {
        block(keys, timeoutMillis, onTimeout);
    }

    /**
     * True when the kernel is running a blocked command again because one of its keys was written
     * (not on the command's first run). Redis serves a blocked client only from a key of the type
     * it waits for: a blocked BLPOP whose key became a string keeps waiting, while the same BLPOP
     * sent fresh replies WRONGTYPE.
     */
    default boolean isBlockedRetry() {
        return false;
    }

    /**
     * Counts a change to the dataset that does not modify a key's value as WATCH and client-side
     * caching see it (Redis's bare {@code server.dirty++}): creating a stream consumer group,
     * acknowledging a stream entry. The running command is then propagated (AOF, replicas) and
     * counts toward the save points, but watchers of the key are not invalidated. Changes made
     * through {@link Keyspace#modified} or the keyspace's writes are counted already.
     */
    default void dirty() {
    }

    /**
     * Replicates and appends to the AOF {@code argv} instead of the command as received, e.g.
     * {@code SET k v PXAT <abs>} for {@code SET k v EX 10}. Call once per replacement command.
     */
    default void propagateAs(byte[]... argv) {
    }

    /**
     * Locks more keys for the rest of the command, for a write to keys its arguments do not name
     * and that only the data tells (a time series's compaction rules name their destination
     * series inside the value). The command's own keys stay locked; the kernel adds the others
     * in an order that cannot deadlock.
     *
     * <p>Call it before changing anything. Returns true when the command's locks were held
     * throughout, so what it read is still valid. Returns false when the kernel had to release
     * them for a moment to take every lock in order: another command may have run in between,
     * so the handler reads again what it read (typically: look the key up again, recompute the
     * keys, call {@code lockKeys} again until it returns true).
     *
     * <p>A command whose extra keys can be derived from its arguments should declare them in its
     * key specs instead (cluster routing, ACL and COMMAND GETKEYS see only declared keys).
     */
    default boolean lockKeys(byte[]... keys) {
        throw new UnsupportedOperationException("lockKeys is not supported by this context");
    }

    /**
     * Moves the CPU-heavy part of the command off the event loop, as a Redis module blocks its
     * client and works in a thread: {@code work} runs on a background thread, then {@code then}
     * runs back on the client's connection with the command's key locks held again and writes
     * the reply (and may change data: a commit back, after checking that what {@code work}
     * computed from is still current). The client waits meanwhile (its later commands queue
     * behind), and every other client is served.
     *
     * <p>{@code work} runs without any lock: it may only read what the family made safe for a
     * concurrent reader (an immutable snapshot, or the value's own read lock), never the
     * keyspace. The command must not have replied before calling this, and must not reply
     * after it; {@code then} replies exactly once. Inside MULTI/EXEC and scripts (and when
     * {@link #canBlock()} is false) both run at once, in order, on the calling thread.
     *
     * @param work computes a result; an exception it throws becomes an error reply
     * @param then receives the context to reply through and the result
     */
    default <T> void offload(java.util.function.Supplier<T> work,
                             java.util.function.BiConsumer<CommandContext, T> then) {
        throw new UnsupportedOperationException("offload is not supported by this context");
    }
}
