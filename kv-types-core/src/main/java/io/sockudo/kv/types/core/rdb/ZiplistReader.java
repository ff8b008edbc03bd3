package io.sockudo.kv.types.core.rdb;

import io.sockudo.kv.spi.Args;

import java.io.IOException;
import java.util.Arrays;

/**
 * Walks a ziplist blob (the packed encoding of RDB files written before Redis 7), validating as
 * Redis's {@code ziplistValidateIntegrity} does deeply: total bytes, tail offset, every entry's
 * previous-length and encoding, bounds, the end byte and (unless saturated) the entry count.
 */
public final class ZiplistReader {
    private final byte[] zl;
    private final int headerCount;
    private final int tail;
    private int p = 10;
    private int prevLen;
    private int lastStart = -1;
    private int seen;
    private boolean isInt;
    private long intValue;
    private int strOff;
    private int strLen;

    private ZiplistReader(byte[] zl, int headerCount, int tail) {
        this.zl = zl;
        this.headerCount = headerCount;
        this.tail = tail;
    }

    public static ZiplistReader open(byte[] zl) throws IOException {
        if (zl.length < 11) {
            throw new IOException("Ziplist integrity check failed: too short");
        }
        long total = le(zl, 0, 4);
        if (total != zl.length) {
            throw new IOException("Ziplist integrity check failed: header size");
        }
        long tail = le(zl, 4, 4);
        if (tail > zl.length - 1 || (zl[zl.length - 1] & 0xff) != 0xFF) {
            throw new IOException("Ziplist integrity check failed: tail or end byte");
        }
        return new ZiplistReader(zl, (int) le(zl, 8, 2), (int) tail);
    }

    private static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (b[off + i] & 0xffL) << (8 * i);
        }
        return v;
    }

    public int countHint() {
        return headerCount != 65535 ? headerCount : zl.length / 2;
    }

    public boolean next() throws IOException {
        byte[] b = zl;
        int end = b.length - 1;
        if (p > end) {
            throw corrupt("entry past the end");
        }
        if ((b[p] & 0xff) == 0xFF) {
            if (p != end) {
                throw corrupt("end byte before the end");
            }
            if (headerCount != 65535 && headerCount != seen) {
                throw corrupt("entry count");
            }
            if (seen > 0 ? lastStart != tail : tail != 10) {
                throw corrupt("tail offset");
            }
            return false;
        }
        int start = p;
        int q = p;
        int pl;
        if ((b[q] & 0xff) == 0xFE) {
            if (q + 5 > end) {
                throw corrupt("prevlen past the end");
            }
            pl = (int) le(b, q + 1, 4);
            q += 5;
        } else {
            pl = b[q] & 0xff;
            q += 1;
        }
        if (pl != prevLen) {
            throw corrupt("wrong prevlen");
        }
        if (q > end) {
            throw corrupt("entry past the end");
        }
        int e = b[q] & 0xff;
        switch (e >>> 6) {
            case 0:
                isInt = false;
                strLen = e & 0x3F;
                strOff = q + 1;
                break;
            case 1:
                if (q + 2 > end) {
                    throw corrupt("entry past the end");
                }
                isInt = false;
                strLen = ((e & 0x3F) << 8) | (b[q + 1] & 0xff);
                strOff = q + 2;
                break;
            case 2: {
                if (q + 5 > end) {
                    throw corrupt("entry past the end");
                }
                isInt = false;
                long l = (b[q + 1] & 0xffL) << 24 | (b[q + 2] & 0xffL) << 16 | (b[q + 3] & 0xffL) << 8 | (b[q + 4] & 0xffL);
                if (l > end) {
                    throw corrupt("string longer than the ziplist");
                }
                strLen = (int) l;
                strOff = q + 5;
                break;
            }
            default: {
                isInt = true;
                int n;
                if (e == 0xC0) {
                    n = 2;
                } else if (e == 0xD0) {
                    n = 4;
                } else if (e == 0xE0) {
                    n = 8;
                } else if (e == 0xF0) {
                    n = 3;
                } else if (e == 0xFE) {
                    n = 1;
                } else if (e >= 0xF1 && e <= 0xFD) {
                    n = 0;
                } else {
                    throw corrupt("bad encoding " + e);
                }
                if (q + 1 + n > end) {
                    throw corrupt("entry past the end");
                }
                if (n == 0) {
                    intValue = (e & 0x0F) - 1;
                } else {
                    long v = le(b, q + 1, n);
                    int shift = 64 - 8 * n;
                    intValue = (v << shift) >> shift;
                }
                strOff = q + 1 + n;
                strLen = 0;
            }
        }
        int next = strOff + strLen;
        if (next > end) {
            throw corrupt("entry past the end");
        }
        prevLen = next - start;
        lastStart = start;
        p = next;
        seen++;
        return true;
    }

    private IOException corrupt(String what) {
        return new IOException("Ziplist integrity check failed: " + what);
    }

    public boolean isInt() {
        return isInt;
    }

    public long intValue() {
        return intValue;
    }

    /** The current element as a new array (integers in decimal). */
    public byte[] bytes() {
        return isInt ? Args.bytes(intValue) : Arrays.copyOfRange(zl, strOff, strOff + strLen);
    }
}
