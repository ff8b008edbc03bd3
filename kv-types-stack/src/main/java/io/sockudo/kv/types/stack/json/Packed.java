package io.sockudo.kv.types.stack.json;

/**
 * The stored form of a JSON document: one packed byte sequence, never text, never a tree of Java
 * objects (a 1 KB document would cost several KB as objects). Every value starts with a tag byte:
 *
 * <pre>
 *   NULL FALSE TRUE                  tag only
 *   INT     tag, zigzag varint       64-bit signed integers (RedisJSON's i64)
 *   UINT    tag, 8 bytes             integers above Long.MAX_VALUE up to 2^64-1 (RedisJSON's u64)
 *   DOUBLE  tag, 8 bytes (IEEE)      every number written with a fraction or exponent: 1.0 stays 1.0
 *   STRING  tag, varint length, UTF-8 bytes; below 64 bytes the length is in the tag (SHORT + n)
 *   ARRAY   tag, size, count, elements
 *   OBJECT  tag, size, count, (varint key length, key bytes, value)*   members in insertion order
 * </pre>
 *
 * A container's {@code size} is the byte length of its content after its header, so any value is
 * skipped in O(1): walking to a path costs the members passed on the way, not the document. Size
 * and count are fixed-width fields, so an edit below a container rewrites them in place without
 * shifting anything (see {@link JsonValue}). A document of at most 64 KB uses 2-byte fields
 * throughout (the {@code ARRAY16}/{@code OBJECT16} tags, 5-byte headers); a larger one uses
 * 4-byte fields ({@code ARRAY}/{@code OBJECT}, 9-byte headers), converted once when it grows past
 * the limit. Code reads a value's {@link #kind} and goes through the accessors here, never the raw tag.
 */
public final class Packed {
    // kinds (and the tags of the fixed encodings)
    public static final byte NULL = 0;
    public static final byte FALSE = 1;
    public static final byte TRUE = 2;
    public static final byte INT = 3;
    public static final byte UINT = 4;
    public static final byte DOUBLE = 5;
    public static final byte STRING = 6;
    public static final byte ARRAY = 7;
    public static final byte OBJECT = 8;
    /** Tags of containers with 2-byte size and count. */
    public static final byte ARRAY16 = 9;
    public static final byte OBJECT16 = 10;
    /** Tag of a string shorter than 64 bytes: SHORT + length. */
    public static final int SHORT = 0x40;
    public static final int SHORT_MAX = 63;

    /** The largest document (and so container size and count) written with 2-byte fields. */
    public static final int NARROW_LIMIT = 0xFFFF;

    private static final byte[] KIND = new byte[128];

    static {
        for (int t = 0; t < 128; t++) {
            KIND[t] = t >= SHORT ? STRING : t == ARRAY16 ? ARRAY : t == OBJECT16 ? OBJECT : (byte) t;
        }
    }

    private Packed() {
    }

    /** The kind of the value at {@code p}: NULL FALSE TRUE INT UINT DOUBLE STRING ARRAY OBJECT. */
    public static byte kind(byte[] b, int p) {
        return KIND[b[p]];
    }

    public static boolean isContainer(byte kind) {
        return kind == ARRAY || kind == OBJECT;
    }

    /** True for a container written with 2-byte size and count. */
    public static boolean isNarrow(byte[] b, int p) {
        return b[p] == ARRAY16 || b[p] == OBJECT16;
    }

    /** Header length of the container at {@code p}. */
    public static int header(byte[] b, int p) {
        return isNarrow(b, p) ? 5 : 9;
    }

    // ------------------------------------------------------------------ fixed-width fields

    public static int u32(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }

    public static void putU32(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Eight bytes, little-endian, in one load (doubles and u64 integers). */
    public static long u64(byte[] b, int p) {
        return (long) LONGS.get(b, p);
    }

    public static void putU64(byte[] b, int p, long v) {
        LONGS.set(b, p, v);
    }

    // ------------------------------------------------------------------ varints

    /** Unsigned LEB128 value at {@code p}. */
    public static long varint(byte[] b, int p) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte x = b[p++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
            shift += 7;
        }
    }

    /** Bytes taken by the varint at {@code p}. */
    public static int varintSize(byte[] b, int p) {
        int n = 1;
        while (b[p++] < 0) {
            n++;
        }
        return n;
    }

    /** Bytes a varint of {@code v} takes. */
    public static int varintLength(long v) {
        int n = 1;
        while ((v & ~0x7fL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** Writes {@code v} at {@code p}; returns the position after it. */
    public static int putVarint(byte[] b, int p, long v) {
        while ((v & ~0x7fL) != 0) {
            b[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    public static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    public static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    // ------------------------------------------------------------------ navigation

    /** The offset right after the value at {@code p}. */
    public static int skip(byte[] b, int p) {
        int t = b[p];
        if (t >= SHORT) {
            return p + 1 + (t - SHORT);
        }
        switch (t) {
            case NULL, FALSE, TRUE:
                return p + 1;
            case INT:
                return p + 1 + varintSize(b, p + 1);
            case UINT, DOUBLE:
                return p + 9;
            case STRING: {
                int n = (int) varint(b, p + 1);
                return p + 1 + varintLength(n) + n;
            }
            case ARRAY16, OBJECT16:
                return p + 5 + u16(b, p + 1);
            case ARRAY, OBJECT:
                return p + 9 + u32(b, p + 1);
            default:
                throw new IllegalStateException("corrupt JSON value: tag " + t + " at " + p);
        }
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    private static void putU16(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
    }

    /** Content byte length of the container at {@code p}. */
    public static int size(byte[] b, int p) {
        return isNarrow(b, p) ? u16(b, p + 1) : u32(b, p + 1);
    }

    public static void setSize(byte[] b, int p, int size) {
        if (isNarrow(b, p)) {
            putU16(b, p + 1, size);
        } else {
            putU32(b, p + 1, size);
        }
    }

    /** Number of elements or members of the container at {@code p}. */
    public static int count(byte[] b, int p) {
        return isNarrow(b, p) ? u16(b, p + 3) : u32(b, p + 5);
    }

    public static void setCount(byte[] b, int p, int count) {
        if (isNarrow(b, p)) {
            putU16(b, p + 3, count);
        } else {
            putU32(b, p + 5, count);
        }
    }

    /** Offset of the first element or member of the container at {@code p}. */
    public static int first(byte[] b, int p) {
        return p + header(b, p);
    }

    /** Offset after the content of the container at {@code p}. */
    public static int end(byte[] b, int p) {
        return isNarrow(b, p) ? p + 5 + u16(b, p + 1) : p + 9 + u32(b, p + 1);
    }

    /** Writes a container header of {@code kind} (ARRAY or OBJECT) at {@code p}; returns its length. */
    public static int putHeader(byte[] b, int p, byte kind, boolean narrow, int size, int count) {
        if (narrow) {
            b[p] = kind == ARRAY ? ARRAY16 : OBJECT16;
            putU16(b, p + 1, size);
            putU16(b, p + 3, count);
            return 5;
        }
        b[p] = kind;
        putU32(b, p + 1, size);
        putU32(b, p + 5, count);
        return 9;
    }

    public static long intValue(byte[] b, int p) {
        return unzigzag(varint(b, p + 1));
    }

    public static double doubleValue(byte[] b, int p) {
        return Double.longBitsToDouble(u64(b, p + 1));
    }

    /** Unsigned 64-bit value of a UINT. */
    public static long uintValue(byte[] b, int p) {
        return u64(b, p + 1);
    }

    /** Any number as a double (for filters and mixed arithmetic). */
    public static double asDouble(byte[] b, int p) {
        switch (kind(b, p)) {
            case INT:
                return intValue(b, p);
            case UINT: {
                long v = uintValue(b, p);
                return (double) (v >>> 1) * 2.0 + (v & 1);
            }
            default:
                return doubleValue(b, p);
        }
    }

    public static boolean isNumber(byte kind) {
        return kind == INT || kind == UINT || kind == DOUBLE;
    }

    /** Byte length of the string at {@code p}. */
    public static int strLen(byte[] b, int p) {
        int t = b[p];
        return t >= SHORT ? t - SHORT : (int) varint(b, p + 1);
    }

    /** Offset of the bytes of the string at {@code p}. */
    public static int strOff(byte[] b, int p) {
        if (b[p] >= SHORT) {
            return p + 1;
        }
        return p + 1 + varintSize(b, p + 1);
    }

    /** Bytes a string value of {@code n} bytes takes. */
    public static int stringSize(int n) {
        return n <= SHORT_MAX ? 1 + n : 1 + varintLength(n) + n;
    }

    /** Writes a string value of {@code src[off..off+n)} at {@code p}; returns the position after it. */
    public static int putString(byte[] b, int p, byte[] src, int off, int n) {
        if (n <= SHORT_MAX) {
            b[p++] = (byte) (SHORT + n);
        } else {
            b[p++] = STRING;
            p = putVarint(b, p, n);
        }
        System.arraycopy(src, off, b, p, n);
        return p + n;
    }

    /** Offset of the key bytes of the member at {@code m}. */
    public static int keyOff(byte[] b, int m) {
        return m + varintSize(b, m);
    }

    public static int keyLen(byte[] b, int m) {
        return (int) varint(b, m);
    }

    /** Offset of the value of the member at {@code m}. */
    public static int memberValue(byte[] b, int m) {
        int n = (int) varint(b, m);
        return m + varintLength(n) + n;
    }

    /** The value of member {@code key} in the object at {@code obj}, or -1. */
    public static int find(byte[] b, int obj, byte[] key, int koff, int klen) {
        int m = first(b, obj);
        int end = end(b, obj);
        while (m < end) {
            int n = (int) varint(b, m);
            int k = m + varintLength(n);
            int v = k + n;
            if (n == klen && regionEquals(b, k, key, koff, klen)) {
                return v;
            }
            m = skip(b, v);
        }
        return -1;
    }

    /** Element {@code index} (0-based, in range) of the array at {@code arr}. */
    public static int element(byte[] b, int arr, int index) {
        int p = first(b, arr);
        for (int i = 0; i < index; i++) {
            p = skip(b, p);
        }
        return p;
    }

    public static boolean regionEquals(byte[] a, int aoff, byte[] b, int boff, int len) {
        for (int i = 0; i < len; i++) {
            if (a[aoff + i] != b[boff + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the value at {@code p} of {@code src} to {@code out} with every container header in
     * the given width (2-byte fields when {@code narrow}).
     */
    public static void convert(byte[] src, int p, Scratch out, boolean narrow) {
        byte k = kind(src, p);
        if (!isContainer(k)) {
            out.put(src, p, skip(src, p) - p);
            return;
        }
        int h = out.len;
        int hl = narrow ? 5 : 9;
        out.ensure(hl);
        out.len += hl;
        int n = count(src, p);
        int e = first(src, p);
        for (int i = 0; i < n; i++) {
            if (k == OBJECT) {
                int v = memberValue(src, e);
                out.put(src, e, v - e);
                e = v;
            }
            int next = skip(src, e);
            convert(src, e, out, narrow);
            e = next;
        }
        putHeader(out.buf, h, k, narrow, out.len - h - hl, n);
    }

    /** RedisJSON's type names (JSON.TYPE): u64 integers are still "integer". */
    public static String typeName(byte kind) {
        switch (kind) {
            case NULL:
                return "null";
            case FALSE, TRUE:
                return "boolean";
            case INT, UINT:
                return "integer";
            case DOUBLE:
                return "number";
            case STRING:
                return "string";
            case ARRAY:
                return "array";
            default:
                return "object";
        }
    }
}
