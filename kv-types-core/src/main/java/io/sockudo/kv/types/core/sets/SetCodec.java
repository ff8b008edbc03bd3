package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueCodec;

import java.io.IOException;

/**
 * RDB serialization of sets as Redis 7.0 writes them: an intset as {@code RDB_TYPE_SET_INTSET}
 * (11, one string holding the packed intset), a hashtable as {@code RDB_TYPE_SET} (2, a length
 * and the members). Loading applies {@code set-max-intset-entries} as Redis's {@code rdbLoadObject}
 * does: a plain set becomes an intset only when all members are integers and there are few enough.
 */
final class SetCodec implements ValueCodec {
    static final int RDB_TYPE_SET = 2;
    static final int RDB_TYPE_SET_INTSET = 11;

    private final ServerConfigView config;

    SetCodec(ServerConfigView config) {
        this.config = config;
    }

    private long maxIntset() {
        String v = config == null ? null : config.get(SetCommands.MAX_INTSET_ENTRIES);
        return v == null ? 512 : Math.min(Long.parseLong(v.trim()), 1L << 30);
    }

    @Override
    public int rdbType(KvValue value) {
        return ((SetValue) value).isIntset() ? RDB_TYPE_SET_INTSET : RDB_TYPE_SET;
    }

    @Override
    public void write(KvValue value, RdbOutput out) throws IOException {
        SetValue set = (SetValue) value;
        if (set.isIntset()) {
            out.writeString(set.intSet().toBlob());
            return;
        }
        out.writeLength(set.size());
        for (int i = set.next(0); i >= 0; i = set.next(i + 1)) {
            out.writeString(set.memberAt(i));
        }
    }

    @Override
    public KvValue read(int rdbType, RdbInput in) throws IOException {
        long max = maxIntset();
        if (rdbType == RDB_TYPE_SET_INTSET) {
            IntSet ints = IntSet.fromBlob(in.readString());
            if (ints == null || ints.size() == 0) {
                throw new IOException("bad intset payload");
            }
            return SetValue.ofIntSet(ints, max);
        }
        if (rdbType != RDB_TYPE_SET) {
            throw new IOException("not a set RDB type: " + rdbType);
        }
        long len = in.readLength();
        if (len == 0 || len > Integer.MAX_VALUE) {
            throw new IOException("bad set length " + len);
        }
        SetValue set = len > max ? SetValue.emptyTable((int) len) : SetValue.emptyIntset();
        for (long i = 0; i < len; i++) {
            if (!set.add(in.readString(), max)) {
                throw new IOException("duplicate set member");
            }
        }
        return set;
    }

    @Override
    public int[] rdbTypes() {
        return new int[] {RDB_TYPE_SET, RDB_TYPE_SET_INTSET};
    }
}
