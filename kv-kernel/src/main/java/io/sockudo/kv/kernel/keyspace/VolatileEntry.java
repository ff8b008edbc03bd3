package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.KvValue;

/**
 * An {@link Entry} of a key that has an expiry: adds the expiry time and the entry's position in
 * its shard's volatile index (48 bytes per object, as every entry used to be).
 */
final class VolatileEntry extends Entry {
    /** Absolute expiry in Unix ms (always &gt;= 0 while the entry is in the table). */
    long expireAt;
    /** Position in the shard's volatile index, or -1 while not tracked. */
    int volatileSlot = -1;

    VolatileEntry(byte[] key, int hash, KvValue value, long expireAt) {
        super(key, hash, value);
        this.expireAt = expireAt;
    }

    @Override
    long expireAt() {
        return expireAt;
    }
}
