package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.Hashing;
import io.sockudo.kv.spi.HeapArrays;

import java.util.Arrays;

/**
 * Member to score map of the big encoding: open addressing with linear probing over a
 * {@code byte[][]} of members with parallel arrays of scores and member hashes, so an entry costs
 * three array slots and no object of its own. The stored hashes spare re-reading member bytes
 * when probing, deleting (later entries of the probe run shift back: no tombstones) and resizing.
 * The table doubles at 3/4 load and halves below 1/8.
 */
final class ZScoreIndex {
    private static final int MIN_CAPACITY = 16;

    private byte[][] keys;
    private double[] scores;
    private int[] hashes;
    private int size;
    private int mask;

    ZScoreIndex(int expected) {
        int cap = MIN_CAPACITY;
        while (cap * 3L / 4 < expected) {
            cap <<= 1;
        }
        keys = new byte[cap][];
        scores = new double[cap];
        hashes = new int[cap];
        mask = cap - 1;
    }

    private ZScoreIndex(ZScoreIndex o) {
        keys = o.keys.clone();
        scores = o.scores.clone();
        hashes = o.hashes.clone();
        size = o.size;
        mask = o.mask;
    }

    int size() {
        return size;
    }

    /** The hash of a member: SipHash-1-2 with the process key (the SPI's {@link Hashing}), against hash flooding. */
    static int hash(byte[] k) {
        return Hashing.hash(k);
    }

    private int slotOf(byte[] k) {
        return slotOf(k, hash(k));
    }

    private int slotOf(byte[] k, int h) {
        int i = h & mask;
        byte[][] ks = keys;
        int[] hs = hashes;
        while (true) {
            byte[] e = ks[i];
            if (e == null) {
                return -1 - i;
            }
            if (e == k || (hs[i] == h && Arrays.equals(e, k))) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** The score, or NaN when absent. */
    double get(byte[] k) {
        int s = slotOf(k);
        return s >= 0 ? scores[s] : Double.NaN;
    }

    /** The stored member array equal to {@code k}, or null. */
    byte[] storedKey(byte[] k) {
        int s = slotOf(k);
        return s >= 0 ? keys[s] : null;
    }

    /** Inserts or replaces. */
    void put(byte[] k, double score) {
        int h = hash(k);
        int s = slotOf(k, h);
        if (s >= 0) {
            scores[s] = score;
            return;
        }
        if ((size + 1) * 4L > keys.length * 3L) {
            resize(keys.length << 1);
            s = slotOf(k, h);
        }
        int i = -1 - s;
        keys[i] = k;
        scores[i] = score;
        hashes[i] = h;
        size++;
    }

    boolean remove(byte[] k) {
        int i = slotOf(k);
        if (i < 0) {
            return false;
        }
        // backward-shift deletion keeps every probe run contiguous
        byte[][] ks = keys;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            byte[] e = ks[j];
            if (e == null) {
                break;
            }
            int home = hashes[j] & mask;
            // move e into the hole at i unless its home lies cyclically in (i, j]
            boolean inRange = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!inRange) {
                ks[i] = e;
                scores[i] = scores[j];
                hashes[i] = hashes[j];
                i = j;
            }
        }
        ks[i] = null;
        size--;
        if (keys.length > MIN_CAPACITY && size * 8L < keys.length) {
            resize(keys.length >> 1);
        }
        return true;
    }

    private void resize(int cap) {
        byte[][] oldKeys = keys;
        double[] oldScores = scores;
        int[] oldHashes = hashes;
        keys = new byte[cap][];
        scores = new double[cap];
        hashes = new int[cap];
        mask = cap - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            byte[] k = oldKeys[i];
            if (k != null) {
                int h = oldHashes[i];
                int j = h & mask;
                while (keys[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = k;
                scores[j] = oldScores[i];
                hashes[j] = h;
            }
        }
    }

    long memoryUsage() {
        // three tables sized by the member count: humongous (whole G1 regions) when big
        return 40 + HeapArrays.cost(keys.length, 4) + HeapArrays.cost(scores.length, 8) + HeapArrays.cost(hashes.length, 4);
    }

    ZScoreIndex copy() {
        return new ZScoreIndex(this);
    }

    /**
     * One step of a SCAN with Redis's reverse-binary cursor over home buckets: visits the entries
     * whose home bucket is the cursor's, so an entry present for the whole scan is seen at least
     * once even if the table resizes between steps. Returns the next cursor (0 when done).
     */
    long scan(long cursor, ZVisitor v) {
        int m = mask;
        int b = (int) (cursor & m);
        int i = b;
        while (keys[i] != null) {
            byte[] k = keys[i];
            if ((hashes[i] & m) == b) {
                v.visit(k, 0, k.length, scores[i]);
            }
            i = (i + 1) & m;
        }
        cursor |= ~(long) m;
        cursor = Long.reverse(cursor);
        cursor++;
        return Long.reverse(cursor);
    }

    /** Visits every entry in table order. */
    void forEach(ZVisitor v) {
        byte[][] ks = keys;
        for (int i = 0; i < ks.length; i++) {
            byte[] k = ks[i];
            if (k != null) {
                v.visit(k, 0, k.length, scores[i]);
            }
        }
    }
}
