package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.KvValue;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of one database that fall in one group of hash slots: the main table plus an index of
 * the keys that have an expiry, so the active expire cycle samples volatile keys only.
 * Guarded by the {@link ShardLocks} lock of the same index.
 */
final class Shard {
    final KeyTable table = new KeyTable();
    /** The shard-lock index (the same in every database). */
    final int index;
    /** Bytes this shard's keys are accounted for (see {@link MemoryAccount}). */
    long bytes;
    /** How many of the table's entries are packed ({@link EntryForm}), for INFO's overhead figure. */
    int packed;
    /**
     * Values handed out by write lookups or stored by recent commands, with the size they are
     * accounted for: a family changes such a value in place and then calls {@code modified}, which
     * accounts the difference ({@link Database}). A few slots are enough: a command writes few
     * keys of one shard; the oldest is settled when a new one needs its slot.
     */
    private KvValue[] pendingValues;
    private long[] pendingBytes;
    /**
     * The entry holding each pending value: when the value leaves the pending slots still stored,
     * its entry records what it is now accounted for ({@link Entry#valueBytes}). An entry object
     * replaced while its value is pending (an expiry set or cleared) is replaced here too
     * ({@link #repointPending}).
     */
    private Entry[] pendingEntries;
    private int pendingCount;
    private int pendingNext;
    /**
     * The key argument (by identity) and value of this shard's last write lookup: the
     * {@code modified} call that follows an in-place change (INCR, LPUSH...) finds the value here
     * instead of hashing and probing the table again. A hint only: {@code modified} settles
     * whatever pending slot holds this value, and a value deleted since then has none.
     */
    byte[] lastWriteKey;
    KvValue lastWriteValue;

    Shard(int index) {
        this.index = index;
    }
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

    /** The slot of {@code v} among the pending values, or -1. */
    int pendingSlot(KvValue v) {
        KvValue[] vals = pendingValues;
        for (int i = 0; i < pendingCount; i++) {
            if (vals[i] == v) {
                return i;
            }
        }
        return -1;
    }

    long pendingBytes(int slot) {
        return pendingBytes[slot];
    }

    void pendingBytes(int slot, long b) {
        pendingBytes[slot] = b;
    }

    KvValue pendingValue(int slot) {
        return pendingValues[slot];
    }

    Entry pendingEntry(int slot) {
        return pendingEntries[slot];
    }

    /** Entry {@code from} was replaced by {@code to} (same key and value): a pending slot follows. */
    void repointPending(Entry from, Entry to) {
        Entry[] es = pendingEntries;
        for (int i = 0; i < pendingCount; i++) {
            if (es[i] == from) {
                es[i] = to;
            }
        }
    }

    /** Number of pending slots in use. */
    int pendingCount() {
        return pendingCount;
    }

    static final int PENDING = 8;

    /**
     * A slot for a new pending value: a free one, or the next one in turn, which the caller has
     * settled first ({@link #pendingVictim}).
     */
    int pendingSlotFor(KvValue v, long accounted, Entry holder) {
        if (pendingValues == null) {
            pendingValues = new KvValue[PENDING];
            pendingBytes = new long[PENDING];
            pendingEntries = new Entry[PENDING];
        }
        int slot;
        if (pendingCount < PENDING) {
            slot = pendingCount++;
        } else {
            slot = pendingNext;
            pendingNext = (pendingNext + 1) % PENDING;
        }
        pendingValues[slot] = v;
        pendingBytes[slot] = accounted;
        pendingEntries[slot] = holder;
        return slot;
    }

    /** The slot that {@link #pendingSlotFor} will reuse when all are taken, or -1 while one is free. */
    int pendingVictim() {
        return pendingCount < PENDING ? -1 : pendingNext;
    }

    /** Forgets a pending value (deleted, replaced or moved). */
    void forgetPending(int slot) {
        int last = --pendingCount;
        pendingValues[slot] = pendingValues[last];
        pendingBytes[slot] = pendingBytes[last];
        pendingEntries[slot] = pendingEntries[last];
        pendingValues[last] = null;
        pendingEntries[last] = null;
        if (pendingNext > pendingCount) {
            pendingNext = 0;
        }
    }

    void clear() {
        table.clear();
        lastWriteKey = null;
        lastWriteValue = null;
        bytes = 0;
        packed = 0;
        pendingValues = null;
        pendingBytes = null;
        pendingEntries = null;
        pendingCount = 0;
        pendingNext = 0;
        volatiles = new VolatileEntry[8];
        volatileCount = 0;
    }
}
