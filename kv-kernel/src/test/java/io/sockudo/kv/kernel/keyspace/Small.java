package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.InlineCodec;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A mutable test value whose type has an inline form (for texts of up to 20 bytes that do not start
 * with '#'), as the strings family's has: the kernel packs it with its key; views are read-only.
 */
final class Small implements KvValue {
    static final InlineCodec CODEC = new InlineCodec() {
        @Override
        public int inlineLength(KvValue value) {
            Small s = (Small) value;
            return s.text.length > 20 || (s.text.length > 0 && s.text[0] == '#') ? -1 : s.text.length;
        }

        @Override
        public void writeInline(KvValue value, byte[] dst, int off) {
            byte[] t = ((Small) value).text;
            System.arraycopy(t, 0, dst, off, t.length);
        }

        @Override
        public KvValue view(byte[] src, int off, int len) {
            Small s = new Small(Arrays.copyOfRange(src, off, off + len));
            s.readOnly = true;
            return s;
        }

        @Override
        public KvValue inflate(byte[] src, int off, int len) {
            return new Small(Arrays.copyOfRange(src, off, off + len));
        }
    };

    static final ValueType TYPE = new ValueType() {
        @Override
        public String name() {
            return "small";
        }

        @Override
        public InlineCodec inlineCodec() {
            return CODEC;
        }
    };

    private byte[] text;
    boolean readOnly;

    Small(byte[] text) {
        this.text = text;
    }

    Small(String text) {
        this(text.getBytes(StandardCharsets.UTF_8));
    }

    String text() {
        return new String(text, StandardCharsets.UTF_8);
    }

    void set(String t) {
        if (readOnly) {
            throw new IllegalStateException("read-only view");
        }
        text = t.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ValueType type() {
        return TYPE;
    }

    @Override
    public String encoding() {
        return "small";
    }

    @Override
    public long memoryUsage() {
        return 24 + ((16L + text.length + 7) & ~7L);
    }

    @Override
    public KvValue copy() {
        return new Small(text.clone());
    }

    @Override
    public String toString() {
        return text();
    }
}
