package io.sockudo.kv.types.stack.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Writes packed values as JSON text the way RedisJSON does (serde_json's serializer with
 * RedisJSON's formatter): compact by default; {@code INDENT}, {@code NEWLINE} and {@code SPACE}
 * strings placed where its formatter places them; strings escaped as serde_json escapes them
 * ({@code \" \\ \b \f \n \r \t}, other control characters as {@code \\u00xx}, everything else
 * verbatim, non-ASCII included).
 */
public final class JsonWriter {
    /** No formatting: the compact form. */
    public static final JsonWriter COMPACT = new JsonWriter(null, null, null);

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final byte[] indent;
    private final byte[] newline;
    private final byte[] space;

    /** No formatting strings: values go through {@link #compactAt}. */
    private final boolean compact;

    public JsonWriter(byte[] indent, byte[] newline, byte[] space) {
        this.indent = indent;
        this.newline = newline;
        this.space = space;
        this.compact = indent == null && newline == null && space == null;
    }

    public boolean compact() {
        return compact;
    }

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int NULL_WORD = 'n' | 'u' << 8 | 'l' << 16 | 'l' << 24;
    private static final int TRUE_WORD = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
    private static final int FALS_WORD = 'f' | 'a' << 8 | 'l' << 16 | 's' << 24;

    /**
     * The compact form (JSON.GET without formatting, the usual reply), written without the
     * formatting checks and with the tags read directly: this is the whole cost of a JSON.GET
     * of a document beyond moving its bytes. Returns the offset after the value.
     */
    private static int compactAt(byte[] b, int p, Scratch out) {
        int t = b[p];
        if (t >= Packed.SHORT) {
            int n = t - Packed.SHORT;
            string(b, p + 1, n, out);
            return p + 1 + n;
        }
        switch (t) {
            case Packed.NULL, Packed.TRUE, Packed.FALSE -> {
                out.ensure(5);
                byte[] o = out.buf;
                int ol = out.len;
                if (t == Packed.FALSE) {
                    INTS.set(o, ol, FALS_WORD);
                    o[ol + 4] = 'e';
                    out.len = ol + 5;
                } else {
                    INTS.set(o, ol, t == Packed.NULL ? NULL_WORD : TRUE_WORD);
                    out.len = ol + 4;
                }
                return p + 1;
            }
            case Packed.ARRAY16, Packed.OBJECT16, Packed.ARRAY, Packed.OBJECT -> {
                boolean object = t == Packed.OBJECT16 || t == Packed.OBJECT;
                int n = Packed.count(b, p);
                int e = Packed.first(b, p);
                out.put((byte) (object ? '{' : '['));
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.put((byte) ',');
                    }
                    if (object) {
                        int klen = b[e];
                        int koff = e + 1;
                        if (klen < 0) { // a key of 128 bytes or more: a longer varint
                            klen = Packed.keyLen(b, e);
                            koff = Packed.keyOff(b, e);
                        }
                        string(b, koff, klen, out);
                        out.put((byte) ':');
                        e = koff + klen;
                    }
                    e = compactAt(b, e, out);
                }
                out.put((byte) (object ? '}' : ']'));
                return e;
            }
            default -> {
                return COMPACT.scalarAt(b, p, out);
            }
        }
    }

    /** Appends the value at {@code p} of {@code b}. */
    public void value(byte[] b, int p, Scratch out) {
        valueAt(b, p, out, 0);
    }

    /**
     * Appends the value at {@code p}; returns the offset after it, so containers walk their items
     * without skipping each one again ({@link Packed#skip}).
     */
    private int valueAt(byte[] b, int p, Scratch out, int level) {
        if (compact) {
            return compactAt(b, p, out);
        }
        switch (Packed.kind(b, p)) {
            case Packed.NULL -> {
                out.ascii("null");
                return p + 1;
            }
            case Packed.FALSE -> {
                out.ascii("false");
                return p + 1;
            }
            case Packed.TRUE -> {
                out.ascii("true");
                return p + 1;
            }
            case Packed.INT, Packed.UINT, Packed.DOUBLE, Packed.STRING -> {
                return scalarAt(b, p, out);
            }
            case Packed.ARRAY -> {
                out.put((byte) '[');
                int n = Packed.count(b, p);
                int e = Packed.first(b, p);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.put((byte) ',');
                    }
                    newLine(out, level + 1);
                    e = valueAt(b, e, out, level + 1);
                }
                if (n > 0) {
                    newLine(out, level);
                }
                out.put((byte) ']');
                return e;
            }
            default -> {
                out.put((byte) '{');
                int n = Packed.count(b, p);
                int m = Packed.first(b, p);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.put((byte) ',');
                    }
                    newLine(out, level + 1);
                    int klen = Packed.keyLen(b, m);
                    int koff = Packed.keyOff(b, m);
                    string(b, koff, klen, out);
                    colon(out);
                    m = valueAt(b, koff + klen, out, level + 1);
                }
                if (n > 0) {
                    newLine(out, level);
                }
                out.put((byte) '}');
                return m;
            }
        }
    }

    /** A number or a string (the compact writer's less common values; every writer's scalars). */
    private int scalarAt(byte[] b, int p, Scratch out) {
        switch (Packed.kind(b, p)) {
            case Packed.INT -> {
                out.decimal(Packed.intValue(b, p));
                return p + 1 + Packed.varintSize(b, p + 1);
            }
            case Packed.UINT -> {
                out.ascii(Long.toUnsignedString(Packed.uintValue(b, p)));
                return p + 9;
            }
            case Packed.DOUBLE -> {
                DoubleText.write(Packed.doubleValue(b, p), out);
                return p + 9;
            }
            default -> {
                int off = Packed.strOff(b, p);
                int len = Packed.strLen(b, p);
                string(b, off, len, out);
                return off + len;
            }
        }
    }

    /** Appends the value at {@code p} as if nested {@code level} containers deep (indentation). */
    public void value(byte[] b, int p, Scratch out, int level) {
        valueAt(b, p, out, level);
    }

    /** Before item {@code i} of a container the caller writes, its items at {@code level}. */
    public void item(Scratch out, int i, int level) {
        if (i > 0) {
            out.put((byte) ',');
        }
        newLine(out, level);
    }

    /** Before member {@code i} of an object the caller writes: separator, key and colon. */
    public void key(Scratch out, int i, byte[] key, int level) {
        item(out, i, level);
        string(key, 0, key.length, out);
        colon(out);
    }

    /** Closes a caller-written container at {@code level} that had {@code n} items. */
    public void close(Scratch out, char c, int n, int level) {
        if (n > 0) {
            newLine(out, level);
        }
        out.put((byte) c);
    }

    private void colon(Scratch out) {
        out.put((byte) ':');
        if (space != null) {
            out.put(space);
        }
    }

    private void newLine(Scratch out, int level) {
        if (newline != null) {
            out.put(newline);
        }
        if (indent != null) {
            for (int i = 0; i < level; i++) {
                out.put(indent);
            }
        }
    }

    /** Appends a JSON string literal of the UTF-8 bytes {@code s[off..off+len)}. */
    public static void string(byte[] s, int off, int len, Scratch out) {
        if (len <= 8 && off + 8 <= s.length) {
            // most keys and many values: one load, one test, one store and the quotes
            long w = Swar.word(s, off);
            if (Swar.plain(w, len)) {
                out.ensure(10);
                byte[] o = out.buf;
                int ol = out.len;
                o[ol] = '"';
                Swar.putWord(o, ol + 1, w);
                o[ol + 1 + len] = '"';
                out.len = ol + 2 + len;
                return;
            }
        }
        int end = off + len;
        // room for the quotes and a word past the text: runs are copied as they are scanned
        out.ensure(len + 10);
        byte[] o = out.buf;
        int ol = out.len;
        o[ol++] = '"';
        int i = off;
        while (true) {
            int r = Swar.copyRun(s, i, end, o, ol);
            ol += r - i;
            if (r == end) {
                break;
            }
            byte c = s[r];
            i = r + 1;
            out.len = ol;
            switch (c) {
                case '"' -> out.ascii("\\\"");
                case '\\' -> out.ascii("\\\\");
                case '\n' -> out.ascii("\\n");
                case '\r' -> out.ascii("\\r");
                case '\t' -> out.ascii("\\t");
                case 8 -> out.ascii("\\b");
                case 12 -> out.ascii("\\f");
                default -> {
                    out.ascii("\\u00");
                    out.put(HEX[c >> 4]);
                    out.put(HEX[c & 0xf]);
                }
            }
            out.ensure(end - i + 9);
            o = out.buf;
            ol = out.len;
        }
        o[ol++] = '"';
        out.len = ol;
    }
}
