package io.sockudo.kv.kernel.util;

/**
 * The wall clock as commands see it, cached: reading the system clock costs tens of nanoseconds
 * on virtual machines, several times per command (expiry checks, LRU stamps, the command time).
 * The connection refreshes it once per read batch (and every few dozen commands within a long
 * batch), the dispatcher refreshes it for commands run outside a batch, and the cron thread
 * refreshes it at every tick, so it is never more than a batch behind. Redis likewise reads
 * a cached time in its command paths.
 */
public final class CommandClock {
    private static volatile long millis = System.currentTimeMillis();

    private CommandClock() {
    }

    /** The cached time in Unix milliseconds. */
    public static long millis() {
        return millis;
    }

    /** Reads the system clock, caches and returns it. */
    public static long refresh() {
        long now = System.currentTimeMillis();
        millis = now;
        return now;
    }
}
