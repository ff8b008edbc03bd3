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

    /** Decimal digits of {@code v}. */
    public void decimal(long v) {
        ensure(20);
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int p = len + digits;
        len = p;
        do {
            buf[--p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
    }

    public byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }
}
