package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

/**
 * A string value. The bytes are kept as given; the encoding Redis would report is derived from
 * how the value was made: {@code int} for canonical integers of up to 20 characters set as a
 * whole, {@code embstr} for other values up to 44 bytes, {@code raw} otherwise and after any
 * in-place change (APPEND, SETRANGE), as Redis's object encodings behave.
 */
public final class StringValue implements KvValue {
    /** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    static final int EMBSTR_LIMIT = 44;

    private byte[] bytes;
    private boolean raw;

    private StringValue(byte[] bytes, boolean raw) {
        this.bytes = bytes;
        this.raw = raw;
    }

    /** A value set as a whole (SET, MSET...): int, embstr or raw by content. */
    public static StringValue of(byte[] bytes) {
        return new StringValue(bytes, false);
    }

    /** A value built in place (APPEND, SETRANGE): always raw. */
    public static StringValue raw(byte[] bytes) {
        return new StringValue(bytes, true);
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Replaces the content in place; the encoding becomes raw, as after APPEND in Redis. */
    public void setRaw(byte[] newBytes) {
        this.bytes = newBytes;
        this.raw = true;
    }

    @Override
    public ValueType type() {
        return StringType.INSTANCE;
    }

    @Override
    public String encoding() {
        if (!raw && bytes.length <= 20 && Args.isLong(bytes)) {
            return "int";
        }
        if (raw) {
            return "raw";
        }
        return bytes.length <= EMBSTR_LIMIT ? "embstr" : "raw";
    }

    @Override
    public long memoryUsage() {
        return 16 + 16 + bytes.length;
    }

    /** Redis's OBJ_SHARED_INTEGERS: SET of 0..9999 stores a shared object. */
    static final int SHARED_INTEGERS = 10000;

    @Override
    public int refCount() {
        if (!raw && bytes.length <= 5 && Args.isLong(bytes)) {
            long v = Args.parseLongUnchecked(bytes, 0, bytes.length);
            if (v >= 0 && v < SHARED_INTEGERS) {
                return Integer.MAX_VALUE;
            }
        }
        return 1;
    }

    @Override
    public KvValue copy() {
        return new StringValue(bytes.clone(), raw);
    }
}
