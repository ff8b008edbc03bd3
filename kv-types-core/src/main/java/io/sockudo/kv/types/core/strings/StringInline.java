package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.InlineCodec;
import io.sockudo.kv.spi.KvValue;

/**
 * The inline form of strings Redis keeps as {@code int} or {@code embstr} (set as a whole, at most
 * 44 bytes): one kind byte (how the value was made, so OBJECT ENCODING and REFCOUNT stay exact)
 * then the content. Raw strings stay objects: APPEND, SETRANGE, bit and HyperLogLog commands
 * change them in place. {@code append}/{@code setRange} go through {@link StringValue#mutableBuffer},
 * which refuses a read-only view.
 */
final class StringInline implements InlineCodec {
    static final StringInline INSTANCE = new StringInline();

    private StringInline() {
    }

    @Override
    public int inlineLength(KvValue value) {
        return value instanceof StringValue s ? s.inlineLength() : -1;
    }

    @Override
    public void writeInline(KvValue value, byte[] dst, int off) {
        ((StringValue) value).writeInline(dst, off);
    }

    @Override
    public KvValue view(byte[] src, int off, int len) {
        return StringValue.fromInline(src, off, len, true);
    }

    @Override
    public KvValue inflate(byte[] src, int off, int len) {
        return StringValue.fromInline(src, off, len, false);
    }
}
