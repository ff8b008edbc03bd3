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

    /**
     * Like {@link #plainRun}, for the parser: the end of the run, or its bitwise
     * complement (a negative number) when the run holds a byte of 0x80 or above (UTF-8 to check).
     */
    static int plainRunMarked(byte[] b, int from, int to) {
        int p = from;
        long h = 0;
        while (p + 8 <= to) {
            long v = (long) LONGS.get(b, p);
            long q = v ^ QUOTES;
            long s = v ^ BACKSLASHES;
            long special = ((q - ONES) & ~q) | ((s - ONES) & ~s) | ((v - SPACES) & ~v);
            if ((special & HIGHS) != 0) {
                break;
            }
            h |= v;
            p += 8;
        }
        while (p < to) {
            byte c = b[p];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                break;
            }
            h |= c;
            p++;
        }
        return (h & HIGHS) != 0 || h < 0 ? ~p : p;
    }

    /** The first offset in {@code [from, to)} whose byte is {@code "}, {@code \\} or below 0x20, or {@code to}. */
    static int plainRun(byte[] b, int from, int to) {
        int p = from;
        while (p + 8 <= to) {
            long v = (long) LONGS.get(b, p);
            long q = v ^ QUOTES;
            long s = v ^ BACKSLASHES;
            long special = ((q - ONES) & ~q) | ((s - ONES) & ~s) | ((v - SPACES) & ~v);
            if ((special & HIGHS) != 0) {
                break;
            }
            p += 8;
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
