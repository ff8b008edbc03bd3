package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.KvException;

import java.nio.charset.StandardCharsets;

/**
 * Parses JSON text straight into the {@link Packed} form, with the rules and error texts of the
 * parser RedisJSON uses (serde_json): 64-bit integers stay integers, integers above
 * {@code Long.MAX_VALUE} up to 2^64-1 are kept as unsigned, larger ones and every number with a
 * fraction or exponent become doubles ({@code -0} too), nesting is limited to 127 levels, a
 * repeated key keeps its first position with the last value. Errors are thrown as
 * {@link KvException} carrying serde_json's message ({@code expected value at line 1 column 1}).
 */
public final class JsonParser {
    /** serde_json's recursion limit: the 128th nested container is refused. */
    private static final int MAX_DEPTH = 128;

    private final byte[] in;
    private final int start;
    private final int end;
    private final Scratch out;
    /** The output buffer and its length, held here while parsing (written back to {@code out} at the end). */
    private byte[] ob;
    private int ol;
    private int p;
    private int depth;
    private final int maxDepth;
    /** Writing 2-byte container fields; a document past 64 KB is parsed again with 4-byte ones. */
    private boolean narrow = true;

    /** Thrown (no stack trace) when a narrow parse outgrows 2-byte fields. */
    private static final RuntimeException WIDEN = new RuntimeException("widen", null, false, false) {
    };

    private JsonParser(byte[] in, int off, int len, Scratch out, int maxDepth) {
        this.maxDepth = maxDepth;
        this.in = in;
        this.start = off;
        this.end = off + len;
        this.out = out;
        this.ob = out.buf;
        this.ol = out.len;
        this.p = off;
        this.hashes = out.keyHashes;
    }

    /** Parses {@code in} and returns the packed value (a new array). */
    public static byte[] parse(byte[] in) {
        Scratch s = Scratch.forParse();
        parseInto(in, 0, in.length, s);
        return s.toArray();
    }

    /** Parses {@code in[off..off+len)} and appends the packed value to {@code out}. */
    public static void parseInto(byte[] in, int off, int len, Scratch out) {
        parseInto(in, off, len, out, true);
    }

    /**
     * Like {@link #parseInto(byte[], int, int, Scratch)}; without {@code limitDepth} any nesting is
     * read (loading a stored document, which edits below the root may have made deeper than a
     * command argument may be).
     */
    public static void parseInto(byte[] in, int off, int len, Scratch out, boolean limitDepth) {
        int start = out.len;
        JsonParser jp = new JsonParser(in, off, len, out, limitDepth ? MAX_DEPTH : Integer.MAX_VALUE);
        try {
            jp.run();
            out.buf = jp.ob;
            out.len = jp.ol;
            if (out.len - start <= Packed.NARROW_LIMIT) {
                return;
            }
        } catch (RuntimeException e) {
            if (e != WIDEN) {
                throw e;
            }
            out.buf = jp.ob;
        }
        out.len = start;
        JsonParser wide = new JsonParser(in, off, len, out, limitDepth ? MAX_DEPTH : Integer.MAX_VALUE);
        wide.narrow = false;
        wide.run();
        out.buf = wide.ob;
        out.len = wide.ol;
    }

    private void run() {
        ws();
        value();
        ws();
        if (p < end) {
            throw error("trailing characters", p);
        }
    }

    // ------------------------------------------------------------------ values

    private void value() {
        if (p >= end) {
            throw error("EOF while parsing a value", end);
        }
        byte c = in[p];
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> {
                p++;
                string();
            }
            case 't' -> literal(TRUE_WORD, 0, "true", Packed.TRUE);
            case 'f' -> literal(ALSE_WORD, 1, "false", Packed.FALSE);
            case 'n' -> literal(NULL_WORD, 0, "null", Packed.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw error("expected value", p);
                }
            }
        }
    }

    private static final java.lang.invoke.VarHandle INTS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final int TRUE_WORD = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
    private static final int ALSE_WORD = 'a' | 'l' << 8 | 's' << 16 | 'e' << 24;
    private static final int NULL_WORD = 'n' | 'u' << 8 | 'l' << 16 | 'l' << 24;

    /**
     * {@code true}, {@code false} or {@code null}: its last four bytes compared as one int
     * ({@code skip} bytes after the first); a mismatch or the end of input reads it byte by byte
     * for serde_json's error.
     */
    private void literal(int word, int skip, String text, byte tag) {
        int at = p + skip;
        if (at + 4 <= end && (int) INTS.get(in, at) == word) {
            p = at + 4;
            put(tag);
            return;
        }
        ident(text, tag);
    }

    private void ident(String word, byte tag) {
        p++;
        for (int i = 1; i < word.length(); i++) {
            if (p >= end) {
                throw error("EOF while parsing a value", end);
            }
            if (in[p] != word.charAt(i)) {
                throw error("expected ident", p);
            }
            p++;
        }
        put(tag);
    }

    private void enter() {
        if (++depth >= maxDepth) {
            throw error("recursion limit exceeded", p);
        }
    }

    /**
     * Hashes of the keys of the open objects, innermost last: a new key is compared byte by byte
     * with an earlier one only when their hashes match.
     */
    private int[] hashes;
    private int hashBase;
    private int hashTop;

    /** True when hash {@code h} is among the keys of the innermost open object. */
    private boolean hashSeen(int h) {
        for (int i = hashBase; i < hashTop; i++) {
            if (hashes[i] == h) {
                return true;
            }
        }
        return false;
    }

    private void array() {
        enter();
        p++;
        int header = ol;
        int hl = open(Packed.ARRAY);
        int count = 0;
        ws();
        if (p >= end) {
            throw error("EOF while parsing a list", end);
        }
        if (in[p] == ']') {
            p++;
        } else {
            while (true) {
                value();
                count++;
                ws();
                if (p >= end) {
                    throw error("EOF while parsing a list", end);
                }
                byte c = in[p];
                if (c == ',') {
                    p++;
                    ws();
                    if (p < end && in[p] == ']') {
                        throw error("trailing comma", p);
                    }
                } else if (c == ']') {
                    p++;
                    break;
                } else {
                    throw error("expected `,` or `]`", p);
                }
            }
        }
        close(header, hl, Packed.ARRAY, count);
        depth--;
    }

    /** Reserves a container header in the parse's width; returns its length. */
    private int open(byte kind) {
        int hl = narrow ? 5 : 9;
        ensure(hl);
        ob[ol] = narrow ? (kind == Packed.ARRAY ? Packed.ARRAY16 : Packed.OBJECT16) : kind;
        ol += hl;
        return hl;
    }

    private void close(int header, int hl, byte kind, int count) {
        int size = ol - header - hl;
        if (narrow && (size > Packed.NARROW_LIMIT || count > Packed.NARROW_LIMIT)) {
            throw WIDEN;
        }
        Packed.putHeader(ob, header, kind, narrow, size, count);
    }

    private void object() {
        enter();
        p++;
        int header = ol;
        int hl = open(Packed.OBJECT);
        int count = 0;
        int savedBase = hashBase;
        hashBase = hashTop;
        // one bit per key hash of this object: a new key whose bit is clear repeats no earlier
        // one, and the stack of hashes is searched only when it is set
        long seen = 0;
        ws();
        if (p >= end) {
            throw error("EOF while parsing an object", end);
        }
        if (in[p] == '}') {
            p++;
        } else {
            while (true) {
                if (p >= end) {
                    throw error("EOF while parsing an object", end);
                }
                if (in[p] != '"') {
                    throw error("key must be a string", p);
                }
                p++;
                int member = ol;
                int h = key();
                ws();
                if (p >= end) {
                    throw error("EOF while parsing an object", end);
                }
                if (in[p] != ':') {
                    throw error("expected `:`", p);
                }
                p++;
                ws();
                value();
                long bit = 1L << h; // Java shifts by h & 63
                if ((seen & bit) != 0 && hashSeen(h) && replaceDuplicate(header, member)) {
                    // the member was folded into its first occurrence
                } else {
                    count++;
                    if (hashTop == hashes.length) {
                        hashes = java.util.Arrays.copyOf(hashes, hashTop * 2);
                        out.keyHashes = hashes;
                    }
                    hashes[hashTop++] = h;
                    seen |= bit;
                }
                ws();
                if (p >= end) {
                    throw error("EOF while parsing an object", end);
                }
                byte c = in[p];
                if (c == ',') {
                    p++;
                    ws();
                    if (p < end && in[p] == '}') {
                        throw error("trailing comma", p);
                    }
                } else if (c == '}') {
                    p++;
                    break;
                } else {
                    throw error("expected `,` or `}`", p);
                }
            }
        }
        close(header, hl, Packed.OBJECT, count);
        hashTop = hashBase;
        hashBase = savedBase;
        depth--;
    }

    /**
     * When the member just written at {@code member} repeats an earlier key of the object at
     * {@code header}, moves its value over the earlier one (first position, last value) and
     * drops it. True when it did.
     */
    private boolean replaceDuplicate(int header, int member) {
        byte[] b = ob;
        int klen = Packed.keyLen(b, member);
        int koff = Packed.keyOff(b, member);
        int m = Packed.first(b, header);
        while (m < member) {
            int n = Packed.keyLen(b, m);
            int k = Packed.keyOff(b, m);
            int v = k + n;
            int vEnd = Packed.skip(b, v);
            if (n == klen && Packed.regionEquals(b, k, b, koff, klen)) {
                int newV = koff + klen;
                byte[] value = java.util.Arrays.copyOfRange(b, newV, ol);
                ol = member;
                // replace [v, vEnd) with value
                int delta = value.length - (vEnd - v);
                ensure(Math.max(0, delta));
                b = ob;
                System.arraycopy(b, vEnd, b, vEnd + delta, ol - vEnd);
                System.arraycopy(value, 0, b, v, value.length);
                ol += delta;
                return true;
            }
            m = vEnd;
        }
        return false;
    }

    // ------------------------------------------------------------------ strings

    /** Reads a key into the member's length and bytes; returns the key's hash (for repeated keys). */
    private int key() {
        if (p + 8 <= in.length) {
            long v = Swar.word(in, p);
            int k = Swar.shortPlain(v);
            if (k >= 0 && p + k < end) {
                // a short plain key: length byte and word stored at once, the word is the hash
                ensure(9);
                ob[ol] = (byte) k;
                Swar.putWord(ob, ol + 1, v);
                ol += 1 + k;
                p += k + 1;
                return Swar.hashWord(Swar.low(v, k), k);
            }
        }
        int lenPos = ol;
        put((byte) 0); // one byte for the length: enough below 128, widened after otherwise
        stringBody();
        int h = Swar.hash(ob, lenPos + 1, ol - lenPos - 1);
        writeLength(lenPos);
        return h;
    }

    private void string() {
        if (p + 8 <= in.length) {
            long v = Swar.word(in, p);
            int k = Swar.shortPlain(v);
            if (k >= 0 && p + k < end) {
                ensure(9);
                ob[ol] = (byte) (Packed.SHORT + k);
                Swar.putWord(ob, ol + 1, v);
                ol += 1 + k;
                p += k + 1;
                return;
            }
        }
        int tag = ol;
        put((byte) 0);
        stringBody();
        int n = ol - tag - 1;
        if (n <= Packed.SHORT_MAX) {
            ob[tag] = (byte) (Packed.SHORT + n);
            return;
        }
        int extra = Packed.varintLength(n);
        ensure(extra);
        System.arraycopy(ob, tag + 1, ob, tag + 1 + extra, n);
        ob[tag] = Packed.STRING;
        Packed.putVarint(ob, tag + 1, n);
        ol += extra;
    }

    /** Writes the varint length of the bytes after {@code lenPos}, moving them when it needs more than a byte. */
    private void writeLength(int lenPos) {
        int from = lenPos + 1;
        int n = ol - from;
        if (n < 128) {
            ob[lenPos] = (byte) n;
            return;
        }
        int extra = Packed.varintLength(n) - 1;
        ensure(extra);
        System.arraycopy(ob, from, ob, from + extra, n);
        Packed.putVarint(ob, lenPos, n);
        ol += extra;
    }

    /** Reads string content after the opening quote up to and including the closing one. */
    private void stringBody() {
        // the usual string: one plain ASCII run up to the closing quote. Kept small so that the
        // key and string readers inline it; escapes, UTF-8 and errors go the general way.
        ensure(end - p + 8); // room for the rest of the input and a word: the run is copied as scanned
        int r = Swar.copyRunMarked(in, p, end, ob, ol);
        if (r >= 0 && r < end && in[r] == '"') {
            ol += r - p;
            p = r + 1;
            return;
        }
        stringBodySlow();
    }

    /** {@link #stringBody} for strings with escapes or non-ASCII bytes, and for errors. */
    private void stringBodySlow() {
        while (true) {
            int runStart = p;
            // room for the rest of the input and a word: the run is copied as it is scanned
            ensure(end - p + 8);
            int r = Swar.copyRunMarked(in, p, end, ob, ol);
            boolean high = r < 0;
            p = high ? ~r : r;
            if (p > runStart) {
                if (high) {
                    validateUtf8(runStart, p);
                }
                ol += p - runStart;
            }
            if (p >= end) {
                throw error("EOF while parsing a string", end);
            }
            byte c = in[p];
            if (c == '"') {
                p++;
                return;
            }
            if (c != '\\') {
                throw error("control character (\\u0000-\\u001F) found while parsing a string", p);
            }
            p++;
            if (p >= end) {
                throw error("EOF while parsing a string", end);
            }
            byte e = in[p++];
            switch (e) {
                case '"' -> put((byte) '"');
                case '\\' -> put((byte) '\\');
                case '/' -> put((byte) '/');
                case 'b' -> put((byte) 8);
                case 'f' -> put((byte) 12);
                case 'n' -> put((byte) '\n');
                case 'r' -> put((byte) '\r');
                case 't' -> put((byte) '\t');
                case 'u' -> unicodeEscape();
                default -> throw error("invalid escape", p - 1);
            }
        }
    }

    private void unicodeEscape() {
        int cp = hex4();
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (p + 1 < end && in[p] == '\\' && in[p + 1] == 'u') {
                p += 2;
                int low = hex4();
                if (low < 0xDC00 || low > 0xDFFF) {
                    throw error("lone leading surrogate in hex escape", p - 1);
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
                throw error(p >= end ? "EOF while parsing a string" : "unexpected end of hex escape", Math.min(p, end));
            }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            throw error("lone leading surrogate in hex escape", p - 1);
        }
        utf8(cp);
    }

    private int hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            if (p >= end) {
                throw error("EOF while parsing a string", end);
            }
            int d = Character.digit(in[p], 16);
            if (d < 0) {
                throw error("invalid escape", p);
            }
            v = v << 4 | d;
            p++;
        }
        return v;
    }

    private void utf8(int cp) {
        ensure(4);
        byte[] b = ob;
        if (cp < 0x80) {
            b[ol++] = (byte) cp;
        } else if (cp < 0x800) {
            b[ol++] = (byte) (0xC0 | cp >> 6);
            b[ol++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            b[ol++] = (byte) (0xE0 | cp >> 12);
            b[ol++] = (byte) (0x80 | cp >> 6 & 0x3F);
            b[ol++] = (byte) (0x80 | cp & 0x3F);
        } else {
            b[ol++] = (byte) (0xF0 | cp >> 18);
            b[ol++] = (byte) (0x80 | cp >> 12 & 0x3F);
            b[ol++] = (byte) (0x80 | cp >> 6 & 0x3F);
            b[ol++] = (byte) (0x80 | cp & 0x3F);
        }
    }

    /** RedisJSON takes its arguments as UTF-8 strings: other bytes are refused. */
    private void validateUtf8(int from, int to) {
        int i = from;
        while (i < to) {
            int c = in[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                throw invalidUtf8(i);
            }
            if (i + n >= to) {
                throw invalidUtf8(i);
            }
            int cp = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int cc = in[i + k] & 0xff;
                if ((cc & 0xC0) != 0x80) {
                    throw invalidUtf8(i);
                }
                cp = cp << 6 | cc & 0x3F;
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw invalidUtf8(i);
            }
            i += n + 1;
        }
    }

    private KvException invalidUtf8(int at) {
        return new KvException("invalid utf-8 sequence of 1 bytes from index " + (at - start));
    }

    // ------------------------------------------------------------------ numbers

    private void number() {
        int from = p;
        boolean negative = false;
        if (in[p] == '-') {
            negative = true;
            p++;
            if (p >= end) {
                throw error("EOF while parsing a value", end);
            }
        }
        byte c = in[p];
        boolean isFloat = false;
        long mantissa = 0;
        if (c == '0') {
            p++;
            if (p < end && in[p] >= '0' && in[p] <= '9') {
                throw error("invalid number", p);
            }
        } else if (c >= '1' && c <= '9') {
            while (p < end && (c = in[p]) >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0'); // wraps past 18 digits: then not used
                p++;
            }
        } else {
            throw error("invalid number", p);
        }
        if (p < end && in[p] == '.') {
            isFloat = true;
            p++;
            int digits = p;
            while (p < end && (c = in[p]) >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                p++;
            }
            if (p == digits) {
                throw error(p >= end ? "EOF while parsing a value" : "invalid number", p);
            }
            if ((p >= end || (in[p] | 0x20) != 'e') && p - from - (negative ? 2 : 1) <= 15) {
                // at most 15 digits and no exponent: mantissa and 10^fraction are exact doubles,
                // so one correctly rounded division is the value (Clinger's fast path)
                double v = mantissa / POW10[p - digits];
                writeDouble(negative ? -v : v);
                return;
            }
        }
        if (p < end && (in[p] == 'e' || in[p] == 'E')) {
            isFloat = true;
            p++;
            if (p < end && (in[p] == '+' || in[p] == '-')) {
                p++;
            }
            int digits = p;
            while (p < end && in[p] >= '0' && in[p] <= '9') {
                p++;
            }
            if (p == digits) {
                throw error(p >= end ? "EOF while parsing a value" : "invalid number", p);
            }
        }
        if (!isFloat) {
            int digitsFrom = negative ? from + 1 : from;
            int n = p - digitsFrom;
            if (n <= 18) {
                long v = mantissa;
                if (negative && v == 0) {
                    writeDouble(-0.0); // serde_json reads -0 as a float
                } else {
                    writeInt(negative ? -v : v);
                }
                return;
            }
            if (n <= 20) {
                java.math.BigInteger big = new java.math.BigInteger(new String(in, from, p - from, StandardCharsets.US_ASCII));
                if (big.bitLength() <= 63) {
                    writeInt(big.longValue());
                    return;
                }
                if (!negative && big.bitLength() <= 64) {
                    put(Packed.UINT);
                    u64(big.longValue());
                    return;
                }
                if (negative && big.equals(java.math.BigInteger.valueOf(Long.MIN_VALUE))) {
                    writeInt(Long.MIN_VALUE);
                    return;
                }
            }
        }
        double d = fastDouble(from, p);
        if (Double.isNaN(d)) {
            d = Double.parseDouble(new String(in, from, p - from, StandardCharsets.US_ASCII));
        }
        if (Double.isInfinite(d)) {
            throw error("number out of range", from);
        }
        writeDouble(d);
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * The literal {@code in[from..to)} as a double when it has at most 15 significant digits and a
     * small exponent: then mantissa and power of ten are exact doubles and one IEEE operation rounds
     * correctly (Clinger's fast path). NaN when the literal needs the general conversion.
     */
    private double fastDouble(int from, int to) {
        int i = from;
        boolean negative = in[i] == '-';
        if (negative) {
            i++;
        }
        long m = 0;
        int digits = 0;
        int fraction = 0;
        boolean inFraction = false;
        for (; i < to; i++) {
            byte c = in[i];
            if (c == '.') {
                inFraction = true;
                continue;
            }
            if (c == 'e' || c == 'E') {
                break;
            }
            if (m != 0 || c != '0') {
                if (++digits > 15) {
                    return Double.NaN;
                }
            }
            m = m * 10 + (c - '0');
            if (inFraction) {
                fraction++;
            }
        }
        int exp = 0;
        if (i < to) {
            i++;
            boolean expNegative = false;
            if (in[i] == '+' || in[i] == '-') {
                expNegative = in[i] == '-';
                i++;
            }
            for (; i < to; i++) {
                exp = exp * 10 + (in[i] - '0');
                if (exp > 400) {
                    return Double.NaN;
                }
            }
            if (expNegative) {
                exp = -exp;
            }
        }
        int e = exp - fraction;
        double v;
        if (e == 0) {
            v = m;
        } else if (e > 0 && e <= 22) {
            v = m * POW10[e];
        } else if (e < 0 && e >= -22) {
            v = m / POW10[-e];
        } else {
            return m == 0 ? 0.0 * (negative ? -1 : 1) : Double.NaN;
        }
        return negative ? -v : v;
    }

    private void writeInt(long v) {
        put(Packed.INT);
        varint(Packed.zigzag(v));
    }

    private void writeDouble(double d) {
        put(Packed.DOUBLE);
        u64(Double.doubleToRawLongBits(d));
    }

    // ------------------------------------------------------------------ output

    private void ensure(int extra) {
        int need = ol + extra;
        if (need > ob.length) {
            ob = java.util.Arrays.copyOf(ob, Math.max(need, ob.length * 2));
        }
    }

    private void put(byte v) {
        if (ol == ob.length) {
            ob = java.util.Arrays.copyOf(ob, ob.length * 2);
        }
        ob[ol++] = v;
    }

    private void put(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, ob, ol, n);
        ol += n;
    }

    private void varint(long v) {
        ensure(10);
        ol = Packed.putVarint(ob, ol, v);
    }

    private void u64(long v) {
        ensure(8);
        Packed.putU64(ob, ol, v);
        ol += 8;
    }

    // ------------------------------------------------------------------ helpers

    private void ws() {
        while (p < end) {
            byte c = in[p];
            if (c > ' ') {
                return; // compact text: the usual case, one test
            }
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                p++;
            } else {
                return;
            }
        }
    }

    /** serde_json's error text: {@code <what> at line L column C}, C counting bytes up to the error. */
    private KvException error(String what, int at) {
        int upto = Math.min(end, at + 1);
        int line = 1;
        int lineStart = start;
        for (int i = start; i < upto; i++) {
            if (in[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new KvException(what + " at line " + line + " column " + (upto - lineStart));
    }
}
