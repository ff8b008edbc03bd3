package io.sockudo.kv.kernel.keyspace;

/**
 * Every database of the server, the shard locks they share and the LRU/LFU clock: what commands,
 * the expire cycle and modules' background work reach data through.
 */
public final class Keyspaces {
    private final Database[] databases;
    private final ShardLocks locks;
    private final LruClock lruClock;
    private final ImageMark images;
    private final MemoryAccount memory;
    /**
     * Held by a replica's link around each batch of its master's stream it applies (the data and
     * the replication offset move together), and taken by an image's instant before the shard
     * locks: the offset an image records (repl-offset, a sub-replica's start) matches its data.
     */
    private final java.util.concurrent.locks.ReentrantLock streamGate = new java.util.concurrent.locks.ReentrantLock();

    public Keyspaces(int count, ShardLocks locks, LruClock lruClock, KeyspaceHooks hooks) {
        this(count, locks, lruClock, hooks, new ImageMark());
    }

    private Keyspaces(int count, ShardLocks locks, LruClock lruClock, KeyspaceHooks hooks, ImageMark images) {
        this.images = images;
        this.locks = locks;
        this.lruClock = lruClock;
        this.memory = new MemoryAccount(locks);
        this.databases = new Database[count];
        for (int i = 0; i < count; i++) {
            databases[i] = new Database(i, locks, hooks, lruClock, images, memory);
        }
    }

    /**
     * Starts a point-in-time image of every database (BGSAVE, AOF rewrite, a replica's full sync)
     * without copying the dataset: under every shard lock, so no command is half done, it runs
     * {@code atStart} (to record what must match the image, such as the propagation offset),
     * flips the image mark and installs a copy-on-write sink per database. The caller then walks
     * each returned {@link DatabaseImage} to the end (or {@link DatabaseImage#abandon abandons} it)
     * before starting another image: one image at a time.
     */
    public DatabaseImage[] beginImage(java.util.function.IntFunction<ImageSink> copyOnWrite, Runnable atStart) {
        // A thread that already holds shard locks (FLUSHALL's save) must not wait for the gate
        // (the link takes the gate first): it takes it only if free.
        boolean gated;
        if (streamGate.isHeldByCurrentThread() || !locks.anyHeldByCurrentThread()) {
            streamGate.lock();
            gated = true;
        } else {
            gated = streamGate.tryLock();
        }
        try {
            return beginImageLocked(copyOnWrite, atStart);
        } finally {
            if (gated) {
                streamGate.unlock();
            }
        }
    }

    /** See {@link #streamGate}. */
    public java.util.concurrent.locks.ReentrantLock streamGate() {
        return streamGate;
    }

    private DatabaseImage[] beginImageLocked(java.util.function.IntFunction<ImageSink> copyOnWrite, Runnable atStart) {
        long all = locks.allMask();
        locks.lockMask(all);
        try {
            atStart.run();
            images.flip();
            DatabaseImage[] out = new DatabaseImage[databases.length];
            for (int i = 0; i < databases.length; i++) {
                out[i] = databases[i].beginImage(copyOnWrite.apply(i));
            }
            return out;
        } finally {
            locks.unlockMask(all);
        }
    }

    /**
     * Empty databases of the same shape, with locks of their own and no hooks, whose contents can
     * be swapped into these ({@link Database#swapWith}): a replica's swapdb load fills them while
     * the live ones keep serving.
     */
    public Keyspaces scratch() {
        return new Keyspaces(databases.length, new ShardLocks(locks.count()), lruClock, KeyspaceHooks.NONE, images);
    }

    public Database db(int index) {
        return databases[index];
    }

    public int count() {
        return databases.length;
    }

    public ShardLocks locks() {
        return locks;
    }

    /** The dataset's byte account (INFO used_memory, maxmemory). */
    public MemoryAccount memory() {
        return memory;
    }

    public LruClock lruClock() {
        return lruClock;
    }
}
