package io.sockudo.kv.kernel.commands.transactions;

import java.util.Arrays;

/**
 * A key in a database, as WATCH records it. Mutable only so that a registry stripe can reuse one
 * instance as a lookup probe (never stored) instead of allocating one per write.
 */
final class WatchedKey {
    int db;
    byte[] key;
    int hash;

    WatchedKey(int db, byte[] key) {
        set(db, key, hashOf(db, key));
    }

    WatchedKey() {
    }

    void set(int db, byte[] key, int hash) {
        this.db = db;
        this.key = key;
        this.hash = hash;
    }

    static int hashOf(int db, byte[] key) {
        // client-chosen keys: the keyed hash, so WATCHing crafted keys cannot fill one bucket
        return io.sockudo.kv.spi.Hashing.hash(key) * 31 + db;
    }

    boolean sameAs(int otherDb, byte[] otherKey) {
        return db == otherDb && Arrays.equals(key, otherKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WatchedKey w && w.hash == hash && w.db == db && Arrays.equals(w.key, key);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
