package io.sockudo.kv.kernel.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every addition from every thread is counted once the threads are done; reset starts from zero. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HotCounterTest {
    @Test
    void countsAcrossManyThreads() throws InterruptedException {
        HotCounter c = new HotCounter();
        // more threads than cells, so the shared fallback is exercised too
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 80; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    c.increment();
                }
                c.add(5);
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(80L * 10_005, c.sum());
        c.reset();
        assertEquals(0, c.sum());
        c.add(3);
        assertEquals(3, c.sum());
    }

    @Test
    void countersCreatedAfterAThreadStartedCountingGrowItsCells() throws InterruptedException {
        HotCounter first = new HotCounter();
        first.add(2);
        java.util.List<HotCounter> later = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            later.add(new HotCounter());
        }
        HotCounter last = later.get(later.size() - 1);
        last.add(7);
        first.add(1);
        Thread other = new Thread(() -> {
            last.add(10);
            first.add(100);
        });
        other.start();
        other.join();
        assertEquals(17, last.sum());
        assertEquals(103, first.sum());
        assertEquals(0, later.get(0).sum());
    }
}
