package io.sockudo.kv.kernel.eviction;

import java.util.Arrays;

/**
 * Redis's eviction pool ({@code EVPOOL_SIZE} 16): the best candidates seen by the sampling rounds
 * so far, kept sorted by score (the higher, the better to evict: idle time, 255 minus the LFU
 * counter, or the inverse of the expiry time). Each round adds a few sampled keys; eviction takes
 * the best one that still exists. Keeping candidates across rounds is what makes a handful of
 * samples approximate true LRU/LFU/TTL order well. Used under the evictor's monitor.
 */
final class EvictionPool {
    static final int SIZE = 16;

    private final int[] dbs = new int[SIZE];
    private final byte[][] keys = new byte[SIZE][];
    private final long[] scores = new long[SIZE];
    /** Entries 0..count-1, ascending by score: the best candidate is the last. */
    private int count;

    /**
     * Offers a sampled key (the entry's own key array, kept by reference until evicted or
     * dropped); kept if the pool has room or it beats the worst candidate.
     */
    void offer(int db, byte[] key, long score) {
        // A key sampled again is the same array (the entry's own key): identity is enough.
        for (int i = 0; i < count; i++) {
            if (keys[i] == key && dbs[i] == db) {
                scores[i] = score;
                resort(i);
                return;
            }
        }
        int pos = 0;
        while (pos < count && scores[pos] < score) {
            pos++;
        }
        if (count == SIZE) {
            if (pos == 0) {
                return; // worse than every candidate of a full pool
            }
            // drop the worst (index 0) and shift down to make room at pos - 1
            System.arraycopy(dbs, 1, dbs, 0, pos - 1);
            System.arraycopy(keys, 1, keys, 0, pos - 1);
            System.arraycopy(scores, 1, scores, 0, pos - 1);
            pos--;
        } else {
            System.arraycopy(dbs, pos, dbs, pos + 1, count - pos);
            System.arraycopy(keys, pos, keys, pos + 1, count - pos);
            System.arraycopy(scores, pos, scores, pos + 1, count - pos);
            count++;
        }
        dbs[pos] = db;
        keys[pos] = key;
        scores[pos] = score;
    }

    private void resort(int i) {
        int db = dbs[i];
        byte[] key = keys[i];
        long score = scores[i];
        removeAt(i);
        offer(db, key, score);
    }

    private void removeAt(int i) {
        System.arraycopy(dbs, i + 1, dbs, i, count - i - 1);
        System.arraycopy(keys, i + 1, keys, i, count - i - 1);
        System.arraycopy(scores, i + 1, scores, i, count - i - 1);
        count--;
        keys[count] = null;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The best candidate's database (call only when not empty). */
    int bestDb() {
        return dbs[count - 1];
    }

    byte[] bestKey() {
        return keys[count - 1];
    }

    /** Forgets the best candidate (evicted, or gone). */
    void popBest() {
        removeAt(count - 1);
    }

    /** Forgets every candidate of database {@code db} (FLUSHDB, SWAPDB make them stale). */
    void clear() {
        Arrays.fill(keys, null);
        count = 0;
    }

    int size() {
        return count;
    }
}
