package io.sockudo.kv.types.stack.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time: finds where a run of string bytes that need no attention ends (a quote,
 * a backslash or a control character), so parsing and writing strings copy whole runs instead of
 * testing byte by byte.
 */
final class Swar {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;

    private Swar() {
    }

    /** The bytes of {@code v} that are {@code "}, {@code \\} or below 0x20: the high bit of each set. */
    private static long special(long v) {
        long q = v ^ QUOTES;
        long s = v ^ BACKSLASHES;
        // the lowest flagged byte is always a true one (a borrow only corrupts the bytes above it)
        return (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((v - SPACES) & ~v)) & HIGHS;
    }

    /** A mask of the low {@code n} bytes of a word (0 <= n <= 8). */
    private static long lowBytes(int n) {
        return n >= 8 ? -1L : (1L << (n << 3)) - 1;
    }

    /** Index (0..7) of the lowest byte flagged in a non-zero {@link #special} result. */
    private static int firstFlagged(long special) {
        return Long.numberOfTrailingZeros(special) >>> 3;
    }

    /**
     * Like {@link #plainRun}, for the parser: the end of the run, or its bitwise
     * complement (a negative number) when the run holds a byte of 0x80 or above (UTF-8 to check).
     */
    static int plainRunMarked(byte[] b, int from, int to) {
        int p = from;
        long h = 0;
        while (p + 8 <= to) {
            long v = (long) LONGS.get(b, p);
            long special = special(v);
            if (special != 0) {
                int k = firstFlagged(special);
                return marked(h | (v & lowBytes(k)), p + k);
            }
            h |= v;
            p += 8;
        }
        if (p < to && p + 8 <= b.length) {
            // the last few bytes in one word: those past the run's end are masked off
            long v = (long) LONGS.get(b, p);
            int n = to - p;
            long special = special(v) & lowBytes(n);
            int k = special != 0 ? firstFlagged(special) : n;
            return marked(h | (v & lowBytes(k)), p + k);
        }
        while (p < to) {
            byte c = b[p];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                break;
            }
            h |= c;
            p++;
        }
        return marked(h, p);
    }

    private static int marked(long h, int p) {
        return (h & HIGHS) != 0 ? ~p : p;
    }

    /** The first offset in {@code [from, to)} whose byte is {@code "}, {@code \\} or below 0x20, or {@code to}. */
    static int plainRun(byte[] b, int from, int to) {
        int p = from;
        while (p + 8 <= to) {
            long special = special((long) LONGS.get(b, p));
            if (special != 0) {
                return p + firstFlagged(special);
            }
            p += 8;
        }
        if (p < to && p + 8 <= b.length) {
            // short strings and tails: one word, the bytes past the end masked off
            long special = special((long) LONGS.get(b, p)) & lowBytes(to - p);
            return special != 0 ? p + firstFlagged(special) : to;
        }
        while (p < to) {
            byte c = b[p];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                break;
            }
            p++;
        }
        return p;
    }
}
