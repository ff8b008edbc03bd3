package io.sockudo.kv.types.stack.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time: copies a run of string bytes that need no attention (up to a quote, a
 * backslash or a control character) while finding its end, reads short keys and strings in one
 * word, and hashes keys, so parsing and writing strings never test byte by byte.
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
     * Copies the run of plain string bytes starting at {@code src[from]} (it ends before the first
     * {@code "}, {@code \\} or byte below 0x20, or at {@code to}) to {@code dst[d..]}, a word at a
     * time while it scans: no {@code System.arraycopy} call per string, which costs more than the
     * copy for the short strings and keys JSON is made of. Returns the end of the run, or its bitwise complement when
     * the run holds a byte of 0x80 or above (UTF-8 the parser must check). {@code dst} must have
     * room for {@code to - from + 8} bytes from {@code d}: whole words are stored, the bytes past
     * the run are garbage the caller's next write overwrites.
     */
    static int copyRunMarked(byte[] src, int from, int to, byte[] dst, int d) {
        int p = from;
        long h = 0;
        while (p + 8 <= to) {
            long v = (long) LONGS.get(src, p);
            LONGS.set(dst, d, v);
            long special = special(v);
            if (special != 0) {
                int k = firstFlagged(special);
                return marked(h | (v & lowBytes(k)), p + k);
            }
            h |= v;
            p += 8;
            d += 8;
        }
        if (p < to && p + 8 <= src.length) {
            long v = (long) LONGS.get(src, p);
            LONGS.set(dst, d, v);
            int n = to - p;
            long special = special(v) & lowBytes(n);
            int k = special != 0 ? firstFlagged(special) : n;
            return marked(h | (v & lowBytes(k)), p + k);
        }
        while (p < to) {
            byte c = src[p];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                break;
            }
            dst[d++] = c;
            h |= c;
            p++;
        }
        return marked(h, p);
    }

    /**
     * Like {@link #copyRunMarked} without the UTF-8 mark (the writer's strings are valid already):
     * returns the end of the run. The same room is needed in {@code dst}.
     */
    static int copyRun(byte[] src, int from, int to, byte[] dst, int d) {
        int p = from;
        while (p + 8 <= to) {
            long v = (long) LONGS.get(src, p);
            LONGS.set(dst, d, v);
            long special = special(v);
            if (special != 0) {
                return p + firstFlagged(special);
            }
            p += 8;
            d += 8;
        }
        if (p < to && p + 8 <= src.length) {
            long v = (long) LONGS.get(src, p);
            LONGS.set(dst, d, v);
            long special = special(v) & lowBytes(to - p);
            return special != 0 ? p + firstFlagged(special) : to;
        }
        while (p < to) {
            byte c = src[p];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                break;
            }
            dst[d++] = c;
            p++;
        }
        return p;
    }

    /**
     * A hash of {@code b[off..off+n)} from its first and last eight bytes and its length (equal
     * byte strings hash alike; most keys of an object differ there). {@code b} must extend at
     * least 8 bytes past {@code off} (the parser's output buffer keeps a word of room).
     */
    static int hash(byte[] b, int off, int n) {
        long w = (long) LONGS.get(b, off) & lowBytes(n);
        if (n > 8) {
            w ^= Long.rotateLeft((long) LONGS.get(b, off + n - 8), 29);
        }
        return hashWord(w, n);
    }

    /** {@link #hash} of a byte string of {@code n <= 8} bytes held in the low bytes of {@code w} (the rest zero). */
    static int hashWord(long w, int n) {
        long x = (w + n) * 0x9E3779B97F4A7C15L;
        return (int) (x >>> 32);
    }

    /** Eight bytes at {@code p} as a little-endian word ({@code p + 8 <= b.length}). */
    static long word(byte[] b, int p) {
        return (long) LONGS.get(b, p);
    }

    static void putWord(byte[] b, int p, long v) {
        LONGS.set(b, p, v);
    }

    /**
     * The length (0..7) of the string in {@code v}'s low bytes when its closing quote is in the
     * word and every byte before it is plain ASCII (no escape, no control character, no byte of
     * 0x80 or above); -1 otherwise. Most keys and many values of a document are such strings:
     * one load, one test and one store read them.
     */
    static int shortPlain(long v) {
        long special = special(v);
        if (special == 0) {
            return -1;
        }
        int k = firstFlagged(special);
        if ((byte) (v >>> (k << 3)) != '"' || (v & lowBytes(k) & HIGHS) != 0) {
            return -1;
        }
        return k;
    }

    /** True when none of the low {@code n} bytes of {@code v} is a quote, a backslash or a control character. */
    static boolean plain(long v, int n) {
        return (special(v) & lowBytes(n)) == 0;
    }

    static long low(long v, int n) {
        return v & lowBytes(n);
    }

    private static int marked(long h, int p) {
        return (h & HIGHS) != 0 ? ~p : p;
    }
}
