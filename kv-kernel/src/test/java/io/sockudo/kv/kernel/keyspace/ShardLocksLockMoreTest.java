package io.sockudo.kv.kernel.keyspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ShardLocks#lockMore}: extra locks taken without breaking the ascending-order rule. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShardLocksLockMoreTest {
    @Test
    void higherShardsAreAddedWhileHoldingTheOthers() {
        ShardLocks locks = new ShardLocks(16);
        locks.lockMask(0b0010);
        assertTrue(locks.lockMore(0b0010, 0b1010_0000));
        locks.unlockMask(0b1010_0010);
    }

    @Test
    void aFreeLowerShardIsTriedAndTakenWithoutReleasing() {
        ShardLocks locks = new ShardLocks(16);
        locks.lockMask(0b1000);
        assertTrue(locks.lockMore(0b1000, 0b0001));
        locks.unlockMask(0b1001);
    }

    @Test
    void aBusyLowerShardMakesItReleaseAndRetakeInOrder() throws Exception {
        ShardLocks locks = new ShardLocks(16);
        CountDownLatch otherHolds = new CountDownLatch(1);
        CountDownLatch mainHolds = new CountDownLatch(1);
        // The other thread holds shard 0 and lets go only once it got shard 3, which the main
        // thread holds until lockMore releases it: so lockMore must find 0 busy and release 3.
        Thread other = new Thread(() -> {
            locks.lockMask(0b0001);
            otherHolds.countDown();
            try {
                mainHolds.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            locks.lock(3);
            locks.unlock(3);
            locks.unlockMask(0b0001);
        });
        other.start();
        otherHolds.await();
        locks.lockMask(0b1000);
        mainHolds.countDown();
        assertFalse(locks.lockMore(0b1000, 0b0001), "shard 3 was released for a moment");
        locks.unlockMask(0b1001);
        other.join();
    }

    @Test
    void twoCommandsCrossingTheirExtraKeysDoNotDeadlock() throws Exception {
        ShardLocks locks = new ShardLocks(16);
        Runnable a = () -> {
            for (int i = 0; i < 20_000; i++) {
                locks.lockMask(0b0001);
                locks.lockMore(0b0001, 0b1000);
                locks.unlockMask(0b1001);
            }
        };
        Runnable b = () -> {
            for (int i = 0; i < 20_000; i++) {
                locks.lockMask(0b1000);
                locks.lockMore(0b1000, 0b0001);
                locks.unlockMask(0b1001);
            }
        };
        Thread t1 = new Thread(a);
        Thread t2 = new Thread(b);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
    }
}
