package io.sockudo.kv.types.core.rdb;

import io.sockudo.kv.spi.Args;

import java.util.Arrays;

/**
 * Builds a listpack as Redis's {@code lpAppend} lays one out: a 6-byte header (total bytes and
 * element count, little-endian; the count saturates at 65535), the entries, the 0xFF end byte.
 * An element that is a canonical 64-bit integer (Redis's {@code lpStringToInt64}) takes the
 * smallest integer encoding; any other takes a 6, 12 or 32-bit string length. Each entry ends with
 * its back-length. The buffer is reused between {@link #reset()}s, so building one per value or
 * per node costs no allocation once warm.
 */
public final class ListpackWriter {
    private byte[] buf = new byte[256];
    private int pos;
    private int count;
    private boolean finished;

    public ListpackWriter() {
        reset();
    }

    /** Starts a new, empty listpack. */
    public ListpackWriter reset() {
        pos = 6;
        count = 0;
        finished = false;
        return this;
    }

    /** Appends an element as {@code lpAppend} would (integer encoding for canonical integers). */
    public void add(byte[] b, int off, int len) {
        if (len <= 20 && Args.isLong(b, off, len)) {
            addInteger(Args.parseLongUnchecked(b, off, len));
            return;
        }
        ensure(len + 10);
        int start = pos;
        if (len < 64) {
            buf[pos++] = (byte) (0x80 | len);
        } else if (len < 4096) {
            buf[pos++] = (byte) (0xE0 | (len >>> 8));
            buf[pos++] = (byte) len;
        } else {
            buf[pos++] = (byte) 0xF0;
            buf[pos++] = (byte) len;
            buf[pos++] = (byte) (len >>> 8);
            buf[pos++] = (byte) (len >>> 16);
            buf[pos++] = (byte) (len >>> 24);
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        backlen(pos - start);
        count++;
    }

    public void add(byte[] b) {
        add(b, 0, b.length);
    }

    /** Appends an integer element. */
    public void addInteger(long v) {
        ensure(16);
        int start = pos;
        if (v >= 0 && v <= 127) {
            buf[pos++] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            int u = (int) (v < 0 ? (1 << 13) + v : v);
            buf[pos++] = (byte) ((u >>> 8) | 0xC0);
            buf[pos++] = (byte) u;
        } else if (v >= -32768 && v <= 32767) {
            buf[pos++] = (byte) 0xF1;
            le(v, 2);
        } else if (v >= -8388608 && v <= 8388607) {
            buf[pos++] = (byte) 0xF2;
            le(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            buf[pos++] = (byte) 0xF3;
            le(v, 4);
        } else {
            buf[pos++] = (byte) 0xF4;
            le(v, 8);
        }
        backlen(pos - start);
        count++;
    }

    /** Elements added since {@link #reset()}. */
    public int count() {
        return count;
    }

    /** Writes the end byte and the header; returns the listpack's size ({@link #array()}[0, size)). */
    public int finish() {
        if (!finished) {
            ensure(1);
            buf[pos++] = (byte) 0xFF;
            finished = true;
        }
        int total = pos;
        buf[0] = (byte) total;
        buf[1] = (byte) (total >>> 8);
        buf[2] = (byte) (total >>> 16);
        buf[3] = (byte) (total >>> 24);
        int n = Math.min(count, 65535);
        buf[4] = (byte) n;
        buf[5] = (byte) (n >>> 8);
        return total;
    }

    /** The buffer ({@link #finish()} first); valid until the next change. */
    public byte[] array() {
        return buf;
    }

    /** A copy of the finished listpack. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, finish());
    }

    private void le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    private void backlen(int l) {
        if (l <= 127) {
            buf[pos++] = (byte) l;
        } else if (l < 16383) {
            buf[pos++] = (byte) (l >>> 7);
            buf[pos++] = (byte) ((l & 127) | 128);
        } else if (l < 2097151) {
            buf[pos++] = (byte) (l >>> 14);
            buf[pos++] = (byte) (((l >>> 7) & 127) | 128);
            buf[pos++] = (byte) ((l & 127) | 128);
        } else if (l < 268435455) {
            buf[pos++] = (byte) (l >>> 21);
            buf[pos++] = (byte) (((l >>> 14) & 127) | 128);
            buf[pos++] = (byte) (((l >>> 7) & 127) | 128);
            buf[pos++] = (byte) ((l & 127) | 128);
        } else {
            buf[pos++] = (byte) (l >>> 28);
            buf[pos++] = (byte) (((l >>> 21) & 127) | 128);
            buf[pos++] = (byte) (((l >>> 14) & 127) | 128);
            buf[pos++] = (byte) (((l >>> 7) & 127) | 128);
            buf[pos++] = (byte) ((l & 127) | 128);
        }
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
        }
    }

    // ---- sizes ---------------------------------------------------------------------------------

    /** Bytes a back-length of {@code l} takes. */
    public static int backlenSize(int l) {
        return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    }

    /** Bytes an integer element takes (encoding, data, back-length). */
    public static int integerSize(long v) {
        int enc;
        if (v >= 0 && v <= 127) {
            enc = 1;
        } else if (v >= -4096 && v <= 4095) {
            enc = 2;
        } else if (v >= -32768 && v <= 32767) {
            enc = 3;
        } else if (v >= -8388608 && v <= 8388607) {
            enc = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc = 5;
        } else {
            enc = 9;
        }
        return enc + backlenSize(enc);
    }

    /** Bytes an element takes in a listpack (as {@link #add} encodes it). */
    public static int entrySize(byte[] b, int off, int len) {
        if (len <= 20 && Args.isLong(b, off, len)) {
            return integerSize(Args.parseLongUnchecked(b, off, len));
        }
        int enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
        return enc + backlenSize(enc);
    }
}
