package io.sockudo.kv.kernel.keyspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ShardLock}: what ShardLocks relies on (reentrancy, exclusion, time-outs, waiter count). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShardLockTest {
    @Test
    void isReentrantAndFreedByTheLastUnlock() throws Exception {
        ShardLock lock = new ShardLock();
        lock.lock();
        assertTrue(lock.tryLock());
        assertTrue(lock.isHeldByCurrentThread());
        lock.unlock();
        assertTrue(lock.isHeldByCurrentThread());
        assertFalse(otherThreadTakes(lock));
        lock.unlock();
        assertFalse(lock.isHeldByCurrentThread());
        assertTrue(otherThreadTakes(lock));
    }

    @Test
    void unlockByANonHolderFails() {
        ShardLock lock = new ShardLock();
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void tryLockWithATimeOutGivesUpAndCountsAsAWaiterMeanwhile() throws Exception {
        ShardLock lock = new ShardLock();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            lock.lock();
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lock.unlock();
        });
        holder.start();
        held.await();
        assertFalse(lock.tryLock(TimeUnit.MILLISECONDS.toNanos(20)));
        assertFalse(lock.hasQueuedThreads());
        AtomicBoolean got = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            lock.lock();
            got.set(true);
            lock.unlock();
        });
        waiter.start();
        while (!lock.hasQueuedThreads()) {
            Thread.onSpinWait();
        }
        release.countDown();
        waiter.join();
        holder.join();
        assertTrue(got.get());
        assertFalse(lock.hasQueuedThreads());
    }

    @Test
    void anInterruptedTimedWaitThrows() throws Exception {
        ShardLock lock = new ShardLock();
        lock.lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                lock.tryLock(TimeUnit.SECONDS.toNanos(30));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        waiter.start();
        while (!lock.hasQueuedThreads()) {
            Thread.onSpinWait();
        }
        waiter.interrupt();
        waiter.join();
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        lock.unlock();
    }

    @Test
    void anInterruptDoesNotBreakAnUntimedLock() throws Exception {
        ShardLock lock = new ShardLock();
        lock.lock();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            lock.lock();
            stillInterrupted.set(Thread.currentThread().isInterrupted());
            lock.unlock();
        });
        waiter.start();
        while (!lock.hasQueuedThreads()) {
            Thread.onSpinWait();
        }
        waiter.interrupt();
        Thread.sleep(5);
        lock.unlock();
        waiter.join();
        assertTrue(stillInterrupted.get());
    }

    /** Many threads incrementing a plain counter under the lock: no increment is lost, nobody hangs. */
    @Test
    void excludesUnderContention() throws Exception {
        ShardLock lock = new ShardLock();
        int threads = 4;
        int rounds = 50_000;
        long[] counter = new long[1];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        if (id == 0 && (i & 7) == 0) {
                            while (!lock.tryLock(1_000L)) {
                                Thread.onSpinWait();
                            }
                        } else {
                            lock.lock();
                        }
                        counter[0]++;
                        lock.unlock();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertNull(failure.get());
        assertEquals((long) threads * rounds, counter[0]);
        assertFalse(lock.hasQueuedThreads());
    }

    private static boolean otherThreadTakes(ShardLock lock) throws InterruptedException {
        AtomicBoolean got = new AtomicBoolean();
        Thread t = new Thread(() -> {
            if (lock.tryLock()) {
                got.set(true);
                lock.unlock();
            }
        });
        t.start();
        t.join();
        return got.get();
    }
}
