package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.HeapArrays;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.Decimal;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

import java.util.Arrays;

/**
 * A string value: one byte array (possibly with spare capacity after in-place growth) plus how it
 * was made, from which the encoding Redis would report is derived:
 * <ul>
 *   <li>{@link #of}: set as a whole (SET, MSET, GETSET, APPEND on a new key): Redis runs
 *       {@code tryObjectEncoding}, so {@code int} for a canonical 64-bit integer, {@code embstr}
 *       up to 44 bytes, {@code raw} above.</li>
 *   <li>{@link #string}: built by Redis's {@code createStringObject} without that step
 *       (INCRBYFLOAT): {@code embstr} up to 44 bytes, {@code raw} above, never {@code int}.</li>
 *   <li>{@link #raw}: changed in place (APPEND, SETRANGE): always {@code raw}. Only a raw value owns
 *       its array outright (the others may share it with the command's arguments, which other
 *       parts of the server such as replication may still hold), so in-place writes first copy a
 *       non-raw value, as Redis's {@code dbUnshareStringValue} does.</li>
 * </ul>
 */
public final class StringValue implements KvValue {
    /** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    static final int EMBSTR_LIMIT = 44;
    /** Largest Java array we allocate. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Redis's SDS_MAX_PREALLOC: growth doubles below it and adds this much above it. */
    private static final int MAX_PREALLOC = 1024 * 1024;

    private static final byte AUTO = 0;
    private static final byte STRING = 1;
    private static final byte RAW = 2;

    private byte[] buf;
    private int len;
    private byte kind;
    /**
     * A read-only copy of a value the keyspace keeps packed ({@link StringInline#view}): every
     * mutator throws, so a change made after a read lookup fails loudly instead of being lost.
     * (The field fits in the object's padding: still 24 bytes.)
     */
    private boolean readOnly;
    /**
     * The array was made by this value (a counter's digits, an inflated copy) and nobody else
     * holds it: {@link #storeLong} may rewrite it in place. (Also in the padding.)
     */
    private boolean owned;

    private StringValue(byte[] buf, int len, byte kind) {
        this.buf = buf;
        this.len = len;
        this.kind = kind;
    }

    // ---- the inline form (StringInline): the kind byte, then the content ----------------------

    /** Bytes of the inline form, or -1 for a value that stays an object (raw, or over 44 bytes). */
    int inlineLength() {
        return kind == RAW || len > EMBSTR_LIMIT ? -1 : 1 + len;
    }

    void writeInline(byte[] dst, int off) {
        dst[off] = kind;
        System.arraycopy(buf, 0, dst, off + 1, len);
    }

    static StringValue fromInline(byte[] src, int off, int length, boolean readOnly) {
        byte k = src[off];
        if (k != AUTO && k != STRING) {
            throw new IllegalArgumentException("not an inline string kind: " + k);
        }
        StringValue v = new StringValue(Arrays.copyOfRange(src, off + 1, off + length), length - 1, k);
        v.readOnly = readOnly;
        v.owned = true;
        return v;
    }

    /** True for a read-only copy handed out by a read lookup. */
    public boolean readOnly() {
        return readOnly;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("a string value from a read lookup is read-only: look the key up with get() to change it");
        }
    }

    /** A value set as a whole (SET, MSET...): int, embstr or raw by content. Keeps {@code bytes}. */
    public static StringValue of(byte[] bytes) {
        return new StringValue(bytes, bytes.length, AUTO);
    }

    /** A value Redis creates without integer encoding (INCRBYFLOAT): embstr or raw by length. */
    public static StringValue string(byte[] bytes) {
        return new StringValue(bytes, bytes.length, STRING);
    }

    /** A value built in place (APPEND, SETRANGE): always raw. The value owns {@code bytes}. */
    public static StringValue raw(byte[] bytes) {
        return new StringValue(bytes, bytes.length, RAW);
    }

    /**
     * The content as an exact-length array. This is the backing array unless the value has spare
     * capacity (then a copy). The array may be changed later by in-place commands on a raw value:
     * callers that keep it beyond the current command must copy it.
     */
    public byte[] bytes() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    /** The backing array; only the first {@link #length()} bytes are the value. Do not modify. */
    public byte[] array() {
        return buf;
    }

    /** Length in bytes (what STRLEN reports). */
    public int length() {
        return len;
    }

    /** Replaces the content in place; the encoding becomes raw, as after APPEND in Redis. */
    public void setRaw(byte[] newBytes) {
        checkWritable();
        this.buf = newBytes;
        this.len = newBytes.length;
        this.kind = RAW;
    }

    /**
     * Replaces the content with the first {@code length} bytes of {@code array}, which the value
     * owns from now on (spare capacity kept, for families that edit values in place such as
     * HyperLogLog's sparse encoding). Every byte of {@code array} past {@code length} must be zero
     * (the guarantee {@link #mutableBuffer} relies on). The encoding becomes raw.
     */
    public void setRaw(byte[] array, int length) {
        checkWritable();
        this.buf = array;
        this.len = length;
        this.kind = RAW;
    }

    /**
     * INCR's store: the content becomes the decimal text of {@code v}, as if SET (so the
     * encoding is {@code int}). The value's own array is rewritten when it is long enough (no
     * allocation per INCR, as Redis updates an int-encoded value in place); an array it may share
     * (SET stores the command's argument) is never written.
     */
    void storeLong(long v) {
        checkWritable();
        int n = Decimal.length(v);
        if (owned && buf.length >= n) {
            Decimal.writeBackwards(v, buf, n);
            if (len > n) {
                Arrays.fill(buf, n, len, (byte) 0); // bytes past the length stay zero
            }
        } else {
            byte[] b = new byte[n];
            Decimal.writeBackwards(v, b, n);
            buf = b;
            owned = true;
        }
        len = n;
        kind = AUTO;
    }

    /**
     * Makes the value raw and at least {@code minLength} bytes long (new bytes are zero), growing
     * the array greedily as Redis's sds does so repeated appends stay amortized O(1), and returns
     * the array to write into. The caller checked {@code minLength} against the size limit.
     */
    public byte[] mutableBuffer(int minLength) {
        checkWritable();
        if (minLength > buf.length) {
            long greedy = minLength < MAX_PREALLOC ? 2L * minLength : (long) minLength + MAX_PREALLOC;
            // copyOf zero-fills, and bytes past len are never written before len covers them,
            // so the spare capacity is always zero (sdsgrowzero's guarantee)
            buf = Arrays.copyOf(buf, (int) Math.min(greedy, MAX_ARRAY));
        } else if (kind != RAW) {
            // unshare a value that may still be referenced as a command argument
            buf = buf.clone();
        }
        kind = RAW;
        if (minLength > len) {
            len = minLength;
        }
        return buf;
    }

    /** Appends {@code suffix} in place (the value becomes raw). */
    void append(byte[] suffix) {
        int start = len;
        byte[] b = mutableBuffer(len + suffix.length);
        System.arraycopy(suffix, 0, b, start, suffix.length);
    }

    /** Overwrites bytes at {@code offset}, growing with zero bytes as needed (the value becomes raw). */
    void setRange(int offset, byte[] src) {
        byte[] b = mutableBuffer(Math.max(len, offset + src.length));
        System.arraycopy(src, 0, b, offset, src.length);
    }

    @Override
    public ValueType type() {
        return StringType.INSTANCE;
    }

    @Override
    public String encoding() {
        if (kind == RAW) {
            return "raw";
        }
        if (kind == AUTO && len <= 20 && Args.isLong(buf, 0, len)) {
            return "int";
        }
        return len <= EMBSTR_LIMIT ? "embstr" : "raw";
    }

    @Override
    public long memoryUsage() {
        // object header + fields, then the array (header, capacity, padding; G1 regions if humongous)
        return 24 + HeapArrays.cost(buf.length, 1);
    }

    /** Redis's OBJ_SHARED_INTEGERS: SET of 0..9999 stores a shared object. */
    static final int SHARED_INTEGERS = 10000;

    @Override
    public int refCount() {
        if (kind == AUTO && len <= 4 && Args.isLong(buf, 0, len)) {
            long v = Args.parseLongUnchecked(buf, 0, len);
            if (v >= 0 && v < SHARED_INTEGERS) {
                return Integer.MAX_VALUE;
            }
        }
        return 1;
    }

    @Override
    public KvValue copy() {
        return new StringValue(Arrays.copyOf(buf, len), len, kind);
    }
}
