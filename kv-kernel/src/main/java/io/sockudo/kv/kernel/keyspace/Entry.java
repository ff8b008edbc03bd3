package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.KvValue;

/**
 * The object form of a key in the main table (see {@link EntryForm} for the packed form): the key
 * bytes, its hash, its value and its access data. Keys with an expiry use {@link VolatileEntry},
 * which adds the expiry time and the position in the shard's volatile index; keeping those fields
 * out of this class makes a plain entry 32 bytes (12-byte header with compressed class pointers,
 * two references and three ints = 32). Setting or clearing an expiry, or packing and
 * inflating, therefore replaces the entry in its table slot (see {@link Database}); nothing
 * outside one keyspace call may keep an Entry reference except the table and the shard's volatile
 * index, which are both updated.
 */
class Entry {
    final byte[] key;
    final int hash;
    KvValue value;
    /** LRU clock (seconds, 24-bit wrap as in Redis) or LFU counter, depending on policy. */
    int access;
    /**
     * What {@link #value} is accounted for in the byte account while it is not among its shard's
     * pending values, or {@link #UNKNOWN} (then its memoryUsage() is asked again). Kept here so
     * replacing or deleting a value never reads the old value itself: over a large keyspace that
     * was two cache misses per overwrite (the value object and its array). It fits the 4 bytes the
     * object's alignment left free: the entry stays 32 bytes.
     */
    int valueBytes = UNKNOWN;
    static final int UNKNOWN = -1;

    Entry(byte[] key, int hash, KvValue value) {
        this.key = key;
        this.hash = hash;
        this.value = value;
    }

    /** Absolute expiry in Unix ms, or -1 when the key has none. */
    long expireAt() {
        return -1;
    }

    /** A new entry for {@code key}: a {@link VolatileEntry} when {@code expireAt >= 0}. */
    static Entry create(byte[] key, int hash, KvValue value, long expireAt) {
        return expireAt >= 0 ? new VolatileEntry(key, hash, value, expireAt) : new Entry(key, hash, value);
    }
}
