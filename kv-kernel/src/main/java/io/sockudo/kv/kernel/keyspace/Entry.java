package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.KvValue;

/**
 * One key of the main table: the key bytes, its value, its expiry and its access data live in the
 * entry itself (no side tables), chained per bucket.
 */
final class Entry {
    final byte[] key;
    final int hash;
    KvValue value;
    /** Absolute expiry in Unix ms, or -1. */
    long expireAt = -1;
    /** LRU clock (seconds, 24-bit wrap as in Redis) or LFU counter, depending on policy. */
    int access;
    /** Position in the shard's volatile index, or -1 when the key has no expiry. */
    int volatileSlot = -1;
    Entry next;

    Entry(byte[] key, int hash, KvValue value) {
        this.key = key;
        this.hash = hash;
        this.value = value;
    }
}
