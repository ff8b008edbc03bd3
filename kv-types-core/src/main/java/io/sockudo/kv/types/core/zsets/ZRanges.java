package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.common.Strtod;
import io.sockudo.kv.spi.Args;

import java.util.Arrays;

/**
 * Score and lexicographic range bounds, parsed as Redis's {@code zslParseRange} and
 * {@code zslParseLexRange} do, and turned into rank intervals of a set.
 */
final class ZRanges {
    static final String SCORE_ERROR = "ERR min or max is not a float";
    static final String LEX_ERROR = "ERR min or max not valid string range item";

    private ZRanges() {
    }

    /** A range of entries found by value (score or member), as ranks {@code [lo, hi)}. */
    interface ValueRange {
        /** First rank inside the range. */
        int lo(ZSetValue z);

        /** Rank after the last one inside the range (empty when {@code lo >= hi}). */
        int hi(ZSetValue z);
    }

    /** A score range {@code min..max}, each end inclusive or exclusive. */
    static final class ScoreRange implements ValueRange {
        double min;
        double max;
        boolean minex;
        boolean maxex;

        @Override
        public int lo(ZSetValue z) {
            return z.countBelow(min, minex);
        }

        @Override
        public int hi(ZSetValue z) {
            return z.countBelow(max, !maxex);
        }
    }

    /** A lexicographic range; a null bound with {@code inf} set means - or +. */
    static final class LexRange implements ValueRange {
        byte[] min;
        byte[] max;
        boolean minex;
        boolean maxex;
        /** -1: min is '-', 1: min is '+', 0: a string. */
        int minInf;
        int maxInf;

        @Override
        public int lo(ZSetValue z) {
            if (minInf != 0) {
                return minInf < 0 ? 0 : z.size();
            }
            return z.countLexBelow(min, minex);
        }

        @Override
        public int hi(ZSetValue z) {
            if (maxInf != 0) {
                return maxInf < 0 ? 0 : z.size();
            }
            return z.countLexBelow(max, !maxex);
        }
    }

    /** Parses a score range; null when either end is not a float. */
    static ScoreRange parseScore(byte[] min, byte[] max) {
        ScoreRange r = new ScoreRange();
        Strtod p = new Strtod();
        if (!bound(min, p)) {
            return null;
        }
        r.min = p.value;
        r.minex = min.length > 0 && min[0] == '(';
        if (!bound(max, p)) {
            return null;
        }
        r.max = p.value;
        r.maxex = max.length > 0 && max[0] == '(';
        return r;
    }

    /** One end: optional '(' then strtod, which must stop at the end or a NUL and not be NaN. */
    private static boolean bound(byte[] b, Strtod p) {
        int start = b.length > 0 && b[0] == '(' ? 1 : 0;
        if (start == 0 && b.length <= 20 && Args.isLong(b)) {
            // Redis reads an integer-encoded argument directly
            p.value = Args.parseLongUnchecked(b, 0, b.length);
            return true;
        }
        int limit = cStringEnd(b, start);
        p.parse(b, start, limit);
        return p.end == limit && p.value == p.value;
    }

    /** Where C's string ends: the first NUL or the end. */
    private static int cStringEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return b.length;
    }

    /** Parses a lexicographic range; null when either end is invalid. */
    static LexRange parseLex(byte[] min, byte[] max) {
        LexRange r = new LexRange();
        int m = lexItem(min);
        if (m == Integer.MIN_VALUE) {
            return null;
        }
        int x = lexItem(max);
        if (x == Integer.MIN_VALUE) {
            return null;
        }
        r.minInf = m == 2 ? 0 : m;
        r.maxInf = x == 2 ? 0 : x;
        if (r.minInf == 0) {
            r.minex = min[0] == '(';
            r.min = Arrays.copyOfRange(min, 1, min.length);
        }
        if (r.maxInf == 0) {
            r.maxex = max[0] == '(';
            r.max = Arrays.copyOfRange(max, 1, max.length);
        }
        return r;
    }

    /** -1 for '-', 1 for '+', 2 for a '(' or '[' string, MIN_VALUE when invalid. */
    private static int lexItem(byte[] b) {
        if (b.length == 0) {
            return Integer.MIN_VALUE;
        }
        switch (b[0]) {
            case '+':
                return b.length == 1 || b[1] == 0 ? 1 : Integer.MIN_VALUE;
            case '-':
                return b.length == 1 || b[1] == 0 ? -1 : Integer.MIN_VALUE;
            case '(':
            case '[':
                return 2;
            default:
                return Integer.MIN_VALUE;
        }
    }
}
