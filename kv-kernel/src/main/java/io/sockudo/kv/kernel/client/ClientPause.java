package io.sockudo.kv.kernel.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The server-wide pause state. While a pause is in force, connections hold the commands it covers
 * (every command, or only writes) instead of running them, and register a wake-up here;
 * {@link #unpause} or the end of the pause runs the wake-ups and the connections replay what they
 * held, in order.
 *
 * <p>As Redis 7.0, pauses have purposes ({@link Purpose}: CLIENT PAUSE, a SHUTDOWN waiting for
 * replicas, FAILOVER), each with its own mode and end; the pause in force is the strictest of
 * them, and ending one (CLIENT UNPAUSE, SHUTDOWN ABORT) leaves the others in place. For CLIENT
 * PAUSE, a new pause sets the mode and keeps the later of the two end times.
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

    /** Why the server pauses (Redis's pause_purpose). */
    public enum Purpose {
        CLIENT_COMMAND, SHUTDOWN, FAILOVER
    }

    private final Mode[] modes = {Mode.NONE, Mode.NONE, Mode.NONE};
    private final long[] ends = new long[Purpose.values().length];
    /** The pause in force: the strictest purpose's mode (volatile: the per-command fast path). */
    private volatile Mode mode = Mode.NONE;
    /** The earliest end among the purposes in force (when the pause in force may change). */
    private volatile long endMillis;
    private final List<Runnable> waiters = new ArrayList<>();
    /** Told after a pause starts, changes or ends (the command pipeline's PAUSE gate). */
    private volatile Runnable changed = () -> { };

    /** Installs what is told after every start, change and end of a pause (not once, as {@link #onChange}). */
    public void onEveryChange(Runnable listener) {
        this.changed = listener;
    }

    /** CLIENT PAUSE: starts or extends a pause until {@code endMillis} (Unix ms). */
    public void pause(Mode newMode, long endMillis) {
        synchronized (this) {
            int p = Purpose.CLIENT_COMMAND.ordinal();
            modes[p] = newMode;
            if (endMillis > ends[p]) {
                ends[p] = endMillis;
            }
            recompute();
        }
        changed.run();
        // A pause that was narrowed (ALL to WRITE) may release held commands; they re-check.
        wakeAll();
    }

    /** Pauses for {@code purpose} (SHUTDOWN, FAILOVER) until {@link #unpause(Purpose)} or {@code endMillis}. */
    public void pause(Purpose purpose, Mode newMode, long endMillis) {
        synchronized (this) {
            modes[purpose.ordinal()] = newMode;
            ends[purpose.ordinal()] = endMillis;
            recompute();
        }
        changed.run();
        wakeAll();
    }

    /** CLIENT UNPAUSE: ends the CLIENT PAUSE at once (pauses of other purposes stay). */
    public void unpause() {
        unpause(Purpose.CLIENT_COMMAND);
    }

    /** Ends the pause of {@code purpose} and releases the connections it held. */
    public void unpause(Purpose purpose) {
        synchronized (this) {
            modes[purpose.ordinal()] = Mode.NONE;
            ends[purpose.ordinal()] = 0;
            recompute();
        }
        changed.run();
        wakeAll();
    }

    /** The strictest mode among purposes in force, and their earliest end. Under the monitor. */
    private void recompute() {
        Mode m = Mode.NONE;
        long end = Long.MAX_VALUE;
        for (int p = 0; p < modes.length; p++) {
            if (modes[p] != Mode.NONE) {
                if (modes[p].ordinal() > m.ordinal()) {
                    m = modes[p];
                }
                end = Math.min(end, ends[p]);
            }
        }
        endMillis = m == Mode.NONE ? 0 : end;
        mode = m;
    }

    /** True while a pause may be in force (one volatile read: the per-command fast path). */
    public boolean active() {
        return mode != Mode.NONE;
    }

    /** The mode in force at {@code now}; ends expired pauses (and wakes their waiters). */
    public Mode mode(long now) {
        Mode m = mode;
        if (m == Mode.NONE) {
            return m;
        }
        if (now >= endMillis) {
            boolean ended = false;
            synchronized (this) {
                for (int p = 0; p < modes.length; p++) {
                    if (modes[p] != Mode.NONE && now >= ends[p]) {
                        modes[p] = Mode.NONE;
                        ends[p] = 0;
                        ended = true;
                    }
                }
                recompute();
            }
            if (ended) {
                changed.run();
                wakeAll();
            }
            return mode;
        }
        return m;
    }

    /** Milliseconds until the pause in force may end or change (0 when none). */
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
