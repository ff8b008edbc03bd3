package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.Hashing;

/**
 * Hash of key bytes for the main table: the SPI's {@link Hashing}, SipHash-1-2 keyed with 128
 * random bits per process, as Redis hashes its dict keys. A keyed PRF, so clients cannot craft
 * keys that land in one bucket (the seeded Murmur3 this replaced had seed-independent
 * multicollisions). The slot hash used for sharding is separate (CRC16, as cluster routing needs).
 */
public final class KeyHash {
    private KeyHash() {
    }

    public static int hash(byte[] key) {
        return Hashing.hash(key);
    }
}
