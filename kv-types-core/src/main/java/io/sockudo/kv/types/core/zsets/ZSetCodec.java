package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.common.AofBatch;
import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.DoubleFormat;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueDigest;
import io.sockudo.kv.types.core.common.Strtod;
import io.sockudo.kv.types.core.rdb.Bounds;
import io.sockudo.kv.types.core.rdb.ListpackReader;
import io.sockudo.kv.types.core.rdb.ListpackWriter;
import io.sockudo.kv.types.core.rdb.ZiplistReader;

import java.io.IOException;

/**
 * RDB serialization of sorted sets as Redis 7.0 writes them: a listpack-encoded set as
 * {@code RDB_TYPE_ZSET_LISTPACK} (17) holding a real listpack blob (members and scores as
 * listpack strings or integers, scores in {@code d2string} form), a skiplist-encoded set as
 * {@code RDB_TYPE_ZSET_2} (5, binary doubles, greatest first). Reads those plus the older
 * {@code RDB_TYPE_ZSET} (3, scores as text) and {@code RDB_TYPE_ZSET_ZIPLIST} (12). Geo sets are
 * sorted sets. Loading applies {@code zset-max-listpack-*} as Redis's loader does.
 */
public final class ZSetCodec implements ValueCodec {
    static final int ZSET = 3;
    static final int ZSET_2 = 5;
    static final int ZSET_ZIPLIST = 12;
    static final int ZSET_LISTPACK = 17;

    public static final ZSetCodec INSTANCE = new ZSetCodec();

    private static final ThreadLocal<ListpackWriter> WRITER = ThreadLocal.withInitial(ListpackWriter::new);

    private ZSetCodec() {
    }

    @Override
    public int rdbType(KvValue value) {
        return ((ZSetValue) value).isPacked() ? ZSET_LISTPACK : ZSET_2;
    }

    /** {@code ZADD key score member...}, 64 pairs per command (Redis's rewriteSortedSetObject). */
    @Override
    public void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        AofBatch b = new AofBatch(out, "ZADD", key, 2);
        try {
            ((ZSetValue) value).forEach((buf, off, len, score) -> {
                b.arg(DoubleFormat.bytes(score));
                b.arg(buf, off, len);
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        b.finish();
    }

    @Override
    public int[] rdbTypes() {
        return new int[]{ZSET, ZSET_2, ZSET_ZIPLIST, ZSET_LISTPACK};
    }

    @Override
    public void write(KvValue value, RdbOutput out) throws IOException {
        ZSetValue z = (ZSetValue) value;
        if (z.isPacked()) {
            ListpackWriter w = fill(z, WRITER.get());
            out.writeString(w.array(), 0, w.finish());
            return;
        }
        out.writeLength(z.size());
        IOException[] failed = {null};
        z.visit(0, z.size() - 1, true, (buf, off, len, score) -> {
            if (failed[0] != null) {
                return;
            }
            try {
                out.writeString(buf, off, len);
                out.writeBinaryDouble(score);
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    private static ListpackWriter fill(ZSetValue z, ListpackWriter w) {
        w.reset();
        z.forEach((buf, off, len, score) -> {
            w.add(buf, off, len);
            byte[] s = DoubleFormat.bytes(score);
            w.add(s, 0, s.length);
        });
        return w;
    }

    /** The listpack Redis 7.0 keeps for this set: member, score, member, score... in order. */
    static byte[] listpack(ZSetValue z) {
        return fill(z, new ListpackWriter()).toByteArray();
    }

    @Override
    public KvValue read(int rdbType, RdbInput in) throws IOException {
        ZSetLimits limits = in.config() == null ? ZSetLimits.current() : ZSetLimits.of(in.config());
        ZSetValue.Builder b = ZSetValue.builder();
        switch (rdbType) {
            case ZSET, ZSET_2 -> {
                int n = Bounds.count(in, in.readLength(), rdbType == ZSET_2 ? 9 : 2);
                if (n == 0) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    byte[] member = in.readString();
                    double score = rdbType == ZSET_2 ? in.readBinaryDouble() : readTextDouble(in);
                    if (score != score) {
                        throw new IOException("Zset with NAN score detected");
                    }
                    add(b, member, score);
                }
                return b.build(limits);
            }
            case ZSET_LISTPACK -> {
                ListpackReader r = ListpackReader.open(in.readString());
                while (r.next()) {
                    byte[] member = r.bytes();
                    if (!r.next()) {
                        throw new IOException("Zset listpack integrity check failed: odd element count");
                    }
                    add(b, member, score(r.isInt(), r.intValue(), r.array(), r.offset(), r.length()));
                }
                return packedLoad(b, limits);
            }
            case ZSET_ZIPLIST -> {
                ZiplistReader r = ZiplistReader.open(in.readString());
                while (r.next()) {
                    byte[] member = r.bytes();
                    if (!r.next()) {
                        throw new IOException("Zset ziplist integrity check failed: odd element count");
                    }
                    byte[] s = r.bytes();
                    add(b, member, score(r.isInt(), r.intValue(), s, 0, s.length));
                }
                return packedLoad(b, limits);
            }
            default -> throw new IOException("not a zset RDB type: " + rdbType);
        }
    }

    /** A packed blob stays packed unless it has more entries than allowed (member lengths are not checked, as in Redis). */
    private static ZSetValue packedLoad(ZSetValue.Builder b, ZSetLimits limits) {
        if (b.size() == 0) {
            return null;
        }
        return b.build(b.size() > limits.maxEntries ? ZSetLimits.TREE : ZSetLimits.NONE);
    }

    private static void add(ZSetValue.Builder b, byte[] member, double score) throws IOException {
        int before = b.size();
        b.add(member, score);
        if (b.size() == before) {
            throw new IOException("Duplicate zset fields detected");
        }
    }

    private static double score(boolean isInt, long v, byte[] buf, int off, int len) throws IOException {
        double score = isInt ? (double) v : Strtod.parseStrict(java.util.Arrays.copyOfRange(buf, off, off + len));
        if (score != score) {
            throw new IOException("Zset with NAN score detected");
        }
        return score;
    }

    /** rdbLoadDoubleValue: a length byte (253 nan, 254 inf, 255 -inf) then ASCII. */
    private static double readTextDouble(RdbInput in) throws IOException {
        int len = in.readByte();
        switch (len) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] buf = new byte[len];
                in.readRaw(buf, 0, len);
                return Strtod.parseStrict(buf);
        }
    }

    /** Redis xors a digest of (member, score as {@code %.17g}) per element. */
    @Override
    public void digest(KvValue value, ValueDigest digest) {
        ZSetValue z = (ZSetValue) value;
        z.forEach((buf, off, len, score) -> {
            byte[] s = DoubleFormat.bytes(score);
            digest.xorPair(buf, off, len, s, 0, s.length);
        });
    }
}
