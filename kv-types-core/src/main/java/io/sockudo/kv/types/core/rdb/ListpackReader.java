package io.sockudo.kv.types.core.rdb;

import io.sockudo.kv.spi.Args;

import java.io.IOException;
import java.util.Arrays;

/**
 * Walks a listpack blob read from an RDB file or payload, validating as it goes (Redis's
 * {@code lpValidateIntegrity} with deep checks): the header's total size, every entry's encoding,
 * that no entry runs past the end, each back-length, the end byte, and (unless it saturated at
 * 65535) the header's element count. Any violation is an {@link IOException}.
 *
 * <p>Usage: {@code r = ListpackReader.open(blob); while (r.next()) { r.isInt() ? r.intValue() :
 * r.array()[r.offset() .. +r.length()] }}.
 */
public final class ListpackReader {
    private final byte[] lp;
    private final int headerCount;
    private int p = 6;
    private int seen;
    private boolean isInt;
    private long intValue;
    private int strOff;
    private int strLen;
    private byte[] decimal;

    private ListpackReader(byte[] lp, int headerCount) {
        this.lp = lp;
        this.headerCount = headerCount;
    }

    /** Checks the header and end byte of {@code lp}. */
    public static ListpackReader open(byte[] lp) throws IOException {
        if (lp.length < 7) {
            throw new IOException("Listpack integrity check failed: too short");
        }
        long total = (lp[0] & 0xffL) | (lp[1] & 0xffL) << 8 | (lp[2] & 0xffL) << 16 | (lp[3] & 0xffL) << 24;
        if (total != lp.length) {
            throw new IOException("Listpack integrity check failed: header size " + total + " != " + lp.length);
        }
        if ((lp[lp.length - 1] & 0xff) != 0xFF) {
            throw new IOException("Listpack integrity check failed: no end byte");
        }
        return new ListpackReader(lp, (lp[4] & 0xff) | (lp[5] & 0xff) << 8);
    }

    /** The element count of the header (65535: unknown, count by walking). */
    public int headerCount() {
        return headerCount;
    }

    /** An upper bound of the element count, for sizing (never more than the blob can hold). */
    public int countHint() {
        return headerCount != 65535 ? headerCount : lp.length / 2;
    }

    /** Moves to the next element; false at the end (after checking the count). */
    public boolean next() throws IOException {
        byte[] b = lp;
        int end = b.length - 1;
        if (p > end) {
            throw corrupt("entry past the end");
        }
        int e = b[p] & 0xff;
        if (e == 0xFF) {
            if (p != end) {
                throw corrupt("end byte before the end");
            }
            if (headerCount != 65535 && headerCount != seen) {
                throw corrupt("count " + headerCount + " but " + seen + " elements");
            }
            return false;
        }
        int start = p;
        int q;
        decimal = null;
        if ((e & 0x80) == 0) {
            isInt = true;
            intValue = e;
            q = p + 1;
        } else if ((e & 0xC0) == 0x80) {
            isInt = false;
            strLen = e & 0x3F;
            strOff = p + 1;
            q = strOff + strLen;
        } else if ((e & 0xE0) == 0xC0) {
            need(p + 2, end);
            isInt = true;
            int u = ((e & 0x1F) << 8) | (b[p + 1] & 0xff);
            intValue = (u << 19) >> 19;
            q = p + 2;
        } else if ((e & 0xF0) == 0xE0) {
            need(p + 2, end);
            isInt = false;
            strLen = ((e & 0x0F) << 8) | (b[p + 1] & 0xff);
            strOff = p + 2;
            q = strOff + strLen;
        } else if (e == 0xF0) {
            need(p + 5, end);
            isInt = false;
            long l = (b[p + 1] & 0xffL) | (b[p + 2] & 0xffL) << 8 | (b[p + 3] & 0xffL) << 16 | (b[p + 4] & 0xffL) << 24;
            if (l > end) {
                throw corrupt("string longer than the listpack");
            }
            strLen = (int) l;
            strOff = p + 5;
            q = strOff + strLen;
        } else if (e >= 0xF1 && e <= 0xF4) {
            int n = e == 0xF1 ? 2 : e == 0xF2 ? 3 : e == 0xF3 ? 4 : 8;
            need(p + 1 + n, end);
            isInt = true;
            long v = 0;
            for (int i = 0; i < n; i++) {
                v |= (b[p + 1 + i] & 0xffL) << (8 * i);
            }
            int shift = 64 - 8 * n;
            intValue = (v << shift) >> shift;
            q = p + 1 + n;
        } else {
            throw corrupt("bad encoding " + e);
        }
        if (q > end) {
            throw corrupt("entry past the end");
        }
        int entryLen = q - start;
        int bl = ListpackWriter.backlenSize(entryLen);
        if (q + bl > end) {
            throw corrupt("back-length past the end");
        }
        if (decodeBacklen(b, q + bl - 1) != entryLen) {
            throw corrupt("wrong back-length");
        }
        p = q + bl;
        seen++;
        return true;
    }

    /** The value of Redis's reverse back-length ending at {@code last}. */
    private static long decodeBacklen(byte[] b, int last) {
        long v = 0;
        int shift = 0;
        int i = last;
        while (true) {
            int x = b[i] & 0xff;
            v |= (long) (x & 127) << shift;
            if ((x & 128) == 0) {
                return v;
            }
            shift += 7;
            i--;
            if (shift > 28) {
                return -1;
            }
        }
    }

    private void need(int upTo, int end) throws IOException {
        if (upTo > end) {
            throw corrupt("entry past the end");
        }
    }

    private IOException corrupt(String what) {
        return new IOException("Listpack integrity check failed: " + what);
    }

    /** True when the current element is integer-encoded. */
    public boolean isInt() {
        return isInt;
    }

    /** The current integer element. */
    public long intValue() {
        return intValue;
    }

    /** The array holding the current string element (the listpack itself), or its decimal form. */
    public byte[] array() {
        if (isInt) {
            if (decimal == null) {
                decimal = Args.bytes(intValue);
            }
            return decimal;
        }
        return lp;
    }

    /** Offset of the current element in {@link #array()}. */
    public int offset() {
        return isInt ? 0 : strOff;
    }

    /** Length of the current element in {@link #array()}. */
    public int length() {
        return isInt ? array().length : strLen;
    }

    /** The current element as a new array (integers in decimal). */
    public byte[] bytes() {
        return isInt ? array() : Arrays.copyOfRange(lp, strOff, strOff + strLen);
    }

    /** Elements walked so far. */
    public int seen() {
        return seen;
    }
}
