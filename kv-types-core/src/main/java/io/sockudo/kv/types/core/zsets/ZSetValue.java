package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

/**
 * A sorted set: unique members (byte strings) ordered by score, then by member bytes.
 *
 * <p>Two encodings, reported as Redis 7.0 reports them: {@code listpack} (every entry packed in one
 * byte array, for sets of at most {@code zset-max-listpack-entries} members no longer than
 * {@code zset-max-listpack-value} bytes) and {@code skiplist} (a hash index plus an ordered,
 * rank-aware leaf list, O(log n) per operation). Conversion to {@code skiplist} happens on insert
 * as in Redis; the store commands pick the compact encoding when the result fits.
 *
 * <p>This is the API other families use (GEO, SORT): look-ups by member, adds, removals, ranks,
 * ordered iteration over rank ranges, and range bounds by score or member. Ranks are 0-based and
 * ascending. Member arrays passed in may be kept by the set and must not be modified afterwards.
 */
public final class ZSetValue implements KvValue {
    /** The listpack encoding's entries (see {@link PackedZStore}) while {@link #tree} is null. */
    private byte[] lp;
    private int lpCount;
    /** The skiplist encoding, or null. */
    private ZTreeStore tree;

    private ZSetValue(byte[] lp, int lpCount, ZTreeStore tree) {
        this.lp = lp;
        this.lpCount = lpCount;
        this.tree = tree;
    }

    /** An empty set in the listpack encoding. */
    public static ZSetValue createPacked() {
        return new ZSetValue(PackedZStore.EMPTY, 0, null);
    }

    /** An empty set in the skiplist encoding, sized for {@code expected} members. */
    public static ZSetValue createTree(int expected) {
        return new ZSetValue(null, 0, new ZTreeStore(expected));
    }

    /**
     * An empty set in the encoding Redis 7.0's ZADD picks for a new key: listpack unless
     * {@code maxEntries} is 0 or the first member is longer than {@code maxValue}.
     */
    public static ZSetValue createFor(int firstMemberLength, ZSetLimits limits) {
        return limits.maxEntries == 0 || firstMemberLength > limits.maxValue ? createTree(16) : createPacked();
    }

    /** Starts building a set, e.g. a store command's result. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of members. */
    public int size() {
        return tree == null ? lpCount : tree.size();
    }

    /** The score of {@code member}, or NaN when it is not a member (scores are never NaN). */
    public double score(byte[] member) {
        return tree == null ? PackedZStore.score(lp, member) : tree.score(member);
    }

    /** True if {@code member} is in the set. */
    public boolean contains(byte[] member) {
        double s = score(member);
        return s == s;
    }

    /**
     * Sets the score of {@code member}, converting to skiplist first when an insert would break
     * the listpack limits. Returns true when the member was added, false when it existed (its
     * score is then updated if different).
     */
    public boolean put(byte[] member, double score, ZSetLimits limits) {
        double cur = score(member);
        if (cur == cur) {
            if (cur != score) { // -0.0 == 0.0: no update, as in Redis
                updatePresent(member, cur, score);
            }
            return false;
        }
        addAbsent(member, score, limits);
        return true;
    }

    /**
     * Adds a member the caller just found absent (saves a second lookup on the ZADD path),
     * converting to skiplist first when the listpack limits would be exceeded.
     */
    public void addAbsent(byte[] member, double score, ZSetLimits limits) {
        if (tree == null && (lpCount + 1 > limits.maxEntries || member.length > limits.maxValue)) {
            convertToTree();
        }
        insertNew(member, score);
    }

    /** Changes the score of a member the caller just found with {@code oldScore}. */
    public void updatePresent(byte[] member, double oldScore, double newScore) {
        if (tree == null) {
            lp = PackedZStore.insert(PackedZStore.remove(lp, member), member, newScore);
        } else {
            tree.update(member, oldScore, newScore);
        }
    }

    /** Inserts a member known to be absent (no limit checks: the caller converts afterwards). */
    void insertNew(byte[] member, double score) {
        if (tree == null) {
            lp = PackedZStore.insert(lp, member, score);
            lpCount++;
        } else {
            tree.insert(member, score);
        }
    }

    /** Removes {@code member}; false when it was not there. */
    public boolean remove(byte[] member) {
        if (tree != null) {
            return tree.remove(member);
        }
        byte[] next = PackedZStore.remove(lp, member);
        if (next == null) {
            return false;
        }
        lp = next;
        lpCount--;
        return true;
    }

    /** The ascending rank of {@code member}, or -1 when absent. */
    public long rank(byte[] member) {
        if (tree == null) {
            return PackedZStore.rank(lp, member);
        }
        double s = tree.score(member);
        return s == s ? tree.rank(member, s) : -1;
    }

    /** Number of members whose score is below {@code score} (at or below when {@code inclusive}). */
    public int countBelow(double score, boolean inclusive) {
        return tree == null ? PackedZStore.countBelow(lp, score, inclusive) : tree.countBelow(score, inclusive);
    }

    /** Number of members below {@code bound} in byte order (at or below when {@code inclusive}); for equal-score sets. */
    public int countLexBelow(byte[] bound, boolean inclusive) {
        return tree == null ? PackedZStore.countLexBelow(lp, bound, inclusive) : tree.countLexBelow(bound, inclusive);
    }

    /** Visits ranks {@code from..to} inclusive ({@code 0 <= from <= to < size}), descending when {@code reverse}. */
    public void visit(int from, int to, boolean reverse, ZVisitor v) {
        if (from > to) {
            return;
        }
        if (tree == null) {
            PackedZStore.visit(lp, from, to, reverse, v);
        } else {
            tree.visit(from, to, reverse, v);
        }
    }

    /** Visits every member in ascending order. */
    public void forEach(ZVisitor v) {
        visit(0, size() - 1, false, v);
    }

    /** Removes ranks {@code from..to} inclusive. */
    public void removeRange(int from, int to) {
        if (from > to) {
            return;
        }
        if (tree == null) {
            lp = PackedZStore.removeRange(lp, from, to);
            lpCount -= to - from + 1;
        } else {
            tree.removeRange(from, to);
        }
    }

    /**
     * One step of an incremental scan of a skiplist-encoded set (Redis's cursor guarantees);
     * a listpack set is visited whole and 0 returned.
     */
    public long scan(long cursor, ZVisitor v) {
        if (tree == null) {
            forEach(v);
            return 0;
        }
        return tree.scan(cursor, v);
    }

    /** True in the listpack encoding. */
    public boolean isPacked() {
        return tree == null;
    }

    /** Converts to skiplist (no-op if already). */
    public void convertToTree() {
        if (tree != null) {
            return;
        }
        ZTreeStore t = new ZTreeStore(lpCount + 1);
        PackedZStore.visit(lp, 0, lpCount - 1, false, (buf, off, len, score) -> {
            byte[] m = new byte[len];
            System.arraycopy(buf, off, m, 0, len);
            t.insert(m, score);
        });
        tree = t;
        lp = null;
        lpCount = 0;
    }

    /** Converts to listpack when the set fits its limits (Redis's zsetConvertToListpackIfNeeded). */
    public void convertToPackedIfFits(ZSetLimits limits) {
        if (tree == null || tree.size() > limits.maxEntries || tree.maxMemberLength() > limits.maxValue) {
            return;
        }
        // build the packed form in one pass: entries arrive in order
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n = tree.size();
        if (n > 0) {
            tree.visit(0, n - 1, false, (buf, off, len, score) -> {
                byte[] one = PackedZStore.insert(PackedZStore.EMPTY, ZSetCommands.copy(buf, off, len), score);
                out.write(one, 0, one.length);
            });
        }
        lp = out.toByteArray();
        lpCount = n;
        tree = null;
    }

    @Override
    public ValueType type() {
        return ZSetType.INSTANCE;
    }

    @Override
    public String encoding() {
        return tree == null ? "listpack" : "skiplist";
    }

    @Override
    public long memoryUsage() {
        return 24 + (tree == null ? PackedZStore.memoryUsage(lp) : tree.memoryUsage());
    }

    @Override
    public KvValue copy() {
        // the packed array is never written in place, so it can be shared
        return tree == null ? new ZSetValue(lp, lpCount, null) : new ZSetValue(null, 0, (ZTreeStore) tree.copy());
    }

    /** Builds a set from members added in any order; {@link #build} picks the encoding. */
    public static final class Builder {
        private final ZSetValue set = createTree(16);

        private Builder() {
        }

        /** Adds or replaces a member's score. */
        public Builder add(byte[] member, double score) {
            set.put(member, score, ZSetLimits.NONE);
            return this;
        }

        /** The number of members so far. */
        public int size() {
            return set.size();
        }

        /** The set, listpack-encoded when it fits {@code limits}. */
        public ZSetValue build(ZSetLimits limits) {
            set.convertToPackedIfFits(limits);
            return set;
        }
    }
}
