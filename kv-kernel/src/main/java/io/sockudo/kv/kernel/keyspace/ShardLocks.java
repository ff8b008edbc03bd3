package io.sockudo.kv.kernel.keyspace;

/**
 * The locks of the execution model: lock {@code i} guards shard {@code i} of every database, so a
 * command that touches one key in two databases (MOVE, COPY) needs one lock. Locks are always
 * taken in ascending order, which rules out deadlock. Whole-keyspace commands take them all.
 * Each is a {@link ShardLock} (cheaper to take and drop than a ReentrantLock: see there).
 */
public final class ShardLocks {
    private final ShardLock[] locks;
    private final int mask;

    public ShardLocks(int shards) {
        if (Integer.bitCount(shards) != 1) {
            throw new IllegalArgumentException("shard count must be a power of two: " + shards);
        }
        locks = new ShardLock[shards];
        for (int i = 0; i < shards; i++) {
            locks[i] = new ShardLock();
        }
        mask = shards - 1;
    }

    public int count() {
        return locks.length;
    }

    /**
     * The shard (and lock) index of a key. The dispatcher computes it to lock the key and the
     * keyspace again to find it: a one-entry per-thread cache keyed by the argument array's
     * identity saves the second CRC16 (event-loop threads make the lookup an array index).
     */
    public int shardOf(byte[] key) {
        return RecentSlots.CACHE.get().slot(key) & mask;
    }

    /**
     * {@link #shardOf} for a key seen for the first time (the dispatcher locking a command's
     * arguments): computed without searching the cache first, and remembered for the keyspace.
     */
    public int shardOfNew(byte[] key) {
        return RecentSlots.CACHE.get().remember(key) & mask;
    }

    /**
     * The slots of the last 16 keys this thread looked at, by array identity, newest first
     * (a multi-key command such as MSET locks all its keys before it touches them).
     */
    private static final class RecentSlots {
        private static final int SIZE = 16;
        private static final io.netty.util.concurrent.FastThreadLocal<RecentSlots> CACHE =
                new io.netty.util.concurrent.FastThreadLocal<>() {
                    @Override
                    protected RecentSlots initialValue() {
                        return new RecentSlots();
                    }
                };

        private final byte[][] keys = new byte[SIZE][];
        private final int[] slots = new int[SIZE];
        private int next;

        int slot(byte[] key) {
            int i = next;
            for (int n = 0; n < SIZE; n++) {
                i = (i - 1) & (SIZE - 1);
                if (keys[i] == key) {
                    return slots[i];
                }
            }
            return remember(key);
        }

        int remember(byte[] key) {
            int slot = Slots.slot(key);
            keys[next] = key;
            slots[next] = slot;
            next = (next + 1) & (SIZE - 1);
            return slot;
        }
    }

    public int shardOfSlot(int slot) {
        return slot & mask;
    }

    public void lock(int shard) {
        locks[shard].lock();
    }

    /** Takes lock {@code shard} if it is free or already held by this thread. */
    public boolean tryLock(int shard) {
        return locks[shard].tryLock();
    }

    public void unlock(int shard) {
        locks[shard].unlock();
    }

    /** Locks every shard whose bit is set in {@code bits}, ascending. */
    public void lockMask(long bits) {
        long b = bits;
        while (b != 0) {
            int i = Long.numberOfTrailingZeros(b);
            locks[i].lock();
            b &= b - 1;
        }
    }

    /** Takes every lock of {@code bits} if none is held by another thread; false (nothing held) otherwise. */
    public boolean tryLockMask(long bits) {
        long b = bits;
        long taken = 0;
        while (b != 0) {
            int i = Long.numberOfTrailingZeros(b);
            if (!locks[i].tryLock()) {
                unlockMask(taken);
                return false;
            }
            taken |= 1L << i;
            b &= b - 1;
        }
        return true;
    }

    /**
     * {@link #lockMask} waiting at most {@code timeoutNanos} for each lock; on a time-out the locks
     * taken are released and false returned.
     */
    public boolean lockMask(long bits, long timeoutNanos) {
        long b = bits;
        long taken = 0;
        while (b != 0) {
            int i = Long.numberOfTrailingZeros(b);
            boolean got;
            try {
                got = locks[i].tryLock(timeoutNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got = false;
            }
            if (!got) {
                unlockMask(taken);
                return false;
            }
            taken |= 1L << i;
            b &= b - 1;
        }
        return true;
    }

    /** True when some thread waits for one of the locks (a script yields to it between two runs). */
    public boolean hasWaiters() {
        for (ShardLock l : locks) {
            if (l.hasQueuedThreads()) {
                return true;
            }
        }
        return false;
    }

    public void unlockMask(long bits) {
        long b = bits;
        while (b != 0) {
            int i = 63 - Long.numberOfLeadingZeros(b);
            locks[i].unlock();
            b &= ~(1L << i);
        }
    }

    /**
     * Adds the shards of {@code extra} to a command that holds {@code held} (both masks; the
     * shards of {@code extra} not in {@code held} are taken). Shards above every held one are
     * locked in order; others are tried without waiting, and when one is busy every lock is
     * released and the union retaken in ascending order, so the order rule still rules out
     * deadlock.
     *
     * @return true when {@code held} stayed locked throughout, false when it was released for a moment
     */
    public boolean lockMore(long held, long extra) {
        long add = extra & ~held;
        if (add == 0) {
            return true;
        }
        int highestHeld = held == 0 ? -1 : 63 - Long.numberOfLeadingZeros(held);
        if (Long.numberOfTrailingZeros(add) > highestHeld) {
            lockMask(add);
            return true;
        }
        long taken = 0;
        long b = add;
        while (b != 0) {
            int i = Long.numberOfTrailingZeros(b);
            if (!locks[i].tryLock()) {
                unlockMask(taken);
                unlockMask(held);
                lockMask(held | add);
                return false;
            }
            taken |= 1L << i;
            b &= b - 1;
        }
        return true;
    }

    /**
     * Lock-safety test mode ({@code -Dsockudo.kv.lockCheck=true}): throws when the calling thread
     * does not hold shard {@code shard}'s lock. The keyspace calls it on every table access in that
     * mode, so a command whose declared key positions miss a key it touches fails at once.
     */
    public void checkHeld(int shard) {
        if (!locks[shard].isHeldByCurrentThread()) {
            throw new IllegalStateException("shard " + shard + " of the keyspace touched without holding its lock "
                    + "(a command whose key specs do not name every key it touches?)");
        }
    }

    /** {@link #checkHeld} for every shard (whole-keyspace operations). */
    public void checkAllHeld() {
        for (int i = 0; i < locks.length; i++) {
            checkHeld(i);
        }
    }

    /** True when the calling thread holds any shard lock (a whole-keyspace command that saves, as FLUSHALL). */
    public boolean anyHeldByCurrentThread() {
        for (ShardLock l : locks) {
            if (l.isHeldByCurrentThread()) {
                return true;
            }
        }
        return false;
    }

    /** A mask with every shard's bit. */
    public long allMask() {
        return locks.length == 64 ? -1L : (1L << locks.length) - 1;
    }
}
