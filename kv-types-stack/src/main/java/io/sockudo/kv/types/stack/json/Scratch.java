package io.sockudo.kv.types.stack.json;

import java.util.Arrays;

/**
 * A growable byte buffer reused across commands on one thread (parsing into the packed form,
 * serialising replies): the hot paths then allocate only the stored result.
 */
public final class Scratch {
    private static final ThreadLocal<Scratch> PARSE = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<Scratch> TEXT = ThreadLocal.withInitial(Scratch::new);
    private static final int KEEP = 1 << 20;

    public byte[] buf = new byte[256];
    public int len;
    /** The parser's stack of key hashes (duplicate keys), kept with the buffer: no array per parse. */
    int[] keyHashes = new int[64];

    /** The thread's buffer for parsing input into the packed form (cleared). */
    public static Scratch forParse() {
        Scratch s = PARSE.get();
        s.reset();
        return s;
    }

    /** The thread's buffer for writing JSON text (cleared). */
    public static Scratch forText() {
        Scratch s = TEXT.get();
        s.reset();
        return s;
    }

    public void reset() {
        if (buf.length > KEEP) {
            // one huge document must not pin its size on the thread forever
            buf = new byte[256];
        }
        if (keyHashes.length > 4096) {
            keyHashes = new int[64];
        }
        len = 0;
    }

    public void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public void put(byte b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = b;
    }

    public void put(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, buf, len, n);
        len += n;
    }

    public void put(byte[] src) {
        put(src, 0, src.length);
    }

    public void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    public void varint(long v) {
        ensure(10);
        len = Packed.putVarint(buf, len, v);
    }

    public void u32(int v) {
        ensure(4);
        Packed.putU32(buf, len, v);
        len += 4;
    }

    public void u64(long v) {
        ensure(8);
        Packed.putU64(buf, len, v);
        len += 8;
    }

    /** "00" to "99": two digits per division when writing decimals. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Decimal digits of {@code v}. */
    public void decimal(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii("-9223372036854775808");
                return;
            }
            buf[len++] = '-';
            v = -v;
        }
        if (v < 10) {
            buf[len++] = (byte) ('0' + v); // the usual small integer: no digit count, no division
            return;
        }
        int digits = 2;
        for (long t = 100; digits < 19 && v >= t; t *= 10) {
            digits++;
        }
        byte[] b = buf;
        int p = len + digits;
        len = p;
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100) << 1;
            b[--p] = PAIRS[r + 1];
            b[--p] = PAIRS[r];
            v = q;
        }
        if (v >= 10) {
            int r = (int) v << 1;
            b[--p] = PAIRS[r + 1];
            b[--p] = PAIRS[r];
        } else {
            b[--p] = (byte) ('0' + v);
        }
    }

    public byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }
}
