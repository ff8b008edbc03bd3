package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.HeapArrays;

import java.util.Arrays;

/**
 * The big encoding (Redis's {@code skiplist}): a {@link ZScoreIndex} for member lookups plus an
 * ordered list of leaves, each holding up to {@link #CAP} entries in parallel arrays sorted by
 * (score, member). A Fenwick tree over the leaf sizes gives the rank of a leaf in O(log n), so
 * rank and range queries are O(log n) as with Redis's skiplist spans, with far fewer objects:
 * an entry costs its member array plus a few array slots.
 *
 * <p>Leaves split when full (unevenly at the ends, so ascending inserts fill leaves completely)
 * and are dropped when empty; the Fenwick tree is updated point-wise and rebuilt only when the
 * leaf list changes.
 */
final class ZTreeStore extends ZStore {
    static final int CAP = 128;

    /** One run of consecutive entries. */
    static final class Leaf {
        final byte[][] members;
        final double[] scores;
        int n;

        Leaf(int cap) {
            members = new byte[cap][];
            scores = new double[cap];
        }
    }

    private final ZScoreIndex index;
    /** Leaves live in slots {@code [head, head + nleaves)}, so dropping the first leaf (ZPOPMIN) is O(1). */
    private Leaf[] leaves;
    private int head;
    private int nleaves;
    private int size;
    /** Fenwick tree (1-based) over the leaf sizes by slot; empty slots count 0. */
    private int[] fen;
    /** Estimated bytes of the member arrays. */
    private long memberBytes;
    /** Scratch results of {@link #locateRank}. */
    private int foundLeaf;
    private int foundOffset;

    ZTreeStore(int expected) {
        index = new ZScoreIndex(expected);
        leaves = new Leaf[Math.max(4, expected / CAP + 2)];
        leaves[0] = new Leaf(CAP);
        nleaves = 1;
        fen = new int[leaves.length + 1];
    }

    private ZTreeStore(ZTreeStore o) {
        index = o.index.copy();
        leaves = new Leaf[o.leaves.length];
        head = o.head;
        for (int i = o.head; i < o.head + o.nleaves; i++) {
            Leaf src = o.leaves[i];
            Leaf l = new Leaf(CAP);
            System.arraycopy(src.members, 0, l.members, 0, src.n);
            System.arraycopy(src.scores, 0, l.scores, 0, src.n);
            l.n = src.n;
            leaves[i] = l;
        }
        nleaves = o.nleaves;
        size = o.size;
        fen = o.fen.clone();
        memberBytes = o.memberBytes;
    }

    @Override
    int size() {
        return size;
    }

    @Override
    double score(byte[] member) {
        return index.get(member);
    }

    // ---- Fenwick tree over leaf sizes ----

    /** Leaf {@code i} in logical order. */
    private Leaf leaf(int i) {
        return leaves[head + i];
    }

    private void rebuild() {
        int cap = leaves.length;
        if (fen.length != cap + 1) {
            fen = new int[cap + 1];
        } else {
            Arrays.fill(fen, 0);
        }
        int end = head + nleaves;
        for (int i = 1; i <= cap; i++) {
            if (i - 1 >= head && i - 1 < end) {
                fen[i] += leaves[i - 1].n;
            }
            int parent = i + (i & -i);
            if (parent <= cap) {
                fen[parent] += fen[i];
            }
        }
    }

    private void fenAdd(int leaf, int delta) {
        int cap = leaves.length;
        for (int i = head + leaf + 1; i <= cap; i += i & -i) {
            fen[i] += delta;
        }
    }

    /** Entries in leaves {@code [0, leaf)}. */
    private int prefix(int leaf) {
        int s = 0;
        for (int i = head + leaf; i > 0; i -= i & -i) {
            s += fen[i];
        }
        return s;
    }

    /** Sets {@link #foundLeaf}/{@link #foundOffset} to where rank {@code r} lives. */
    private void locateRank(int r) {
        int pos = 0;
        int rem = r;
        int cap = leaves.length;
        for (int step = Integer.highestOneBit(cap); step > 0; step >>= 1) {
            int nx = pos + step;
            if (nx <= cap && fen[nx] <= rem) {
                pos = nx;
                rem -= fen[nx];
            }
        }
        // pos is the slot holding rank r (empty slots before it were skipped)
        foundLeaf = Math.min(pos - head, nleaves - 1);
        foundOffset = rem;
    }

    // ---- locating keys ----

    /** The leaf an entry (score, member) belongs in: the last leaf whose first entry is <= it. */
    private int leafFor(double score, byte[] member) {
        int lo = 1;
        int hi = nleaves - 1;
        int ans = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Leaf l = leaf(mid);
            byte[] m = l.members[0];
            if (compare(l.scores[0], m, 0, m.length, score, member, 0, member.length) <= 0) {
                ans = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return ans;
    }

    /** First position in {@code l} whose entry is greater than (score, member) (or equal when {@code orEqual}). */
    private static int positionIn(Leaf l, double score, byte[] member, boolean orEqual) {
        int lo = 0;
        int hi = l.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            byte[] m = l.members[mid];
            int c = compare(l.scores[mid], m, 0, m.length, score, member, 0, member.length);
            if (c < 0 || (c == 0 && !orEqual)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    void insert(byte[] member, double score) {
        index.put(member, score);
        memberBytes += (16L + member.length + 7) & ~7L;
        size++;
        insertOrdered(member, score);
    }

    private void insertOrdered(byte[] member, double score) {
        int li = leafFor(score, member);
        Leaf l = leaf(li);
        int pos = positionIn(l, score, member, false);
        if (l.n == CAP) {
            Leaf right = new Leaf(CAP);
            if (pos == CAP && li == nleaves - 1) {
                // appending past the last leaf: start a new one, keep this one full
                addLeaf(li + 1, right);
                li++;
                l = right;
                pos = 0;
            } else if (pos == 0 && li == 0) {
                addLeaf(0, right);
                l = right;
            } else {
                int half = CAP / 2;
                System.arraycopy(l.members, half, right.members, 0, CAP - half);
                System.arraycopy(l.scores, half, right.scores, 0, CAP - half);
                Arrays.fill(l.members, half, CAP, null);
                right.n = CAP - half;
                l.n = half;
                fenAdd(li, -(CAP - half));
                addLeaf(li + 1, right);
                if (pos > half) {
                    li++;
                    l = right;
                    pos -= half;
                }
            }
        }
        System.arraycopy(l.members, pos, l.members, pos + 1, l.n - pos);
        System.arraycopy(l.scores, pos, l.scores, pos + 1, l.n - pos);
        l.members[pos] = member;
        l.scores[pos] = score;
        l.n++;
        fenAdd(li, 1);
    }

    /**
     * Inserts {@code leaf} at logical position {@code at}; the caller has already taken its
     * entries out of the Fenwick count of the leaf they came from.
     */
    private void addLeaf(int at, Leaf leaf) {
        if (at == 0 && head > 0) {
            leaves[--head] = leaf;
            nleaves++;
            fenAdd(0, leaf.n);
            return;
        }
        if (at == nleaves && head + nleaves < leaves.length) {
            leaves[head + nleaves] = leaf;
            nleaves++;
            fenAdd(at, leaf.n);
            return;
        }
        if (head + nleaves == leaves.length) {
            // full at the end: recentre, growing when more than half full
            Leaf[] next = nleaves * 2 > leaves.length ? new Leaf[leaves.length * 2] : new Leaf[leaves.length];
            System.arraycopy(leaves, head, next, 0, nleaves);
            leaves = next;
            head = 0;
        }
        int slot = head + at;
        System.arraycopy(leaves, slot, leaves, slot + 1, nleaves - at);
        leaves[slot] = leaf;
        nleaves++;
        rebuild();
    }

    /** Drops the empty leaf at logical position {@code at} (its count is already 0 in the Fenwick tree). */
    private void removeLeaf(int at) {
        if (nleaves == 1) {
            return; // always keep one (empty) leaf
        }
        if (at == 0) {
            leaves[head++] = null;
            nleaves--;
            return;
        }
        if (at == nleaves - 1) {
            leaves[head + --nleaves] = null;
            return;
        }
        int slot = head + at;
        System.arraycopy(leaves, slot + 1, leaves, slot, nleaves - at - 1);
        leaves[head + --nleaves] = null;
        rebuild();
    }

    /** Removes the entry (score, member) from the ordered leaves; returns the stored member array. */
    private byte[] removeOrdered(byte[] member, double score) {
        int li = leafFor(score, member);
        Leaf l = leaf(li);
        int pos = positionIn(l, score, member, true);
        byte[] stored = l.members[pos];
        System.arraycopy(l.members, pos + 1, l.members, pos, l.n - pos - 1);
        System.arraycopy(l.scores, pos + 1, l.scores, pos, l.n - pos - 1);
        l.members[--l.n] = null;
        fenAdd(li, -1);
        if (l.n == 0) {
            removeLeaf(li);
        }
        return stored;
    }

    @Override
    void update(byte[] member, double oldScore, double newScore) {
        byte[] stored = removeOrdered(member, oldScore);
        index.put(stored, newScore);
        insertOrdered(stored, newScore);
    }

    @Override
    boolean remove(byte[] member) {
        double s = index.get(member);
        if (s != s) {
            return false;
        }
        byte[] stored = removeOrdered(member, s);
        index.remove(stored);
        memberBytes -= (16L + stored.length + 7) & ~7L;
        size--;
        return true;
    }

    @Override
    int rank(byte[] member, double score) {
        int li = leafFor(score, member);
        return prefix(li) + positionIn(leaf(li), score, member, true);
    }

    @Override
    int countBelow(double score, boolean inclusive) {
        // first leaf whose last entry is not below the bound
        int lo = 0;
        int hi = nleaves - 1;
        int li = nleaves;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Leaf l = leaf(mid);
            double last = l.n == 0 ? Double.POSITIVE_INFINITY : l.scores[l.n - 1];
            if (inclusive ? last > score : last >= score) {
                li = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        if (li == nleaves) {
            return size;
        }
        Leaf l = leaf(li);
        int a = 0;
        int b = l.n;
        while (a < b) {
            int mid = (a + b) >>> 1;
            double s = l.scores[mid];
            if (inclusive ? s <= score : s < score) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return prefix(li) + a;
    }

    @Override
    int countLexBelow(byte[] bound, boolean inclusive) {
        int lo = 0;
        int hi = nleaves - 1;
        int li = nleaves;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Leaf l = leaf(mid);
            boolean notBelow;
            if (l.n == 0) {
                notBelow = true;
            } else {
                int c = Arrays.compareUnsigned(l.members[l.n - 1], bound);
                notBelow = inclusive ? c > 0 : c >= 0;
            }
            if (notBelow) {
                li = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        if (li == nleaves) {
            return size;
        }
        Leaf l = leaf(li);
        int a = 0;
        int b = l.n;
        while (a < b) {
            int mid = (a + b) >>> 1;
            int c = Arrays.compareUnsigned(l.members[mid], bound);
            if (inclusive ? c <= 0 : c < 0) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return prefix(li) + a;
    }

    @Override
    void visit(int from, int to, boolean reverse, ZVisitor v) {
        int remaining = to - from + 1;
        if (!reverse) {
            locateRank(from);
            int li = foundLeaf;
            int off = foundOffset;
            while (remaining > 0) {
                Leaf l = leaf(li);
                for (; off < l.n && remaining > 0; off++, remaining--) {
                    byte[] m = l.members[off];
                    v.visit(m, 0, m.length, l.scores[off]);
                }
                li++;
                off = 0;
            }
            return;
        }
        locateRank(to);
        int li = foundLeaf;
        int off = foundOffset;
        while (remaining > 0) {
            Leaf l = leaf(li);
            for (; off >= 0 && remaining > 0; off--, remaining--) {
                byte[] m = l.members[off];
                v.visit(m, 0, m.length, l.scores[off]);
            }
            li--;
            if (li >= 0) {
                off = leaf(li).n - 1;
            }
        }
    }

    @Override
    void removeRange(int from, int to) {
        int remaining = to - from + 1;
        locateRank(from);
        int li = foundLeaf;
        int off = foundOffset;
        boolean structural = false;
        while (remaining > 0) {
            Leaf l = leaf(li);
            int take = Math.min(remaining, l.n - off);
            for (int j = off; j < off + take; j++) {
                byte[] m = l.members[j];
                index.remove(m);
                memberBytes -= (16L + m.length + 7) & ~7L;
            }
            System.arraycopy(l.members, off + take, l.members, off, l.n - off - take);
            System.arraycopy(l.scores, off + take, l.scores, off, l.n - off - take);
            Arrays.fill(l.members, l.n - take, l.n, null);
            l.n -= take;
            remaining -= take;
            size -= take;
            fenAdd(li, -take);
            if (l.n == 0 && nleaves > 1) {
                removeLeaf(li);
            } else {
                li++;
            }
            off = 0;
        }
    }

    /** One SCAN step over the member index (see {@link ZScoreIndex#scan}). */
    long scan(long cursor, ZVisitor v) {
        return index.scan(cursor, v);
    }

    @Override
    int maxMemberLength() {
        int max = 0;
        for (int i = 0; i < nleaves; i++) {
            Leaf l = leaf(i);
            for (int j = 0; j < l.n; j++) {
                max = Math.max(max, l.members[j].length);
            }
        }
        return max;
    }

    @Override
    long memoryUsage() {
        long leafBytes = (long) nleaves * (24 + 16 + 4L * CAP + 16 + 8L * CAP);
        return 48 + index.memoryUsage() + HeapArrays.cost(leaves.length, 4) + HeapArrays.cost(fen.length, 4) + leafBytes + memberBytes;
    }

    @Override
    ZStore copy() {
        return new ZTreeStore(this);
    }
}
