package io.sockudo.kv.types.core.zsets;

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
    private Leaf[] leaves;
    private int nleaves;
    private int size;
    /** Fenwick tree (1-based) over leaf sizes. */
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
        for (int i = 0; i < o.nleaves; i++) {
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

    private void rebuild() {
        if (fen.length < nleaves + 1) {
            fen = new int[leaves.length + 1];
        } else {
            Arrays.fill(fen, 0);
        }
        for (int i = 1; i <= nleaves; i++) {
            fen[i] += leaves[i - 1].n;
            int parent = i + (i & -i);
            if (parent <= nleaves) {
                fen[parent] += fen[i];
            }
        }
    }

    private void fenAdd(int leaf, int delta) {
        for (int i = leaf + 1; i <= nleaves; i += i & -i) {
            fen[i] += delta;
        }
    }

    /** Entries in leaves {@code [0, leaf)}. */
    private int prefix(int leaf) {
        int s = 0;
        for (int i = leaf; i > 0; i -= i & -i) {
            s += fen[i];
        }
        return s;
    }

    /** Sets {@link #foundLeaf}/{@link #foundOffset} to where rank {@code r} lives. */
    private void locateRank(int r) {
        int pos = 0;
        int rem = r;
        for (int step = Integer.highestOneBit(nleaves); step > 0; step >>= 1) {
            int nx = pos + step;
            if (nx <= nleaves && fen[nx] <= rem) {
                pos = nx;
                rem -= fen[nx];
            }
        }
        foundLeaf = pos;
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
            Leaf l = leaves[mid];
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
        Leaf l = leaves[li];
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

    private void addLeaf(int at, Leaf leaf) {
        if (nleaves == leaves.length) {
            leaves = Arrays.copyOf(leaves, leaves.length * 2);
        }
        System.arraycopy(leaves, at, leaves, at + 1, nleaves - at);
        leaves[at] = leaf;
        nleaves++;
        rebuild();
    }

    private void removeLeaf(int at) {
        if (nleaves == 1) {
            return; // always keep one (empty) leaf
        }
        System.arraycopy(leaves, at + 1, leaves, at, nleaves - at - 1);
        leaves[--nleaves] = null;
        rebuild();
    }

    /** Removes the entry (score, member) from the ordered leaves; returns the stored member array. */
    private byte[] removeOrdered(byte[] member, double score) {
        int li = leafFor(score, member);
        Leaf l = leaves[li];
        int pos = positionIn(l, score, member, true);
        byte[] stored = l.members[pos];
        System.arraycopy(l.members, pos + 1, l.members, pos, l.n - pos - 1);
        System.arraycopy(l.scores, pos + 1, l.scores, pos, l.n - pos - 1);
        l.members[--l.n] = null;
        if (l.n == 0 && nleaves > 1) {
            removeLeaf(li);
        } else {
            fenAdd(li, -1);
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
        return prefix(li) + positionIn(leaves[li], score, member, true);
    }

    @Override
    int countBelow(double score, boolean inclusive) {
        // first leaf whose last entry is not below the bound
        int lo = 0;
        int hi = nleaves - 1;
        int li = nleaves;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Leaf l = leaves[mid];
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
        Leaf l = leaves[li];
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
            Leaf l = leaves[mid];
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
        Leaf l = leaves[li];
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
                Leaf l = leaves[li];
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
            Leaf l = leaves[li];
            for (; off >= 0 && remaining > 0; off--, remaining--) {
                byte[] m = l.members[off];
                v.visit(m, 0, m.length, l.scores[off]);
            }
            li--;
            if (li >= 0) {
                off = leaves[li].n - 1;
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
            Leaf l = leaves[li];
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
            if (l.n == 0 && nleaves > 1) {
                System.arraycopy(leaves, li + 1, leaves, li, nleaves - li - 1);
                leaves[--nleaves] = null;
                structural = true;
            } else {
                if (!structural) {
                    fenAdd(li, -take);
                }
                li++;
            }
            off = 0;
        }
        if (structural) {
            rebuild();
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
            Leaf l = leaves[i];
            for (int j = 0; j < l.n; j++) {
                max = Math.max(max, l.members[j].length);
            }
        }
        return max;
    }

    @Override
    long memoryUsage() {
        long leafBytes = (long) nleaves * (24 + 16 + 4L * CAP + 16 + 8L * CAP);
        return 48 + index.memoryUsage() + 16 + 4L * leaves.length + 16 + 4L * fen.length + leafBytes + memberBytes;
    }

    @Override
    ZStore copy() {
        return new ZTreeStore(this);
    }
}
