package io.sockudo.kv.kernel.keyspace;

/**
 * Every database of the server, the shard locks they share and the LRU/LFU clock: what commands,
 * the expire cycle and modules' background work reach data through.
 */
public final class Keyspaces {
    private final Database[] databases;
    private final ShardLocks locks;
    private final LruClock lruClock;

    public Keyspaces(int count, ShardLocks locks, LruClock lruClock, KeyspaceHooks hooks) {
        this.locks = locks;
        this.lruClock = lruClock;
        this.databases = new Database[count];
        for (int i = 0; i < count; i++) {
            databases[i] = new Database(i, locks, hooks, lruClock);
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

    public LruClock lruClock() {
        return lruClock;
    }
}
