package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.util.VarHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One shard's lock: reentrant, non-fair, with what {@link ShardLocks} needs of
 * {@link java.util.concurrent.locks.ReentrantLock} (lock, tryLock with and without a time-out,
 * unlock, hasQueuedThreads, isHeldByCurrentThread) and less work on the path every command takes.
 *
 * <p>Why not ReentrantLock: its unlock is a volatile write (a full fence) and, once its wait queue
 * has ever existed (one contention with the cron thread is enough), an atomic read-modify-write
 * on the queue head's status as well. Here taking the lock is one CAS and dropping it is a
 * release store plus a read of the waiter count: nobody is woken, and no fence is paid, unless a
 * thread waits.
 *
 * <p>The price of the fence-free unlock is the classic lost wake-up: an unlocking thread may read
 * {@link #waiters} before a new waiter's increment is visible while that waiter still sees the
 * lock held. A waiter therefore spins briefly before it parks (the unlocking thread's store
 * drains from its store buffer within that time) and parks with a time-out, so a missed wake-up
 * costs at most {@link #PARK_NANOS}, never a hang. Contention is rare by design (one event loop
 * owns most shards' traffic; the cron, the script thread and other event loops meet it seldom).
 */
final class ShardLock {
    private static final VarHandle OWNER = VarHandles.field(MethodHandles.lookup(), "owner", Thread.class);
    private static final VarHandle WAITERS = VarHandles.field(MethodHandles.lookup(), "waiters", int.class);

    /** Spins (re-trying the CAS) before a waiter parks. */
    private static final int SPINS = 128;
    /** The longest a waiter sleeps without a wake-up (bounds the cost of a lost one). */
    private static final long PARK_NANOS = 200_000L;

    /** The holder, null when free. Set by CAS, cleared by a release store. */
    @SuppressWarnings("unused") // accessed through OWNER too
    private volatile Thread owner;
    /** Reentrant holds of {@link #owner}; read and written only by the holder. */
    private int holds;
    /** Threads in {@link #acquire} (spinning or parked): the unlock path reads it to decide whether to wake one. */
    private volatile int waiters;
    private final ConcurrentLinkedQueue<Thread> parked = new ConcurrentLinkedQueue<>();

    /** Takes the lock at once if free or already ours. */
    boolean tryLock() {
        Thread me = Thread.currentThread();
        Thread o = owner;
        if (o == null) {
            if (OWNER.compareAndSet(this, null, me)) {
                holds = 1;
                return true;
            }
            return false;
        }
        if (o == me) {
            holds++;
            return true;
        }
        return false;
    }

    /** Takes the lock, waiting as long as it takes (uninterruptibly, as ReentrantLock.lock). */
    void lock() {
        if (!tryLock()) {
            acquire(Long.MAX_VALUE, false);
        }
    }

    /**
     * Takes the lock waiting at most {@code nanos}.
     *
     * @throws InterruptedException when the thread is interrupted while it waits (as ReentrantLock.tryLock)
     */
    boolean tryLock(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryLock()) {
            return true;
        }
        if (acquire(nanos, true)) {
            return true;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return false;
    }

    void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("shard lock not held by " + Thread.currentThread().getName());
        }
        if (--holds > 0) {
            return;
        }
        OWNER.setRelease(this, null);
        if (waiters != 0) {
            Thread next = parked.peek();
            if (next != null) {
                LockSupport.unpark(next);
            }
        }
    }

    boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /** True when some thread waits (or is about to wait) for this lock. */
    boolean hasQueuedThreads() {
        return waiters != 0;
    }

    /**
     * A waiter giving up may have taken the wake-up meant for another: if the lock is free, the
     * next parked thread is woken so it does not sleep out its time-out.
     */
    private void handOn() {
        if (owner == null) {
            for (Thread t : parked) {
                if (t != Thread.currentThread()) {
                    LockSupport.unpark(t);
                    return;
                }
            }
        }
    }

    /** The slow path: register as a waiter, spin, then park until the lock is ours or time is up. */
    private boolean acquire(long nanos, boolean interruptible) {
        Thread me = Thread.currentThread();
        long deadline = nanos == Long.MAX_VALUE ? 0 : System.nanoTime() + nanos;
        boolean interrupted = false;
        WAITERS.getAndAdd(this, 1);
        try {
            for (int i = 0; i < SPINS; i++) {
                if (tryLock()) {
                    return true;
                }
                Thread.onSpinWait();
            }
            parked.add(me);
            try {
                while (true) {
                    if (tryLock()) {
                        return true;
                    }
                    long wait = PARK_NANOS;
                    if (deadline != 0) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            handOn();
                            return false;
                        }
                        wait = Math.min(wait, left);
                    }
                    LockSupport.parkNanos(this, wait);
                    if (Thread.interrupted()) {
                        if (interruptible) {
                            me.interrupt(); // tryLock(nanos) sees it and throws
                            handOn();
                            return false;
                        }
                        interrupted = true;
                    }
                }
            } finally {
                parked.remove(me);
            }
        } finally {
            WAITERS.getAndAdd(this, -1);
            if (interrupted) {
                me.interrupt();
            }
        }
    }

}
