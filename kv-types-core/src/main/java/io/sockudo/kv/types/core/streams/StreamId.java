package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KvException;

/**
 * A stream entry ID: two unsigned 64-bit numbers (milliseconds, sequence), compared as an
 * unsigned pair. Also the ID parsing rules of Redis's t_stream.c (strict and interval forms,
 * {@code <ms>-*}), with its error texts.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    /** 0-0. */
    public static final StreamId MIN = new StreamId(0, 0);
    /** The largest ID (both parts 2^64-1). */
    public static final StreamId MAX = new StreamId(-1L, -1L);

    static final String INVALID = "ERR Invalid stream ID specified as stream command argument";

    /** Unsigned comparison of two IDs given as parts. */
    public static int compare(long ms1, long seq1, long ms2, long seq2) {
        int c = Long.compareUnsigned(ms1, ms2);
        return c != 0 ? c : Long.compareUnsigned(seq1, seq2);
    }

    @Override
    public int compareTo(StreamId o) {
        return compare(ms, seq, o.ms, o.seq);
    }

    /** True for 0-0. */
    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    /** The next ID, or null when this is the largest (streamIncrID fails). */
    public StreamId next() {
        if (seq == -1L) {
            return ms == -1L ? null : new StreamId(ms + 1, 0);
        }
        return new StreamId(ms, seq + 1);
    }

    /** The previous ID, or null when this is 0-0. */
    public StreamId prev() {
        if (seq == 0) {
            return ms == 0 ? null : new StreamId(ms - 1, -1L);
        }
        return new StreamId(ms, seq - 1);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    /** The ID as reply bytes, {@code <ms>-<seq>} in unsigned decimal. */
    public byte[] bytes() {
        byte[] buf = new byte[41];
        int n = format(ms, seq, buf);
        return java.util.Arrays.copyOf(buf, n);
    }

    /** Writes {@code ms-seq} into {@code buf} (41 bytes suffice); returns the length. */
    static int format(long ms, long seq, byte[] buf) {
        int p = writeUnsigned(ms, buf, 0);
        buf[p++] = '-';
        return writeUnsigned(seq, buf, p);
    }

    private static int writeUnsigned(long v, byte[] buf, int at) {
        if (v == 0) {
            buf[at] = '0';
            return at + 1;
        }
        int digits = 0;
        byte[] tmp = new byte[20];
        if (v < 0) {
            // Unsigned: peel one digit with unsigned division so the rest fits a signed long.
            long q = Long.divideUnsigned(v, 10);
            tmp[digits++] = (byte) ('0' + (v - q * 10));
            v = q;
        }
        while (v > 0) {
            tmp[digits++] = (byte) ('0' + v % 10);
            v /= 10;
        }
        for (int i = digits - 1; i >= 0; i--) {
            buf[at++] = tmp[i];
        }
        return at;
    }

    // ---------------------------------------------------------------- parsing

    /** Result of a parse with {@code <ms>-*} allowed: the ID and whether the sequence was given. */
    record Parsed(StreamId id, boolean seqGiven) {
    }

    /**
     * Redis's streamGenericParseIDOrReply. {@code strict} rejects bare {@code -} and {@code +};
     * {@code allowAutoSeq} accepts {@code <ms>-*} (XADD). Returns null when invalid.
     */
    static Parsed parse(byte[] arg, int off, long missingSeq, boolean strict, boolean allowAutoSeq) {
        int end = off;
        int limit = arg.length;
        if (limit - off > 127) {
            return null;
        }
        // C-string semantics: the argument ends at the first NUL.
        while (end < limit && arg[end] != 0) {
            end++;
        }
        int len = end - off;
        if (len == 1 && (arg[off] == '-' || arg[off] == '+')) {
            if (strict) {
                return null;
            }
            return new Parsed(arg[off] == '-' ? MIN : MAX, true);
        }
        int dash = -1;
        for (int i = off; i < end; i++) {
            if (arg[i] == '-') {
                dash = i;
                break;
            }
        }
        int msEnd = dash < 0 ? end : dash;
        long[] out = new long[1];
        if (!string2ull(arg, off, msEnd, out)) {
            return null;
        }
        long ms = out[0];
        long seq = missingSeq;
        boolean seqGiven = true;
        if (dash >= 0) {
            if (allowAutoSeq && end - dash - 1 == 1 && arg[dash + 1] == '*') {
                seq = 0;
                seqGiven = false;
            } else if (!string2ull(arg, dash + 1, end, out)) {
                return null;
            } else {
                seq = out[0];
            }
        }
        return new Parsed(new StreamId(ms, seq), seqGiven);
    }

    /** A strict ID ({@code -} and {@code +} rejected) or the invalid-ID error. */
    static StreamId parseStrict(byte[] arg, long missingSeq) {
        Parsed p = parse(arg, 0, missingSeq, true, false);
        if (p == null) {
            throw new KvException(INVALID);
        }
        return p.id;
    }

    /** An ID where {@code -} and {@code +} are allowed, or the invalid-ID error. */
    static StreamId parseLoose(byte[] arg, long missingSeq) {
        Parsed p = parse(arg, 0, missingSeq, false, false);
        if (p == null) {
            throw new KvException(INVALID);
        }
        return p.id;
    }

    /**
     * An XRANGE bound: {@code (id} is exclusive (strict ID after the parenthesis); returns the
     * inclusive equivalent, or throws the interval error when it does not exist.
     */
    static StreamId parseInterval(byte[] arg, long missingSeq, boolean start) {
        if (arg.length > 1 && arg[0] == '(') {
            Parsed p = parse(arg, 1, missingSeq, true, false);
            if (p == null) {
                throw new KvException(INVALID);
            }
            StreamId id = start ? p.id.next() : p.id.prev();
            if (id == null) {
                throw new KvException(start ? "ERR invalid start ID for the interval"
                        : "ERR invalid end ID for the interval");
            }
            return id;
        }
        return parseLoose(arg, missingSeq);
    }

    /**
     * Redis's string2ull: a canonical integer (negative rejected), else what strtoull accepts
     * (leading spaces, a sign, leading zeros; a minus wraps around), all characters consumed.
     */
    static boolean string2ull(byte[] b, int from, int to, long[] out) {
        int len = to - from;
        if (Args.isLong(b, from, len)) {
            long v = Args.parseLongUnchecked(b, from, len);
            if (v < 0) {
                return false;
            }
            out[0] = v;
            return true;
        }
        int i = from;
        while (i < to && isSpace(b[i])) {
            i++;
        }
        boolean neg = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        if (i == to || len == 0) {
            return false;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            // Overflow check for unsigned 64-bit: v * 10 + d must fit.
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                return false;
            }
            long nv = v * 10 + d;
            if (Long.compareUnsigned(nv, v * 10) < 0) {
                return false;
            }
            v = nv;
        }
        out[0] = neg ? -v : v;
        return true;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
