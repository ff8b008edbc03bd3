package io.sockudo.kv.kernel.keyspace;

/**
 * Every database of the server, the shard locks they share and the LRU/LFU clock: what commands,
 * the expire cycle and modules' background work reach data through.
 */
public final class Keyspaces {
    private final Database[] databases;
    private final ShardLocks locks;
    private final LruClock lruClock;
    private final ImageMark images = new ImageMark();
    private final MemoryAccount memory;

    public Keyspaces(int count, ShardLocks locks, LruClock lruClock, KeyspaceHooks hooks) {
        this.locks = locks;
        this.lruClock = lruClock;
        this.memory = new MemoryAccount(locks.count());
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
