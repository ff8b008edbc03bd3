package io.sockudo.kv.kernel.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The main table of a shard: open addressing with linear probing over an {@code Object[]} of
 * entries (an {@link Entry} or a packed {@code byte[]}, see {@link EntryForm}) and a parallel
 * {@code byte[]} of tags, so a key costs one reference and one tag byte of table and no node.
 *
 * <p><b>Tags.</b> {@code tags[i]} is 0 for an empty slot, else {@code 0x80 | hash >>> 25}: seven
 * hash bits the home index does not use (tables stay far below 2^25 slots per shard), so a probe
 * compares one byte and dereferences an entry only when those seven bits match (1 in 128 for a
 * stranger). Chosen over an {@code int[]} of full hashes: a quarter of the memory per slot, and a
 * probe touches one cache line of tags for 64 slots.
 *
 * <p><b>Deletion</b> by backward shift (no tombstones): later members of the run move back into
 * the hole unless that would put them before their home. So the invariant of linear probing
 * holds at all times: every entry sits in the run of occupied slots that starts at its home
 * {@code hash & mask}, and all entries whose home is {@code b} are in the run from {@code b} to
 * the next empty slot.
 *
 * <p><b>Resizing</b> is incremental, as Redis's dict: a second table is allocated and every
 * operation moves one <em>home bucket</em> (all entries whose home is {@code b}, visiting at most
 * {@value #EMPTY_VISITS} empty homes), the cron moves more; new entries go to the new table.
 * Because whole home buckets move in order, an entry of home {@code b < rehashIdx} is never in
 * the old table. Load factor: grow at 3/4 (to double), shrink below 1/8 (to at most 1/4), so a
 * table is between 3/8 and 3/4 full after a growth: about 5 bytes of slot per 0.55 entries.
 * While two tables exist an insert moves two home buckets and is checked against the new table's
 * limit (all entries, both tables), so the new table never fills: a probe always finds a free slot.
 *
 * <p><b>SCAN</b> keeps Redis's reverse-binary cursor over home buckets: a step visits every entry
 * whose home is the cursor's bucket in the smaller table and every entry whose home expands from
 * it in the larger one, which is exactly where an entry present for the whole iteration can be,
 * however the table resized between steps.
 */
final class KeyTable {
    private static final int INITIAL = 8;
    private static final int EMPTY_VISITS = 10;

    private Object[] s0 = new Object[INITIAL];
    private byte[] g0 = new byte[INITIAL];
    private int n0;
    /** The table being filled while resizing, else null. */
    private Object[] s1;
    private byte[] g1;
    private int n1;
    /** Next home bucket of table 0 to move into table 1, or -1 when not resizing. */
    private int rehashIdx = -1;

    int size() {
        return n0 + n1;
    }

    private boolean rehashing() {
        return rehashIdx >= 0;
    }

    static byte tag(int hash) {
        return (byte) (0x80 | (hash >>> 25));
    }

    private static int threshold(int capacity) {
        return capacity - (capacity >>> 2);
    }

    // ---- one table ---------------------------------------------------------------------------

    private static int indexOf(Object[] s, byte[] g, byte[] key, int hash) {
        int mask = s.length - 1;
        byte tag = tag(hash);
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            byte t = g[i];
            if (t == 0) {
                return -1;
            }
            if (t == tag) {
                Object o = s[i];
                if (EntryForm.hash(o) == hash && EntryForm.keyEquals(o, key)) {
                    return i;
                }
            }
        }
    }

    private static void place(Object[] s, byte[] g, Object o, int hash) {
        int mask = s.length - 1;
        int i = hash & mask;
        while (g[i] != 0) {
            i = (i + 1) & mask;
        }
        s[i] = o;
        g[i] = tag(hash);
    }

    /** Empties slot {@code i} by backward shift: later run members move back unless that passes their home. */
    private static void deleteAt(Object[] s, byte[] g, int i) {
        int mask = s.length - 1;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (g[j] == 0) {
                break;
            }
            int home = EntryForm.hash(s[j]) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                s[i] = s[j];
                g[i] = g[j];
                i = j;
            }
        }
        s[i] = null;
        g[i] = 0;
    }

    // ---- lookups and changes -------------------------------------------------------------------

    /** The entry (an {@link Entry} or a packed array) holding {@code key}, or null. */
    Object find(byte[] key, int hash) {
        if (n0 + n1 == 0) {
            return null;
        }
        if (rehashing()) {
            rehashStep();
            if (rehashing() && (hash & (s0.length - 1)) < rehashIdx) {
                int i = indexOf(s1, g1, key, hash);
                return i < 0 ? null : s1[i];
            }
            int i = indexOf(s0, g0, key, hash);
            if (i >= 0) {
                return s0[i];
            }
            if (s1 != null) {
                i = indexOf(s1, g1, key, hash);
                return i < 0 ? null : s1[i];
            }
            return null;
        }
        int i = indexOf(s0, g0, key, hash);
        return i < 0 ? null : s0[i];
    }

    /** Adds an entry whose key is known to be absent. */
    void insert(Object e) {
        int hash = EntryForm.hash(e);
        if (rehashing()) {
            // two steps per insert: the move finishes before inserts can fill the new table
            // (a growth adds at most 3/4 of the old capacity before the new one is full, a
            // shrink at least 2x the keys it started with), so the forced finish below is rare
            rehashStep();
            if (rehashing()) {
                rehashStep();
            }
        }
        if (rehashing()) {
            if (n0 + n1 + 1 > threshold(s1.length)) {
                // inserts outran the incremental move: the new table must never fill up (moves
                // would find no free slot), so finish now, growing the target if needed
                finishRehash();
                growIfNeeded();
                place(s1 != null ? s1 : s0, s1 != null ? g1 : g0, e, hash);
                countInsert();
                return;
            }
            place(s1, g1, e, hash);
            n1++;
            return;
        }
        growIfNeeded();
        place(s1 != null ? s1 : s0, s1 != null ? g1 : g0, e, hash);
        countInsert();
    }

    private void countInsert() {
        if (s1 != null) {
            n1++;
        } else {
            n0++;
        }
    }

    /** Removes and returns the entry holding {@code key}, or null. */
    Object remove(byte[] key, int hash) {
        if (n0 + n1 == 0) {
            return null;
        }
        if (rehashing()) {
            rehashStep();
        }
        Object removed = null;
        if (!rehashing() || (hash & (s0.length - 1)) >= rehashIdx) {
            int i = indexOf(s0, g0, key, hash);
            if (i >= 0) {
                removed = s0[i];
                deleteAt(s0, g0, i);
                n0--;
            }
        }
        if (removed == null && s1 != null) {
            int i = indexOf(s1, g1, key, hash);
            if (i >= 0) {
                removed = s1[i];
                deleteAt(s1, g1, i);
                n1--;
            }
        }
        if (removed != null && !rehashing()) {
            shrinkIfNeeded();
        }
        return removed;
    }

    /**
     * Puts {@code repl} (same key and hash) in the slot of {@code old}: an entry changing form
     * (an expiry set or cleared, a packed entry inflated for a write, an object packed again).
     * Not an operation for the incremental rehash: the caller has just looked the key up.
     */
    void replace(Object old, Object repl) {
        int hash = EntryForm.hash(old);
        if (!replaceIn(s0, g0, old, repl, hash) && s1 != null) {
            replaceIn(s1, g1, old, repl, hash);
        }
    }

    private static boolean replaceIn(Object[] s, byte[] g, Object old, Object repl, int hash) {
        int mask = s.length - 1;
        for (int i = hash & mask; g[i] != 0; i = (i + 1) & mask) {
            if (s[i] == old) {
                s[i] = repl;
                return true;
            }
        }
        return false;
    }

    void clear() {
        s0 = new Object[INITIAL];
        g0 = new byte[INITIAL];
        n0 = 0;
        s1 = null;
        g1 = null;
        n1 = 0;
        rehashIdx = -1;
    }

    // ---- resizing ------------------------------------------------------------------------------

    private void growIfNeeded() {
        if (n0 + 1 > threshold(s0.length)) {
            startResize(s0.length * 2);
        }
    }

    private void shrinkIfNeeded() {
        int n = n0;
        if (s0.length > INITIAL && (long) n * 8 < s0.length) {
            // to a load of at most 1/4: room for twice as many inserts as keys while the move runs
            int target = INITIAL;
            while (target < 4 * n) {
                target <<= 1;
            }
            if (target < s0.length) {
                startResize(target);
            }
        }
    }

    private void startResize(int capacity) {
        s1 = new Object[capacity];
        g1 = new byte[capacity];
        n1 = 0;
        rehashIdx = 0;
    }

    /** Moves one non-empty home bucket (visiting at most a few empty ones) from table 0 to table 1. */
    private void rehashStep() {
        int visits = EMPTY_VISITS;
        while (rehashIdx < s0.length) {
            boolean moved = moveHome(rehashIdx);
            rehashIdx++;
            if (moved || --visits == 0) {
                break;
            }
        }
        if (rehashIdx >= s0.length) {
            endResize();
        }
    }

    /** Moves every entry whose home in table 0 is {@code b}; they are all in the run from b. */
    private boolean moveHome(int b) {
        Object[] s = s0;
        byte[] g = g0;
        int mask = s.length - 1;
        boolean moved = false;
        int p = b;
        while (g[p] != 0) {
            Object o = s[p];
            int h = EntryForm.hash(o);
            if ((h & mask) == b) {
                place(s1, g1, o, h);
                n1++;
                n0--;
                deleteAt(s, g, p); // p now holds a later run member, or is empty: look again
                moved = true;
            } else {
                p = (p + 1) & mask;
            }
        }
        return moved;
    }

    private void endResize() {
        s0 = s1;
        g0 = g1;
        n0 = n1;
        s1 = null;
        g1 = null;
        n1 = 0;
        rehashIdx = -1;
    }

    // ---- bulk load: no command runs, so resizes happen at once instead of a bucket at a time ----

    /**
     * Makes room for {@code expected} entries in all (a file's RESIZEDB hint): grows the table
     * now, moving what is there in one pass, so the load that follows never resizes.
     */
    void reserve(int expected) {
        finishRehash();
        int capacity = s0.length;
        while (threshold(capacity) < expected && capacity < (1 << 30)) {
            capacity <<= 1;
        }
        if (capacity > s0.length) {
            startResize(capacity);
            finishRehash();
        }
    }

    /** Completes a resize in progress at once (growing its target if the entries would not fit). */
    void finishRehash() {
        if (!rehashing()) {
            return;
        }
        int total = n0 + n1;
        if (total + 1 > threshold(s1.length)) {
            int capacity = s1.length;
            while (threshold(capacity) < total + 1) {
                capacity <<= 1;
            }
            Object[] moved = s1;
            s1 = new Object[capacity];
            g1 = new byte[capacity];
            for (Object o : moved) {
                if (o != null) {
                    place(s1, g1, o, EntryForm.hash(o));
                }
            }
        }
        Object[] s = s0;
        for (int i = 0; i < s.length; i++) {
            Object o = s[i];
            if (o != null) {
                place(s1, g1, o, EntryForm.hash(o));
            }
        }
        n1 += n0;
        endResize();
    }

    /**
     * Adds {@code e} unless its key is there (then returns the entry holding it and adds nothing):
     * the load's one lookup per key. Grows at once when full.
     */
    Object insertIfAbsent(Object e, byte[] key) {
        finishRehash();
        int hash = EntryForm.hash(e);
        int i = indexOf(s0, g0, key, hash);
        if (i >= 0) {
            return s0[i];
        }
        if (n0 + 1 > threshold(s0.length)) {
            startResize(s0.length * 2);
            finishRehash();
        }
        place(s0, g0, e, hash);
        n0++;
        return null;
    }

    /**
     * Runs rehash steps for about {@code steps} home buckets (the background cron), first starting
     * a shrink that deletions left due (as Redis's cron tryResizeHashTables).
     */
    void rehashSome(int steps) {
        if (!rehashing()) {
            shrinkIfNeeded();
        }
        while (rehashing() && steps-- > 0) {
            rehashStep();
            if (!rehashing()) {
                shrinkIfNeeded(); // deletions during the shrink may have left the new table sparse too
            }
        }
    }

    /**
     * A uniformly chosen entry, or null when empty: a uniformly random slot of both tables until
     * one is occupied (every entry is exactly one slot, so this is fair, unlike a chained table's
     * bucket-then-chain pick that Redis's dictGetFairRandomKey approximates).
     */
    Object randomEntry() {
        if (n0 + n1 == 0) {
            return null;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (true) {
            int c0 = s0.length;
            int r = rnd.nextInt(s1 == null ? c0 : c0 + s1.length);
            Object o = r < c0 ? s0[r] : s1[r - c0];
            if (o != null) {
                return o;
            }
        }
    }

    /** Receives entries; must not add or remove entries of the table (access data may change). */
    interface EntryVisitor {
        void visit(Object e);
    }

    /**
     * One step of Redis's reverse-binary scan: visits one home bucket of the smaller table and the
     * home buckets of the larger table that expand from it.
     *
     * @return the next cursor, 0 when done
     */
    long scan(long cursor, EntryVisitor visitor) {
        if (n0 + n1 == 0) {
            return 0;
        }
        long v = cursor;
        if (s1 == null) {
            long m0 = s0.length - 1;
            visitHome(s0, g0, (int) (v & m0), visitor);
            v |= ~m0;
            v = Long.reverse(v);
            v++;
            v = Long.reverse(v);
        } else {
            boolean zeroSmall = s0.length <= s1.length;
            Object[] small = zeroSmall ? s0 : s1;
            byte[] smallTags = zeroSmall ? g0 : g1;
            Object[] large = zeroSmall ? s1 : s0;
            byte[] largeTags = zeroSmall ? g1 : g0;
            long m0 = small.length - 1;
            long m1 = large.length - 1;
            visitHome(small, smallTags, (int) (v & m0), visitor);
            do {
                visitHome(large, largeTags, (int) (v & m1), visitor);
                v |= ~m1;
                v = Long.reverse(v);
                v++;
                v = Long.reverse(v);
            } while ((v & (m0 ^ m1)) != 0);
        }
        return v;
    }

    /** Visits the entries whose home is {@code b}: all in the run that starts at b. */
    private static void visitHome(Object[] s, byte[] g, int b, EntryVisitor visitor) {
        int mask = s.length - 1;
        for (int p = b; g[p] != 0; p = (p + 1) & mask) {
            Object o = s[p];
            if ((EntryForm.hash(o) & mask) == b) {
                visitor.visit(o);
            }
        }
    }

    /** Visits every entry (whole-keyspace commands such as KEYS, FLUSHDB listeners). */
    void forEach(EntryVisitor visitor) {
        visitAll(s0, visitor);
        if (s1 != null) {
            visitAll(s1, visitor);
        }
    }

    private static void visitAll(Object[] s, EntryVisitor visitor) {
        for (Object o : s) {
            if (o != null) {
                visitor.visit(o);
            }
        }
    }

    /** Slot count of both tables, for memory estimates (a reference and a tag byte each). */
    long slots() {
        return s0.length + (s1 == null ? 0 : s1.length);
    }
}
