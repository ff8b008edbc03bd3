package io.sockudo.kv.kernel.client;

import io.sockudo.kv.kernel.config.ClientOutputBufferLimits;
import io.sockudo.kv.kernel.config.ClientOutputBufferLimits.ClientClass;
import io.sockudo.kv.kernel.config.ClientOutputBufferLimits.Limit;

/**
 * Decides when a client's unsent replies are too many ({@code client-output-buffer-limit}, as
 * Redis's {@code checkClientOutputBufferLimits}) and keeps the figure INFO shows as
 * {@code client_recent_max_output_buffer}.
 *
 * <p>On top of the configured limits, any client whose pending output reaches the
 * {@linkplain #safetyLimit() safety limit} (a quarter of the memory Netty may allocate for
 * buffers) is closed too: Redis lets a client without limits grow until the machine runs out of
 * memory, but a JVM that runs out of buffer memory fails every client, so here only the client
 * that does not read pays.
 */
public final class OutputBufferGuard {
    /** Redis keeps the peak of the last 8 seconds (CLIENTS_PEAK_MEM_USAGE_SLOTS). */
    private static final int SLOTS = 8;

    private volatile ClientOutputBufferLimits limits = ClientOutputBufferLimits.DEFAULTS;
    private final long safetyLimit;
    private final long[] peak = new long[SLOTS];
    private final long[] peakSecond = new long[SLOTS];

    public OutputBufferGuard(long maxBufferMemory) {
        this.safetyLimit = Math.max(64L << 20, maxBufferMemory / 4);
    }

    /** Applies a new value of {@code client-output-buffer-limit} (its CONFIG GET form). */
    public void configure(String shown) {
        limits = ClientOutputBufferLimits.parse(shown);
    }

    public long safetyLimit() {
        return safetyLimit;
    }

    /**
     * Checks a client whose pending output is {@code usedBytes}: true when it must be closed.
     * Reaching the soft limit starts the client's timer; staying at or above it for more than
     * the class's seconds closes it; dropping below resets it (Redis's rules, second resolution).
     * Called on the client's event loop.
     */
    public boolean exceeded(Client c, long usedBytes, long nowMillis) {
        notePeak(usedBytes, nowMillis / 1000);
        if (usedBytes >= safetyLimit) {
            return true;
        }
        Limit l = limits.of(c.outputClass());
        boolean hard = l.hardBytes() != 0 && Long.compareUnsigned(usedBytes, l.hardBytes()) >= 0;
        boolean soft = l.softBytes() != 0 && Long.compareUnsigned(usedBytes, l.softBytes()) >= 0;
        long now = nowMillis / 1000;
        if (soft) {
            if (c.softLimitReachedSecond == 0) {
                c.softLimitReachedSecond = now;
                soft = false; // first time the soft limit is seen reached
            } else if (now - c.softLimitReachedSecond <= l.softSeconds()) {
                soft = false;
            }
        } else {
            c.softLimitReachedSecond = 0;
        }
        return soft || hard;
    }

    /**
     * True when {@code queuedBytes} alone (messages queued for the client, not yet written) reach
     * its class's hard limit or the safety limit: checked when a message is queued, so a
     * subscriber whose event loop is busy cannot make its queue grow without bound.
     */
    public boolean overHardLimit(Client c, long queuedBytes) {
        if (queuedBytes >= safetyLimit) {
            return true;
        }
        long hard = limits.of(c.outputClass()).hardBytes();
        return hard != 0 && Long.compareUnsigned(queuedBytes, hard) >= 0;
    }

    /** True when the current limits can close a client of {@code cls} at all (fast path). */
    public boolean limited(ClientClass cls) {
        Limit l = limits.of(cls);
        return l.hardBytes() != 0 || l.softBytes() != 0;
    }

    private void notePeak(long used, long second) {
        int i = (int) (second % SLOTS);
        // Most calls change nothing (a small reply in a second whose peak is higher): skip the lock
        // then. Within one second a slot's peak only grows, so a peak read as at least used stays
        // so; the one imprecision (a slot being reset for a new second, its new second seen before
        // its new peak) can leave a figure of INFO's client_recent_max_output_buffer low for that
        // second, no limit depends on it. The peak is written before its second to narrow that.
        if (peakSecond[i] == second && used <= peak[i]) {
            return;
        }
        synchronized (peak) {
            if (peakSecond[i] != second) {
                peak[i] = used;
                peakSecond[i] = second;
            } else if (used > peak[i]) {
                peak[i] = used;
            }
        }
    }

    /** INFO {@code client_recent_max_output_buffer}: the largest pending output of the last 8 seconds. */
    public long recentMax(long nowMillis) {
        long now = nowMillis / 1000;
        long max = 0;
        synchronized (peak) {
            for (int i = 0; i < SLOTS; i++) {
                if (now - peakSecond[i] < SLOTS) {
                    max = Math.max(max, peak[i]);
                }
            }
        }
        return max;
    }
}
