package io.sockudo.kv.kernel.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The wall clock as commands see it, cached: reading the system clock costs tens of nanoseconds
 * on virtual machines, several times per command (expiry checks, LRU stamps, the command time).
 * The connection refreshes it once per read batch (and every few dozen commands within a long
 * batch), the dispatcher refreshes it for commands run outside a batch, and the cron thread
 * refreshes it at every tick, so it is never more than a batch behind. Redis likewise reads
 * a cached time in its command paths.
 *
 * <p>While a script runs the clock stands still ({@link #freeze}): as in Redis 7.0, a key cannot
 * expire in the middle of a script, which sees the time it started at throughout. The script holds
 * every shard lock meanwhile, so no other command reads keys by this clock until it ends.
 */
public final class CommandClock {
    private static volatile long millis = System.currentTimeMillis();
    private static volatile boolean frozen;
    private static final VarHandle MILLIS = VarHandles.staticField(MethodHandles.lookup(), "millis", long.class);

    private CommandClock() {
    }

    /** The cached time in Unix milliseconds. */
    public static long millis() {
        return millis;
    }

    /** Reads the system clock, caches and returns it (the frozen time while a script runs). */
    public static long refresh() {
        long now = System.currentTimeMillis();
        while (true) {
            long cur = millis;
            if (frozen || cur == now) {
                // unchanged (most batches: a millisecond holds many): no write, so the event
                // loops refreshing it do not take the cache line from each other
                return cur;
            }
            // a refresh racing with freeze() either lands before freeze sets the time or fails here
            if (MILLIS.compareAndSet(cur, now)) {
                return now;
            }
        }
    }

    /**
     * Stops the clock at the current time until {@link #unfreeze} (a script starts); returns it.
     * Called by one thread at a time (the one running the script, holding every shard lock).
     */
    public static long freeze() {
        frozen = true;
        long now = System.currentTimeMillis();
        millis = now;
        return now;
    }

    /** Lets the clock run again (the script ended). */
    public static void unfreeze() {
        frozen = false;
        refresh();
    }
}
