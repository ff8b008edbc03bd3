package io.sockudo.kv.kernel.net;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

import java.util.function.LongSupplier;

/**
 * How an event loop waits for work: while its recent polls found work, it first polls its sockets
 * without blocking (epoll_wait with a zero timeout) for up to {@code event-loop-spin-us}, and only
 * then sleeps in epoll_wait.
 *
 * <p>Why: a loop that sleeps must be woken by the kernel for the next request, and the waking is
 * paid by both sides: by the client, whose send wakes the loop's thread (on a virtual machine an
 * interrupt to an idle CPU: it was a tenth of redis-benchmark's CPU time against sockudo-kv at
 * {@code -P 1}), and by the loop, which goes through the scheduler twice. A loop that is idle
 * between short gaps (which a faster server is more often than a slower one) paid it per request.
 * Polling for a few microseconds catches the next request in those gaps without either cost.
 *
 * <p>What it costs is bounded three ways: the budget itself (a waiter that polls about as long as
 * a sleep and a wake-up cost, then sleeps, spends at most twice what the best choice would); a
 * credit of polls that paid against polls that did not, so a loop stops polling when fewer than
 * about half of its polls find work (a lightly loaded server sleeps at once again, with one probe
 * every {@link #PROBE_EVERY} sleeps to notice when the load comes back); and at most a quarter of
 * the loop's wall time spent polling in any {@link #WINDOW_NANOS}. Between polls the loop yields
 * its core, so where processes outnumber cores the polling takes no time from the one that waits
 * for the core (PUBLISH with a subscriber process at {@code -P 1}: with a busy pause instead of a
 * yield, polling cost 5-16 % of the requests per second). Tasks other threads hand the loop while
 * it polls (an offloaded command's reply, a delivery from another loop) end the poll at once:
 * Netty does not wake a loop that is awake, so the poll looks at the loop's task queue itself.
 * The figures are in docs/benchmarks.md ("Polling before sleeping").
 *
 * <p>One instance per event loop, used only by its thread.
 */
final class SpinThenSelect implements SelectStrategy {
    /** The window over which polling time is capped. */
    static final long WINDOW_NANOS = 10_000_000;
    /** Polling time allowed per window: a quarter of it. */
    static final long WINDOW_SPIN_NANOS = WINDOW_NANOS / 4;
    /** After polling stopped paying, every this many sleeps one poll probes again. */
    static final int PROBE_EVERY = 32;
    /** How many paid polls a run of unpaid ones can use up before the loop stops polling. */
    static final int MAX_CREDIT = 8;
    /** A budget below this is not worth a poll: the loop sleeps at once. */
    static final long MIN_SPIN_NANOS = 1_000;

    private final LongSupplier maxSpinNanos;
    private final LongSupplier clock;
    /**
     * Polls that paid minus polls that did not, at most {@link #MAX_CREDIT}: the loop polls while
     * it is positive, i.e. while more than about half of its recent polls found work.
     */
    private int credit;
    private int sleepsSinceProbe;
    private long windowStart;
    private long windowSpent;
    /** The event loop this strategy waits for, found on first use (null outside one, as in tests). */
    private SingleThreadEventExecutor loop;
    private boolean loopLooked;

    /** @param maxSpinNanos the configured budget, read at every wait (0 turns polling off) */
    SpinThenSelect(LongSupplier maxSpinNanos) {
        this(maxSpinNanos, System::nanoTime);
    }

    SpinThenSelect(LongSupplier maxSpinNanos, LongSupplier clock) {
        this.maxSpinNanos = maxSpinNanos;
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        if (hasTasks) {
            return selectNow.get(); // Netty's own rule: tasks are waiting, so look and run them
        }
        long budget = maxSpinNanos.getAsLong();
        if (budget < MIN_SPIN_NANOS) {
            return SelectStrategy.SELECT;
        }
        if (credit <= 0) {
            if (++sleepsSinceProbe < PROBE_EVERY) {
                return SelectStrategy.SELECT;
            }
            sleepsSinceProbe = 0;
        }
        long start = clock.getAsLong();
        if (start - windowStart >= WINDOW_NANOS) {
            windowStart = start;
            windowSpent = 0;
        }
        budget = Math.min(budget, WINDOW_SPIN_NANOS - windowSpent);
        if (budget < MIN_SPIN_NANOS) {
            return SelectStrategy.SELECT;
        }
        long now;
        do {
            int ready = selectNow.get();
            now = clock.getAsLong();
            if (ready > 0 || tasksWaiting()) {
                windowSpent += now - start;
                credit = Math.min(credit + 1, MAX_CREDIT);
                return ready;
            }
            // not a busy pause: another runnable thread on this core (the client, on a machine with
            // fewer cores than busy processes) runs first; on an idle core this returns at once
            Thread.yield();
        } while (now - start < budget);
        windowSpent += now - start;
        credit = Math.max(credit - 1, 0);
        return SelectStrategy.SELECT;
    }

    /** True when another thread handed the loop a task since the poll began. */
    private boolean tasksWaiting() {
        if (!loopLooked) {
            loopLooked = true;
            EventExecutor e = ThreadExecutorMap.currentExecutor();
            loop = e instanceof SingleThreadEventExecutor s ? s : null;
        }
        return loop != null && loop.pendingTasks() > 0;
    }
}
