package io.sockudo.kv.kernel.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The server-wide CLIENT PAUSE state. While a pause is in force, connections hold the commands
 * it covers (every command, or only writes) instead of running them, and register a wake-up
 * here; {@link #unpause} or the end of the pause runs the wake-ups and the connections replay
 * what they held, in order.
 *
 * <p>As in Redis 7.0, a new pause sets the mode and keeps the later of the two end times.
 */
public final class ClientPause {
    /** What a pause holds. */
    public enum Mode {
        /** No pause. */
        NONE,
        /** Commands that write (or may replicate), and EXEC of a transaction holding one. */
        WRITE,
        /** Every command. */
        ALL
    }

    private volatile Mode mode = Mode.NONE;
    private volatile long endMillis;
    private final List<Runnable> waiters = new ArrayList<>();
    /** Told after a pause starts, changes or ends (the command pipeline's PAUSE gate). */
    private volatile Runnable changed = () -> { };

    /** Installs what is told after every start, change and end of a pause (not once, as {@link #onChange}). */
    public void onEveryChange(Runnable listener) {
        this.changed = listener;
    }

    /** Starts or extends a pause until {@code endMillis} (Unix ms). */
    public void pause(Mode newMode, long endMillis) {
        synchronized (this) {
            this.mode = newMode;
            if (endMillis > this.endMillis) {
                this.endMillis = endMillis;
            }
        }
        changed.run();
        // A pause that was narrowed (ALL to WRITE) may release held commands; they re-check.
        wakeAll();
    }

    /** Ends the pause at once (CLIENT UNPAUSE) and releases every held connection. */
    public void unpause() {
        synchronized (this) {
            mode = Mode.NONE;
            endMillis = 0;
        }
        changed.run();
        wakeAll();
    }

    /** True while a pause may be in force (one volatile read: the per-command fast path). */
    public boolean active() {
        return mode != Mode.NONE;
    }

    /** The mode in force at {@code now}; ends an expired pause (and wakes its waiters). */
    public Mode mode(long now) {
        Mode m = mode;
        if (m == Mode.NONE) {
            return m;
        }
        if (now >= endMillis) {
            boolean ended = false;
            synchronized (this) {
                if (mode != Mode.NONE && now >= endMillis) {
                    mode = Mode.NONE;
                    endMillis = 0;
                    ended = true;
                }
            }
            if (ended) {
                changed.run();
                wakeAll();
            }
            return mode;
        }
        return m;
    }

    /** Milliseconds until the current pause ends (0 when none). */
    public long remainingMillis(long now) {
        return mode == Mode.NONE ? 0 : Math.max(0, endMillis - now);
    }

    /** Runs {@code wake} once, when the pause ends or changes. */
    public void onChange(Runnable wake) {
        synchronized (this) {
            waiters.add(wake);
        }
    }

    private void wakeAll() {
        List<Runnable> toRun;
        synchronized (this) {
            if (waiters.isEmpty()) {
                return;
            }
            toRun = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (Runnable r : toRun) {
            r.run();
        }
    }
}
