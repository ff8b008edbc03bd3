package io.sockudo.kv.types.core.common;

/**
 * Redis's normalisation of an index range {@code [start, end]} over {@code len} elements, as
 * LRANGE, LTRIM, ZRANGE and ZREMRANGEBYRANK do it: negative indexes count from the end, the start
 * is clamped to 0 and the end to the last element; the range is empty when the start is past the
 * end or past the last element.
 */
public final class RankRange {
    /** What {@link #first} returns for an empty range. */
    public static final long EMPTY = -1;

    private RankRange() {
    }

    /** The first index of the range, or {@link #EMPTY}. */
    public static long first(long start, long end, long len) {
        long s = start < 0 ? Math.max(start + len, 0) : start;
        long e = end < 0 ? end + len : end;
        return s > e || s >= len ? EMPTY : s;
    }

    /** The last index of a range that {@link #first} found not empty. */
    public static long last(long end, long len) {
        long e = end < 0 ? end + len : end;
        return e >= len ? len - 1 : e;
    }
}
