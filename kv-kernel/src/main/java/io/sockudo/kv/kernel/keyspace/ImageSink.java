package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.KvValue;

/**
 * Receives the keys of a point-in-time image ({@link DatabaseImage}), each exactly once, as it was
 * when the image started. Called with the key's shard lock held, by the image's saver thread or by
 * a command about to change the key (copy-on-write): so it must be quick and must not take other
 * locks — serialise the value into memory or a buffered file, nothing more.
 */
public interface ImageSink {
    /**
     * @param expireAtMs the key's expiry (Unix ms) or -1
     * @param access     the key's LRU clock or LFU data, as {@link LruClock} reads it
     */
    void entry(byte[] key, KvValue value, long expireAtMs, int access);

    /** A sink that drops everything (an image given up still has to mark every key as visited). */
    ImageSink DISCARD = (key, value, expireAtMs, access) -> {
    };
}
