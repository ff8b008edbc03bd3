package io.sockudo.kv.types.stack.json;

/**
 * The stored form of a JSON document: one packed byte sequence, never text, never a tree of Java
 * objects (a 1 KB document would cost several KB as objects). Every value starts with a tag byte:
 *
 * <pre>
 *   NULL FALSE TRUE                      tag only
 *   INT     tag, zigzag varint           64-bit signed integers (RedisJSON's i64)
 *   UINT    tag, 8 bytes                 integers above Long.MAX_VALUE up to 2^64-1 (RedisJSON's u64)
 *   DOUBLE  tag, 8 bytes (IEEE bits)     every number written with a fraction or exponent: 1.0 stays 1.0
 *   STRING  tag, varint length, UTF-8    the unescaped bytes
 *   ARRAY   tag, u32 size, u32 count, elements
 *   OBJECT  tag, u32 size, u32 count, (varint key length, key bytes, value)*   members in insertion order
 * </pre>
 *
 * A container's {@code size} is the byte length of its content after the 9-byte header, so any
 * value is skipped in O(1): walking to a path costs the members passed on the way, not the
 * document. The header fields have a fixed width so that an edit below a container rewrites them
 * in place without shifting anything (see {@link JsonValue#splice}).
 */
public final class Packed {
    public static final byte NULL = 0;
    public static final byte FALSE = 1;
    public static final byte TRUE = 2;
    public static final byte INT = 3;
    public static final byte UINT = 4;
    public static final byte DOUBLE = 5;
    public static final byte STRING = 6;
    public static final byte ARRAY = 7;
    public static final byte OBJECT = 8;

    /** Tag plus size plus count. */
    public static final int HEADER = 9;

    private Packed() {
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

    public static long u64(byte[] b, int p) {
        return (u32(b, p) & 0xffffffffL) | (long) u32(b, p + 4) << 32;
    }

    public static void putU64(byte[] b, int p, long v) {
        putU32(b, p, (int) v);
        putU32(b, p + 4, (int) (v >>> 32));
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

    public static byte tag(byte[] b, int p) {
        return b[p];
    }

    public static boolean isContainer(byte tag) {
        return tag == ARRAY || tag == OBJECT;
    }

    /** The offset right after the value at {@code p}. */
    public static int skip(byte[] b, int p) {
        switch (b[p]) {
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
            case ARRAY, OBJECT:
                return p + HEADER + u32(b, p + 1);
            default:
                throw new IllegalStateException("corrupt JSON value: tag " + b[p] + " at " + p);
        }
    }

    /** Content byte length of the container at {@code p}. */
    public static int size(byte[] b, int p) {
        return u32(b, p + 1);
    }

    /** Number of elements or members of the container at {@code p}. */
    public static int count(byte[] b, int p) {
        return u32(b, p + 5);
    }

    /** Offset of the first element or member of the container at {@code p}. */
    public static int first(byte[] b, int p) {
        return p + HEADER;
    }

    /** Offset after the content of the container at {@code p}. */
    public static int end(byte[] b, int p) {
        return p + HEADER + u32(b, p + 1);
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
        switch (b[p]) {
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

    public static boolean isNumber(byte tag) {
        return tag == INT || tag == UINT || tag == DOUBLE;
    }

    /** Byte length of the string at {@code p}. */
    public static int strLen(byte[] b, int p) {
        return (int) varint(b, p + 1);
    }

    /** Offset of the bytes of the string at {@code p}. */
    public static int strOff(byte[] b, int p) {
        int n = (int) varint(b, p + 1);
        return p + 1 + varintLength(n);
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
        int m = obj + HEADER;
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

    /** The member (key offset) holding {@code key} in the object at {@code obj}, or -1. */
    public static int findMember(byte[] b, int obj, byte[] key, int koff, int klen) {
        int m = obj + HEADER;
        int end = end(b, obj);
        while (m < end) {
            int n = (int) varint(b, m);
            int k = m + varintLength(n);
            if (n == klen && regionEquals(b, k, key, koff, klen)) {
                return m;
            }
            m = skip(b, k + n);
        }
        return -1;
    }

    /** Element {@code index} (0-based, in range) of the array at {@code arr}. */
    public static int element(byte[] b, int arr, int index) {
        int p = arr + HEADER;
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

    /** RedisJSON's type names (JSON.TYPE): u64 integers are still "integer". */
    public static String typeName(byte tag) {
        switch (tag) {
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
