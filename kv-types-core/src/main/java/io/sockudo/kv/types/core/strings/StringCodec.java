package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueDigest;

import java.io.IOException;

/**
 * RDB serialization of strings ({@code RDB_TYPE_STRING}, 0): one RDB string, which the writer
 * stores as an integer or LZF-compressed as Redis chooses. Bitmaps and HyperLogLogs are strings
 * too. Loaded values get the encoding Redis's {@code tryObjectEncoding} would give them (int,
 * embstr or raw by content).
 */
final class StringCodec implements ValueCodec {
    static final StringCodec INSTANCE = new StringCodec();
    static final int RDB_TYPE_STRING = 0;

    private StringCodec() {
    }

    @Override
    public int rdbType(KvValue value) {
        return RDB_TYPE_STRING;
    }

    @Override
    public void write(KvValue value, RdbOutput out) throws IOException {
        StringValue s = (StringValue) value;
        out.writeString(s.array(), 0, s.length());
    }

    @Override
    public KvValue read(int rdbType, RdbInput in) throws IOException {
        if (rdbType != RDB_TYPE_STRING) {
            throw new IOException("not a string RDB type: " + rdbType);
        }
        return StringValue.of(in.readString());
    }

    /** {@code SET key value}, as Redis's rewriteAppendOnlyFileRio writes a string. */
    @Override
    public void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        StringValue s = (StringValue) value;
        out.emit(SET, key, java.util.Arrays.copyOf(s.array(), s.length()));
    }

    private static final byte[] SET = {'S', 'E', 'T'};

    @Override
    public int[] rdbTypes() {
        return new int[] {RDB_TYPE_STRING};
    }

    @Override
    public void digest(KvValue value, ValueDigest digest) {
        StringValue s = (StringValue) value;
        digest.mix(s.array(), 0, s.length());
    }
}
