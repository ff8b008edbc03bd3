package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.types.core.common.AofBatch;
import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueDigest;
import io.sockudo.kv.types.core.rdb.Bounds;
import io.sockudo.kv.types.core.rdb.ListpackReader;
import io.sockudo.kv.types.core.rdb.ListpackWriter;
import io.sockudo.kv.types.core.rdb.ZiplistReader;
import io.sockudo.kv.types.core.rdb.ZipmapReader;

import java.io.IOException;

/**
 * RDB serialization of hashes. Without field TTLs, as Redis 7.0 writes them: the listpack encoding
 * as {@code RDB_TYPE_HASH_LISTPACK} (16, a listpack of field, value, field, value...), the table
 * as {@code RDB_TYPE_HASH} (4, a count and the pairs in table order). With field TTLs (hash field
 * expiration, which 7.0 cannot represent), as Redis 7.4 writes them: {@code RDB_TYPE_HASH_LISTPACK_EX}
 * (25: the smallest TTL, then a listpack of field, value, TTL triples, fields with a TTL first by
 * TTL, 0 meaning none) and {@code RDB_TYPE_HASH_METADATA} (24: the smallest TTL, a count, then per
 * field its TTL relative to the smallest plus one, or 0, the field and the value).
 *
 * <p>Reads all of those plus zipmaps (9), ziplists (13) and the 7.4 release candidates' records
 * (22, 23, absolute TTLs), applying {@code hash-max-listpack-*} as Redis's loader does: a pair
 * list converts to the table past the entry or value limits, a packed blob only past the entry
 * limit.
 */
final class HashCodec implements ValueCodec {
    static final int HASH = 4;
    static final int HASH_ZIPMAP = 9;
    static final int HASH_ZIPLIST = 13;
    static final int HASH_LISTPACK = 16;
    static final int HASH_METADATA_PRE_GA = 22;
    static final int HASH_LISTPACK_EX_PRE_GA = 23;
    static final int HASH_METADATA = 24;
    static final int HASH_LISTPACK_EX = 25;
    /** Redis's EB_EXPIRE_TIME_MAX: field expiry times are 48-bit. */
    static final long MAX_TTL = (1L << 48) - 1;

    static final HashCodec INSTANCE = new HashCodec();
    private static final ThreadLocal<ListpackWriter> WRITER = ThreadLocal.withInitial(ListpackWriter::new);

    private HashCodec() {
    }

    @Override
    public int rdbType(KvValue value) {
        HashValue h = (HashValue) value;
        if (h.volatileCount > 0) {
            return h.isPacked() ? HASH_LISTPACK_EX : HASH_METADATA;
        }
        return h.isPacked() ? HASH_LISTPACK : HASH;
    }

    /**
     * {@code HMSET key f v...}, 64 pairs per command (Redis's rewriteHashObject), then
     * {@code HPEXPIREAT key ms FIELDS 1 f} for each field with a TTL (as Redis 7.4 rewrites them);
     * fields whose TTL has passed are left out.
     */
    @Override
    public void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        HashValue h = (HashValue) value;
        long now = System.currentTimeMillis();
        AofBatch b = new AofBatch(out, "HMSET", key, 2);
        java.util.List<byte[]> volatileFields = null;
        java.util.List<Long> ttls = null;
        try {
            for (int i = h.first(); i >= 0; i = h.next(i)) {
                if (h.isExpired(i, now)) {
                    continue;
                }
                byte[] a = h.arr(i);
                int base = h.base(i);
                b.arg(a, Entries.fieldOff(a, base), Entries.fieldLen(a, base));
                b.arg(a, Entries.valueOff(a, base), Entries.valueLen(a, base));
                long ttl = h.ttlAt(i);
                if (ttl != Entries.NO_TTL) {
                    if (volatileFields == null) {
                        volatileFields = new java.util.ArrayList<>();
                        ttls = new java.util.ArrayList<>();
                    }
                    volatileFields.add(java.util.Arrays.copyOfRange(a, Entries.fieldOff(a, base),
                            Entries.fieldOff(a, base) + Entries.fieldLen(a, base)));
                    ttls.add(ttl);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        b.finish();
        if (volatileFields != null) {
            for (int i = 0; i < volatileFields.size(); i++) {
                out.emit(HPEXPIREAT, key, Long.toString(ttls.get(i)).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        FIELDS, ONE, volatileFields.get(i));
            }
        }
    }

    private static final byte[] HPEXPIREAT = "HPEXPIREAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] FIELDS = "FIELDS".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ONE = {'1'};

    @Override
    public int[] rdbTypes() {
        return new int[] {HASH, HASH_ZIPMAP, HASH_ZIPLIST, HASH_LISTPACK, HASH_METADATA_PRE_GA,
            HASH_LISTPACK_EX_PRE_GA, HASH_METADATA, HASH_LISTPACK_EX};
    }

    // ---- writing -----------------------------------------------------------------------------

    @Override
    public void write(KvValue value, RdbOutput out) throws IOException {
        HashValue h = (HashValue) value;
        boolean ttls = h.volatileCount > 0;
        if (h.isPacked()) {
            ListpackWriter w = WRITER.get().reset();
            if (!ttls) {
                for (int e = h.first(); e >= 0; e = h.next(e)) {
                    addField(w, h, e);
                    addValue(w, h, e);
                }
            } else {
                out.writeMillis(minTtl(h));
                writeTriples(h, w);
            }
            out.writeString(w.array(), 0, w.finish());
            return;
        }
        long min = 0;
        if (ttls) {
            min = minTtl(h);
            out.writeMillis(min);
        }
        out.writeLength(h.size());
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            byte[] a = h.arr(e);
            int b = h.base(e);
            if (ttls) {
                long t = Entries.ttl(a, b);
                out.writeLength(t == Entries.NO_TTL ? 0 : t - min + 1);
            }
            out.writeString(a, Entries.fieldOff(a, b), Entries.fieldLen(a, b));
            out.writeString(a, Entries.valueOff(a, b), Entries.valueLen(a, b));
        }
    }

    /** Field, value, TTL triples in the order Redis 7.4 keeps them: by TTL ascending, fields without one last. */
    private static void writeTriples(HashValue h, ListpackWriter w) {
        int n = h.size();
        long[] ttl = new long[n];
        int[] handle = new int[n];
        int k = 0;
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            handle[k] = e;
            ttl[k++] = Entries.ttl(h.arr(e), h.base(e));
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        // stable: equal TTLs keep storage order, as Redis inserts after the equal ones
        java.util.Arrays.sort(order, (x, y) -> Long.compare(sortKey(ttl[x]), sortKey(ttl[y])));
        for (int i = 0; i < k; i++) {
            int e = handle[order[i]];
            addField(w, h, e);
            addValue(w, h, e);
            long t = ttl[order[i]];
            w.addInteger(t == Entries.NO_TTL ? 0 : t);
        }
    }

    private static long sortKey(long ttl) {
        return ttl == Entries.NO_TTL ? Long.MAX_VALUE : ttl;
    }

    private static long minTtl(HashValue h) {
        long min = Long.MAX_VALUE;
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            long t = Entries.ttl(h.arr(e), h.base(e));
            if (t != Entries.NO_TTL && t < min) {
                min = t;
            }
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    private static void addField(ListpackWriter w, HashValue h, int e) {
        byte[] a = h.arr(e);
        int b = h.base(e);
        w.add(a, Entries.fieldOff(a, b), Entries.fieldLen(a, b));
    }

    private static void addValue(ListpackWriter w, HashValue h, int e) {
        byte[] a = h.arr(e);
        int b = h.base(e);
        w.add(a, Entries.valueOff(a, b), Entries.valueLen(a, b));
    }

    // ---- reading -----------------------------------------------------------------------------

    @Override
    public KvValue read(int rdbType, RdbInput in) throws IOException {
        ServerConfigView c = in.config();
        long maxEntries = c == null ? 512 : c.getLong(HashCommands.MAX_ENTRIES);
        long maxValue = c == null ? 64 : c.getLong(HashCommands.MAX_VALUE);
        HashValue h = new HashValue();
        switch (rdbType) {
            case HASH: {
                int n = Bounds.count(in, in.readLength(), 2);
                if (n > maxEntries) {
                    h.convert(); // too many entries: the table from the start, as Redis does
                }
                for (int i = 0; i < n; i++) {
                    byte[] f = in.readString();
                    byte[] v = in.readString();
                    put(h, f, v, Entries.NO_TTL, maxEntries, maxValue);
                }
                return h.size() == 0 ? null : h;
            }
            case HASH_METADATA:
            case HASH_METADATA_PRE_GA: {
                long min = rdbType == HASH_METADATA ? in.readMillis() : 0;
                if (min < 0 || min > MAX_TTL) {
                    throw new IOException("Hash read invalid minExpire value");
                }
                int n = Bounds.count(in, in.readLength(), 3);
                if (n > maxEntries) {
                    h.convert();
                }
                for (int i = 0; i < n; i++) {
                    long t = in.readLength();
                    long at = rdbType == HASH_METADATA ? (t != 0 ? t + min - 1 : 0) : t;
                    if (at < 0 || at > MAX_TTL) {
                        throw new IOException("invalid expireAt time: " + Long.toUnsignedString(at));
                    }
                    byte[] f = in.readString();
                    byte[] v = in.readString();
                    put(h, f, v, at == 0 ? Entries.NO_TTL : at, maxEntries, maxValue);
                }
                return h.size() == 0 ? null : h;
            }
            case HASH_ZIPMAP: {
                ZipmapReader r = ZipmapReader.open(in.readString());
                long maxLen = 0;
                while (r.next()) {
                    maxLen = Math.max(maxLen, Math.max(r.field().length, r.value().length));
                    put(h, r.field(), r.value(), Entries.NO_TTL, Long.MAX_VALUE, Long.MAX_VALUE);
                }
                if (h.size() == 0) {
                    return null;
                }
                if (h.isPacked() && (h.size() > maxEntries || maxLen > maxValue)) {
                    h.convert();
                }
                return h;
            }
            case HASH_ZIPLIST: {
                ZiplistReader r = ZiplistReader.open(in.readString());
                while (r.next()) {
                    byte[] f = r.bytes();
                    if (!r.next()) {
                        throw new IOException("Hash ziplist integrity check failed: odd element count");
                    }
                    put(h, f, r.bytes(), Entries.NO_TTL, Long.MAX_VALUE, Long.MAX_VALUE);
                }
                return packed(h, maxEntries);
            }
            case HASH_LISTPACK:
                return readListpack(in.readString(), false, maxEntries);
            case HASH_LISTPACK_EX:
            case HASH_LISTPACK_EX_PRE_GA:
                if (rdbType == HASH_LISTPACK_EX) {
                    in.readMillis(); // the smallest TTL, kept by Redis for later use
                }
                return readListpack(in.readString(), true, maxEntries);
            default:
                throw new IOException("not a hash RDB type: " + rdbType);
        }
    }

    /**
     * A listpack of field, value (and TTL) elements. One that stays packed is copied entry by entry
     * into the packed encoding straight from the blob, duplicates found through a small table of
     * field hashes (a look-up per field would make the load quadratic); one with more entries than
     * {@code hash-max-listpack-entries} is loaded into the table.
     */
    private static HashValue readListpack(byte[] lp, boolean ttls, long maxEntries) throws IOException {
        ListpackReader r = ListpackReader.open(lp);
        int tuple = ttls ? 3 : 2;
        int expected = r.headerCount() / tuple;
        boolean table = r.headerCount() == 65535 || expected > maxEntries;
        HashValue h = table ? new HashValue() : new HashValue(lp.length + 16);
        if (table) {
            h.convert();
        }
        int cap = table ? 0 : Integer.highestOneBit(Math.max(expected, 2) * 2) * 2;
        int[] slots = table ? null : new int[cap];
        int n = 0;
        while (r.next()) {
            byte[] fa = r.array();
            int fo = r.offset();
            int fl = r.length();
            if (!r.next()) {
                throw new IOException("Hash listpack integrity check failed: incomplete entry");
            }
            byte[] va = r.array();
            int vo = r.offset();
            int vl = r.length();
            long ttl = Entries.NO_TTL;
            if (ttls) {
                if (!r.next() || !r.isInt() || r.intValue() < 0 || r.intValue() > MAX_TTL) {
                    throw new IOException("Hash listpack integrity check failed: bad TTL");
                }
                ttl = r.intValue() == 0 ? Entries.NO_TTL : r.intValue();
            }
            if (table) {
                put(h, java.util.Arrays.copyOfRange(fa, fo, fo + fl), java.util.Arrays.copyOfRange(va, vo, vo + vl),
                        ttl, Long.MAX_VALUE, Long.MAX_VALUE);
                continue;
            }
            if (++n > expected) {
                throw new IOException("Hash listpack integrity check failed: more entries than the header says");
            }
            int i = fieldHash(fa, fo, fl) & (cap - 1);
            for (int slot; (slot = slots[i]) != 0; i = (i + 1) & (cap - 1)) {
                if (Entries.fieldEquals(h.packed.buf, slot - 1, fa, fo, fl)) {
                    throw new IOException("Duplicate hash fields detected");
                }
            }
            slots[i] = h.appendLoaded(fa, fo, fl, va, vo, vl, ttl) + 1;
        }
        return h.size() == 0 ? null : h;
    }

    private static int fieldHash(byte[] a, int off, int len) {
        int x = 1;
        for (int i = off; i < off + len; i++) {
            x = 31 * x + a[i];
        }
        return x ^ (x >>> 16);
    }

    private static HashValue packed(HashValue h, long maxEntries) {
        if (h.size() == 0) {
            return null;
        }
        if (h.isPacked() && h.size() > maxEntries) {
            h.convert();
        }
        return h;
    }

    private static void put(HashValue h, byte[] f, byte[] v, long ttl, long maxEntries, long maxValue)
            throws IOException {
        if (!h.set(f, v, 0, v.length, ttl, maxEntries, maxValue)) {
            throw new IOException("Duplicate hash fields detected");
        }
    }

    /** Redis xors a digest of (field, value) per field. */
    @Override
    public void digest(KvValue value, ValueDigest digest) {
        ((HashValue) value).forEach((a, fo, fl, vo, vl) -> digest.xorPair(a, fo, fl, a, vo, vl));
    }
}
