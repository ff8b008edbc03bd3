package io.sockudo.kv.kernel.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of one database that fall in one group of hash slots: the main table plus an index of
 * the keys that have an expiry, so the active expire cycle samples volatile keys only.
 * Guarded by the {@link ShardLocks} lock of the same index.
 */
final class Shard {
    final KeyTable table = new KeyTable();
    /**
     * While a point-in-time image has not yet walked this shard: where a command sends a key it is
     * about to change or delete for the first time (copy-on-write). Null otherwise.
     */
    ImageSink imageSink;
    private VolatileEntry[] volatiles = new VolatileEntry[8];
    private int volatileCount;

    int volatileCount() {
        return volatileCount;
    }

    void trackExpiry(VolatileEntry e) {
        if (e.volatileSlot >= 0) {
            return;
        }
        if (volatileCount == volatiles.length) {
            volatiles = java.util.Arrays.copyOf(volatiles, volatileCount * 2);
        }
        e.volatileSlot = volatileCount;
        volatiles[volatileCount++] = e;
    }

    /** Removes {@code entry} from the volatile index if it is there (plain entries never are). */
    void untrackExpiry(Entry entry) {
        if (!(entry instanceof VolatileEntry)) {
            return;
        }
        VolatileEntry e = (VolatileEntry) entry;
        int slot = e.volatileSlot;
        if (slot < 0) {
            return;
        }
        VolatileEntry last = volatiles[--volatileCount];
        volatiles[slot] = last;
        last.volatileSlot = slot;
        volatiles[volatileCount] = null;
        e.volatileSlot = -1;
        if (volatiles.length > 64 && volatileCount < volatiles.length / 4) {
            volatiles = java.util.Arrays.copyOf(volatiles, volatiles.length / 2);
        }
    }

    /** A random key with an expiry, or null. */
    VolatileEntry randomVolatile() {
        return volatileCount == 0 ? null : volatiles[ThreadLocalRandom.current().nextInt(volatileCount)];
    }

    void clear() {
        table.clear();
        volatiles = new VolatileEntry[8];
        volatileCount = 0;
    }
}
