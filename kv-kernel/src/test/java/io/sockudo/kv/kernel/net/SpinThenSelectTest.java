package io.sockudo.kv.kernel.net;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.DefaultEventExecutor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpinThenSelectTest {

    /** A clock that moves {@link #step} nanoseconds at every reading, and counts the polls. */
    private static final class Fake implements IntSupplier {
        long now = 1_000_000_000L;
        long step = 500;
        int polls;
        /** The poll (1-based, counted from the last reset) that finds events; 0: none does. */
        int readyAt;

        long tick() {
            now += step;
            return now;
        }

        @Override
        public int get() {
            polls++;
            return readyAt != 0 && polls >= readyAt ? 3 : 0;
        }

        void reset(int readyAt) {
            polls = 0;
            this.readyAt = readyAt;
        }
    }

    private static final long MAX = 20_000;

    private static SpinThenSelect strategy(Fake f, long max) {
        return new SpinThenSelect(() -> max, f::tick);
    }

    @Test
    void offSleepsAtOnce() throws Exception {
        Fake f = new Fake();
        SpinThenSelect s = strategy(f, 0);
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(f, false));
        assertEquals(0, f.polls);
    }

    @Test
    void pendingTasksLookWithoutWaiting() throws Exception {
        Fake f = new Fake();
        f.reset(1);
        assertEquals(3, strategy(f, MAX).calculateStrategy(f, true));
        assertEquals(1, f.polls);
    }

    @Test
    void eventsFoundWhilePollingAreProcessedAtOnce() throws Exception {
        Fake f = new Fake();
        SpinThenSelect s = strategy(f, MAX);
        probeUntilPolling(s, f);
        f.reset(5);
        assertEquals(3, s.calculateStrategy(f, false));
        assertEquals(5, f.polls);
        f.reset(7); // the budget stays whole after a poll that paid
        assertEquals(3, s.calculateStrategy(f, false));
    }

    @Test
    void theLoopStopsPollingWhenPollsFindNothingMoreOftenThanNot() throws Exception {
        Fake f = new Fake();
        SpinThenSelect s = strategy(f, MAX);
        probeUntilPolling(s, f); // one poll that paid
        for (int i = 0; i < 2; i++) {
            f.reset(2);
            assertEquals(3, s.calculateStrategy(f, false));
        }
        int[] polls = new int[5];
        for (int i = 0; i < polls.length; i++) {
            f.reset(0);
            assertEquals(SelectStrategy.SELECT, s.calculateStrategy(f, false));
            polls[i] = f.polls;
        }
        // three paid polls pay for three that find nothing (20 µs of 500 ns polls each); then it sleeps at once
        assertArrayEquals(new int[]{40, 40, 40, 0, 0}, polls);
        // as many paid polls as unpaid ones, after one more that paid, keep it going
        probeUntilPolling(s, f);
        f.reset(4);
        assertEquals(3, s.calculateStrategy(f, false));
        for (int i = 0; i < 100; i++) {
            f.reset(0);
            assertEquals(SelectStrategy.SELECT, s.calculateStrategy(f, false));
            assertEquals(40, f.polls);
            f.reset(4);
            assertEquals(3, s.calculateStrategy(f, false));
            assertEquals(4, f.polls, "still polling after " + i + " rounds");
        }
    }

    @Test
    void aLoopThatSleptProbesOnceEveryFewSleeps() throws Exception {
        Fake f = new Fake();
        SpinThenSelect s = strategy(f, MAX);
        f.reset(0);
        for (int i = 1; i < SpinThenSelect.PROBE_EVERY; i++) {
            assertEquals(SelectStrategy.SELECT, s.calculateStrategy(f, false));
        }
        assertEquals(0, f.polls, "no polling while the loop has no reason to");
        f.reset(30);
        assertEquals(3, s.calculateStrategy(f, false), "the probe polls with the whole budget");
        f.reset(30);
        assertEquals(3, s.calculateStrategy(f, false), "and polling goes on after a probe that paid");
    }

    @Test
    void pollingTakesAtMostItsShareOfEveryWindow() throws Exception {
        Fake f = new Fake();
        SpinThenSelect s = strategy(f, MAX);
        probeUntilPolling(s, f);
        long start = f.now;
        long polled = 0;
        // events always come just before the budget ends: polling pays every time, so only the
        // window's cap can stop it
        while (f.now - start < SpinThenSelect.WINDOW_NANOS - 100_000) {
            f.reset(38);
            long before = f.now;
            int r = s.calculateStrategy(f, false);
            if (r > 0) {
                polled += f.now - before - f.step; // the strategy's first reading starts its poll
            }
            f.now += 5_000; // the loop's work between waits
        }
        assertTrue(polled <= SpinThenSelect.WINDOW_SPIN_NANOS + MAX, "polled " + polled + " ns");
        assertTrue(polled >= SpinThenSelect.WINDOW_SPIN_NANOS - MAX, "polled " + polled + " ns");
    }

    @Test
    void aTaskHandedToTheLoopEndsThePoll() throws Exception {
        DefaultEventExecutor loop = new DefaultEventExecutor();
        try {
            int[] result = loop.submit(() -> {
                Fake f = new Fake();
                SpinThenSelect s = strategy(f, MAX);
                probeUntilPolling(s, f);
                IntSupplier handsATask = () -> {
                    if (++f.polls == 3) {
                        loop.execute(() -> { }); // as another thread's task would be queued
                    }
                    return 0;
                };
                f.polls = 0;
                int r = s.calculateStrategy(handsATask, false);
                return new int[]{r, f.polls};
            }).get(10, TimeUnit.SECONDS);
            assertEquals(0, result[0], "the loop runs its tasks (no events) instead of sleeping");
            assertEquals(3, result[1], "right after the task arrived");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    /** Sleeps until the next probe, which finds events: the strategy polls from then on. */
    private static void probeUntilPolling(SpinThenSelect s, Fake f) throws Exception {
        for (int i = 0; i < SpinThenSelect.PROBE_EVERY; i++) {
            f.reset(1);
            int r = s.calculateStrategy(f, false);
            if (r > 0) {
                assertEquals(1, f.polls);
                return;
            }
            assertEquals(0, f.polls, "no polling while the loop has no reason to");
        }
        throw new AssertionError("no probe in " + SpinThenSelect.PROBE_EVERY + " sleeps");
    }
}
