package io.sockudo.kv.kernel.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A chained hash table of {@link Entry} that grows and shrinks incrementally, as Redis's dict
 * does: while resizing, two bucket arrays coexist and every operation moves a few buckets, so no
 * single command pays for a whole rehash. {@link #scan} uses Redis's reverse-binary cursor, which
 * visits every entry present for the whole iteration at least once across resizes.
 */
final class KeyTable {
    private static final int INITIAL = 4;
    private static final int EMPTY_VISITS = 10;

    private Entry[] t0 = new Entry[INITIAL];
    private Entry[] t1;
    /** Next bucket of t0 to move into t1, or -1 when not rehashing. */
    private int rehashIdx = -1;
    private int size;

    int size() {
        return size;
    }

    private boolean rehashing() {
        return rehashIdx >= 0;
    }

    Entry find(byte[] key, int hash) {
        if (size == 0) {
            return null;
        }
        if (rehashing()) {
            rehashStep();
        }
        Entry e = t0[hash & (t0.length - 1)];
        for (; e != null; e = e.next) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                return e;
            }
        }
        if (t1 != null) {
            for (e = t1[hash & (t1.length - 1)]; e != null; e = e.next) {
                if (e.hash == hash && Arrays.equals(e.key, key)) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Adds an entry whose key is known to be absent. */
    void insert(Entry e) {
        if (rehashing()) {
            rehashStep();
        } else {
            growIfNeeded();
        }
        Entry[] t = t1 != null ? t1 : t0;
        int b = e.hash & (t.length - 1);
        e.next = t[b];
        t[b] = e;
        size++;
    }

    Entry remove(byte[] key, int hash) {
        if (size == 0) {
            return null;
        }
        if (rehashing()) {
            rehashStep();
        }
        Entry removed = removeFrom(t0, key, hash);
        if (removed == null && t1 != null) {
            removed = removeFrom(t1, key, hash);
        }
        if (removed != null) {
            size--;
            if (!rehashing()) {
                shrinkIfNeeded();
            }
        }
        return removed;
    }

    /**
     * Puts {@code repl} (same key and hash) in the place of {@code old} in its bucket chain, when
     * an expiry is set or cleared and the entry changes class. Does not count as an operation for
     * the incremental rehash: the caller has just looked the key up.
     */
    void replace(Entry old, Entry repl) {
        if (!replaceIn(t0, old, repl) && t1 != null) {
            replaceIn(t1, old, repl);
        }
    }

    private static boolean replaceIn(Entry[] t, Entry old, Entry repl) {
        int b = old.hash & (t.length - 1);
        Entry prev = null;
        for (Entry e = t[b]; e != null; prev = e, e = e.next) {
            if (e == old) {
                repl.next = old.next;
                if (prev == null) {
                    t[b] = repl;
                } else {
                    prev.next = repl;
                }
                old.next = null;
                return true;
            }
        }
        return false;
    }

    private static Entry removeFrom(Entry[] t, byte[] key, int hash) {
        int b = hash & (t.length - 1);
        Entry prev = null;
        for (Entry e = t[b]; e != null; prev = e, e = e.next) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                if (prev == null) {
                    t[b] = e.next;
                } else {
                    prev.next = e.next;
                }
                e.next = null;
                return e;
            }
        }
        return null;
    }

    void clear() {
        t0 = new Entry[INITIAL];
        t1 = null;
        rehashIdx = -1;
        size = 0;
    }

    private void growIfNeeded() {
        if (size >= t0.length) {
            startResize(t0.length * 2);
        }
    }

    private void shrinkIfNeeded() {
        if (t0.length > INITIAL && size * 8 < t0.length) {
            int target = INITIAL;
            while (target < size) {
                target <<= 1;
            }
            if (target < t0.length) {
                startResize(target);
            }
        }
    }

    private void startResize(int capacity) {
        t1 = new Entry[capacity];
        rehashIdx = 0;
    }

    /** Moves one non-empty bucket (visiting at most a few empty ones) from t0 to t1. */
    private void rehashStep() {
        int emptyVisits = EMPTY_VISITS;
        Entry[] from = t0;
        Entry[] to = t1;
        int mask = to.length - 1;
        while (rehashIdx < from.length && from[rehashIdx] == null) {
            rehashIdx++;
            if (--emptyVisits == 0) {
                break;
            }
        }
        if (rehashIdx < from.length && from[rehashIdx] != null) {
            Entry e = from[rehashIdx];
            while (e != null) {
                Entry next = e.next;
                int b = e.hash & mask;
                e.next = to[b];
                to[b] = e;
                e = next;
            }
            from[rehashIdx] = null;
            rehashIdx++;
        }
        if (rehashIdx >= from.length) {
            t0 = to;
            t1 = null;
            rehashIdx = -1;
        }
    }

    // ---- bulk load: no command runs, so resizes happen at once instead of a bucket at a time ----

    /**
     * Makes room for {@code expected} entries in all (a file's RESIZEDB hint): grows the bucket
     * array now, moving what is there in one pass, so the load that follows never rehashes.
     */
    void reserve(int expected) {
        finishRehash();
        int capacity = t0.length;
        while (capacity < expected && capacity < (1 << 30)) {
            capacity <<= 1;
        }
        if (capacity > t0.length) {
            startResize(capacity);
            finishRehash();
        }
    }

    /** Completes a resize in progress at once. */
    void finishRehash() {
        if (!rehashing()) {
            return;
        }
        Entry[] from = t0;
        Entry[] to = t1;
        int mask = to.length - 1;
        for (int i = rehashIdx; i < from.length; i++) {
            for (Entry e = from[i]; e != null; ) {
                Entry next = e.next;
                int b = e.hash & mask;
                e.next = to[b];
                to[b] = e;
                e = next;
            }
            from[i] = null;
        }
        t0 = to;
        t1 = null;
        rehashIdx = -1;
    }

    /**
     * Adds {@code e} unless its key is there (then returns the entry holding it and adds nothing):
     * the load's one lookup per key. Grows at once when full.
     */
    Entry insertIfAbsent(Entry e) {
        if (rehashing()) {
            finishRehash();
        }
        Entry[] t = t0;
        int b = e.hash & (t.length - 1);
        for (Entry x = t[b]; x != null; x = x.next) {
            if (x.hash == e.hash && Arrays.equals(x.key, e.key)) {
                return x;
            }
        }
        e.next = t[b];
        t[b] = e;
        if (++size > t.length) {
            startResize(t.length * 2);
            finishRehash();
        }
        return null;
    }

    /** Runs rehash steps for about {@code steps} buckets (used by the background cron). */
    void rehashSome(int steps) {
        while (rehashing() && steps-- > 0) {
            rehashStep();
        }
    }

    /** A uniformly chosen bucket's random entry, or null when empty (as Redis's dictGetFairRandomKey approximates). */
    Entry randomEntry() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Entry[] t;
        Entry head;
        do {
            if (t1 != null && rnd.nextInt(t0.length + t1.length) >= t0.length) {
                t = t1;
            } else {
                t = t0;
            }
            head = t[rnd.nextInt(t.length)];
        } while (head == null);
        int len = 0;
        for (Entry e = head; e != null; e = e.next) {
            len++;
        }
        int pick = rnd.nextInt(len);
        Entry e = head;
        while (pick-- > 0) {
            e = e.next;
        }
        return e;
    }

    interface EntryVisitor {
        void visit(Entry e);
    }

    /**
     * One step of Redis's reverse-binary scan: visits one bucket of the smaller table and the
     * buckets of the larger table that expand from it.
     *
     * @return the next cursor, 0 when done
     */
    long scan(long cursor, EntryVisitor visitor) {
        if (size == 0) {
            return 0;
        }
        long v = cursor;
        if (t1 == null) {
            long m0 = t0.length - 1;
            visitBucket(t0, (int) (v & m0), visitor);
            v |= ~m0;
            v = Long.reverse(v);
            v++;
            v = Long.reverse(v);
        } else {
            Entry[] small = t0.length <= t1.length ? t0 : t1;
            Entry[] large = small == t0 ? t1 : t0;
            long m0 = small.length - 1;
            long m1 = large.length - 1;
            visitBucket(small, (int) (v & m0), visitor);
            do {
                visitBucket(large, (int) (v & m1), visitor);
                v |= ~m1;
                v = Long.reverse(v);
                v++;
                v = Long.reverse(v);
            } while ((v & (m0 ^ m1)) != 0);
        }
        return v;
    }

    private static void visitBucket(Entry[] t, int b, EntryVisitor visitor) {
        Entry e = t[b];
        while (e != null) {
            Entry next = e.next;
            visitor.visit(e);
            e = next;
        }
    }

    /** Visits every entry (whole-keyspace commands such as KEYS, FLUSHDB listeners). */
    void forEach(EntryVisitor visitor) {
        visitAll(t0, visitor);
        if (t1 != null) {
            visitAll(t1, visitor);
        }
    }

    private static void visitAll(Entry[] t, EntryVisitor visitor) {
        for (Entry head : t) {
            for (Entry e = head; e != null; ) {
                Entry next = e.next;
                visitor.visit(e);
                e = next;
            }
        }
    }

    /** Bucket count, for memory estimates. */
    long buckets() {
        return t0.length + (t1 == null ? 0 : t1.length);
    }
}
