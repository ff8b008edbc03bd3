package io.sockudo.kv.types.core.zsets;

/**
 * The storage behind a {@link ZSetValue}: entries ordered by (score, member) with members unique.
 * Scores compare with {@code <} and {@code ==} (so -0.0 equals 0.0, as in Redis) and ties are
 * broken by unsigned byte order of the members (Redis's {@code sdscmp}). Ranks are 0-based.
 */
abstract class ZStore {
    abstract int size();

    /** The score of {@code member}, or NaN when absent (a stored score is never NaN). */
    abstract double score(byte[] member);

    /** Inserts a member that is not present. The store may keep {@code member}. */
    abstract void insert(byte[] member, double score);

    /** Changes the score of a present member from {@code oldScore} to {@code newScore}. */
    abstract void update(byte[] member, double oldScore, double newScore);

    /** Removes {@code member}; false when absent. */
    abstract boolean remove(byte[] member);

    /** The rank of a present member whose score is {@code score}. */
    abstract int rank(byte[] member, double score);

    /** How many entries have a score below {@code score} (at or below it when {@code inclusive}). */
    abstract int countBelow(double score, boolean inclusive);

    /**
     * How many entries have a member below {@code bound} (at or below when {@code inclusive}),
     * assuming the members are ordered (all scores equal, as lexicographic ranges require).
     */
    abstract int countLexBelow(byte[] bound, boolean inclusive);

    /** Visits ranks {@code from..to} (inclusive, {@code 0 <= from <= to < size}); {@code reverse} visits {@code to} first. */
    abstract void visit(int from, int to, boolean reverse, ZVisitor v);

    /** Removes ranks {@code from..to} (inclusive). */
    abstract void removeRange(int from, int to);

    /** Length of the longest member. */
    abstract int maxMemberLength();

    abstract long memoryUsage();

    abstract ZStore copy();

    /** Redis's order: by score, then by member bytes (unsigned). */
    static int compare(double s1, byte[] m1, int off1, int len1, double s2, byte[] m2, int off2, int len2) {
        if (s1 < s2) {
            return -1;
        }
        if (s1 > s2) {
            return 1;
        }
        return java.util.Arrays.compareUnsigned(m1, off1, off1 + len1, m2, off2, off2 + len2);
    }
}
