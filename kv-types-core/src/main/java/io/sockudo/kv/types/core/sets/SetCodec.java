package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.types.core.common.AofBatch;
import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueDigest;
import io.sockudo.kv.types.core.rdb.Bounds;
import io.sockudo.kv.types.core.rdb.ListpackReader;

import java.io.IOException;

/**
 * RDB serialization of sets as Redis 7.0 writes them: an intset as {@code RDB_TYPE_SET_INTSET}
 * (11, one string holding the packed intset), a hashtable as {@code RDB_TYPE_SET} (2, a length
 * and the members, in table order). Also reads Redis 7.2's {@code RDB_TYPE_SET_LISTPACK} (20).
 * Loading applies {@code set-max-intset-entries} as Redis's {@code rdbLoadObject} does: a plain set
 * becomes an intset only when all members are integers and there are few enough, and an intset
 * with too many members becomes a hashtable.
 */
final class SetCodec implements ValueCodec {
    static final int RDB_TYPE_SET = 2;
    static final int RDB_TYPE_SET_INTSET = 11;
    static final int RDB_TYPE_SET_LISTPACK = 20;

    static final SetCodec INSTANCE = new SetCodec();

    private SetCodec() {
    }

    private static long maxIntset(ServerConfigView config) {
        String v = config == null ? null : config.get(SetCommands.MAX_INTSET_ENTRIES);
        if (v == null) {
            return 512;
        }
        try {
            return Math.min(Long.parseLong(v.trim()), 1L << 30);
        } catch (NumberFormatException e) {
            return 512;
        }
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
        long max = maxIntset(in.config());
        switch (rdbType) {
            case RDB_TYPE_SET_INTSET: {
                IntSet ints = IntSet.fromBlob(in.readString());
                if (ints == null) {
                    throw new IOException("Intset integrity check failed.");
                }
                return ints.size() == 0 ? null : SetValue.ofIntSet(ints, max);
            }
            case RDB_TYPE_SET: {
                int len = Bounds.count(in, in.readLength(), 1);
                if (len == 0) {
                    return null;
                }
                SetValue set = len > max ? SetValue.emptyTable(Bounds.presize(len)) : SetValue.emptyIntset();
                for (int i = 0; i < len; i++) {
                    if (!set.add(in.readString(), max)) {
                        throw new IOException("Duplicate set members detected");
                    }
                }
                return set;
            }
            case RDB_TYPE_SET_LISTPACK: {
                ListpackReader r = ListpackReader.open(in.readString());
                SetValue set = SetValue.emptyIntset();
                while (r.next()) {
                    if (!set.add(r.bytes(), max)) {
                        throw new IOException("Set listpack integrity check failed: duplicate member");
                    }
                }
                return set.size() == 0 ? null : set;
            }
            default:
                throw new IOException("not a set RDB type: " + rdbType);
        }
    }

    /** {@code SADD key m...}, 64 members per command (Redis's rewriteSetObject). */
    @Override
    public void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        SetValue set = (SetValue) value;
        AofBatch b = new AofBatch(out, "SADD", key, 1);
        try {
            for (int i = set.next(0); i >= 0; i = set.next(i + 1)) {
                b.arg(set.memberAt(i));
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        b.finish();
    }

    @Override
    public int[] rdbTypes() {
        return new int[] {RDB_TYPE_SET, RDB_TYPE_SET_INTSET, RDB_TYPE_SET_LISTPACK};
    }

    /** Redis xors the digest of every member (order does not matter). */
    @Override
    public void digest(KvValue value, ValueDigest digest) {
        SetValue set = (SetValue) value;
        if (set.isIntset()) {
            IntSet ints = set.intSet();
            for (int i = 0; i < ints.size(); i++) {
                digest.xor(Args.bytes(ints.get(i)));
            }
            return;
        }
        for (int i = set.next(0); i >= 0; i = set.next(i + 1)) {
            digest.xor(set.memberAt(i));
        }
    }
}
