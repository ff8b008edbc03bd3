package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.types.core.rdb.Packed;
import io.sockudo.kv.types.core.rdb.TestRdb;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hash codec: Redis 7.0's records without field TTLs, Redis 7.4's with them (types 24/25 and
 * the release candidates' 22/23), the older zipmap and ziplist blobs, and the loader's thresholds.
 */
class HashCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HashValue hash(Object... fieldValueTtl) {
        HashValue h = new HashValue();
        for (int i = 0; i < fieldValueTtl.length; i += 3) {
            byte[] v = b((String) fieldValueTtl[i + 1]);
            h.set(b((String) fieldValueTtl[i]), v, 0, v.length, ((Number) fieldValueTtl[i + 2]).longValue(), 512, 64);
        }
        return h;
    }

    /** field -> value@ttl, in storage order. */
    private static Map<String, String> contents(HashValue h) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            byte[] a = h.arr(e);
            int base = h.base(e);
            m.put(new String(a, Entries.fieldOff(a, base), Entries.fieldLen(a, base), StandardCharsets.ISO_8859_1),
                    new String(a, Entries.valueOff(a, base), Entries.valueLen(a, base), StandardCharsets.ISO_8859_1)
                            + "@" + h.ttlAt(e));
        }
        return m;
    }

    private static HashValue roundTrip(HashValue h, int type) throws IOException {
        assertEquals(type, HashCodec.INSTANCE.rdbType(h));
        byte[] p = TestRdb.write(HashCodec.INSTANCE, h);
        HashValue back = (HashValue) TestRdb.read(HashCodec.INSTANCE, p, TestRdb.config());
        assertEquals(contents(h), contents(back));
        assertEquals(h.encoding(), back.encoding());
        if (h.isPacked()) { // a table's order is its own
            assertEquals(HEX.formatHex(p), HEX.formatHex(TestRdb.write(HashCodec.INSTANCE, back)), "writes back the same");
        }
        return back;
    }

    @Test
    void listpackAsRedis70() throws IOException {
        // DUMP of HSET h f1 v1 f2 2 in redis-server 7.0.15, without the footer
        HashValue h = hash("f1", "v1", -1, "f2", "2", -1);
        assertEquals("10151500000004008266310382763103826632030201ff", HEX.formatHex(TestRdb.write(HashCodec.INSTANCE, h)));
        roundTrip(h, HashCodec.HASH_LISTPACK);
    }

    @Test
    void tableWithoutTtls() throws IOException {
        HashValue h = new HashValue();
        for (int i = 0; i < 600; i++) {
            byte[] v = b("v" + i);
            h.set(b("f" + i), v, 0, v.length, Entries.NO_TTL, 512, 64);
        }
        assertEquals("hashtable", h.encoding());
        roundTrip(h, HashCodec.HASH);
    }

    /**
     * Redis 7.4's RDB_TYPE_HASH_LISTPACK_EX: the smallest TTL (8 bytes), then a listpack of field,
     * value, TTL triples, the fields with a TTL first by TTL, then those without (TTL 0).
     */
    @Test
    void listpackWithFieldTtls() throws IOException {
        HashValue h = hash("a", "1", -1, "b", "2", 5000, "c", "x", 3000, "d", "4", -1);
        byte[] p = TestRdb.write(HashCodec.INSTANCE, h);
        assertEquals(HashCodec.HASH_LISTPACK_EX, p[0] & 0xff);
        assertEquals("b80b000000000000", HEX.formatHex(p, 1, 9), "min TTL 3000, little-endian");
        // the listpack: c x 3000, b 2 5000, a 1 0, d 4 0
        TestRdb.In in = new TestRdb.In(p, TestRdb.config());
        in.readByte();
        in.readMillis();
        byte[] lp = in.readString();
        io.sockudo.kv.types.core.rdb.ListpackReader r = io.sockudo.kv.types.core.rdb.ListpackReader.open(lp);
        StringBuilder sb = new StringBuilder();
        while (r.next()) {
            sb.append(new String(r.bytes(), StandardCharsets.ISO_8859_1)).append(' ');
        }
        assertEquals("c x 3000 b 2 5000 a 1 0 d 4 0 ", sb.toString());
        HashValue back = roundTrip(h, HashCodec.HASH_LISTPACK_EX);
        assertEquals(2, back.volatileCount);
    }

    /**
     * Redis 7.4's RDB_TYPE_HASH_METADATA: the smallest TTL, the count, then per field its TTL as
     * {@code ttl - min + 1} (0: none), the field and the value.
     */
    @Test
    void tableWithFieldTtls() throws IOException {
        HashValue h = new HashValue();
        for (int i = 0; i < 600; i++) {
            byte[] v = b("v" + i);
            h.set(b("f" + i), v, 0, v.length, i % 3 == 0 ? 1_800_000_000_000L + i : Entries.NO_TTL, 512, 64);
        }
        assertEquals("hashtable", h.encoding());
        byte[] p = TestRdb.write(HashCodec.INSTANCE, h);
        TestRdb.In in = new TestRdb.In(p, TestRdb.config());
        assertEquals(HashCodec.HASH_METADATA, in.readByte());
        assertEquals(1_800_000_000_000L, in.readMillis());
        assertEquals(600, in.readLength());
        HashValue back = roundTrip(h, HashCodec.HASH_METADATA);
        assertEquals(200, back.volatileCount);
    }

    @Test
    void releaseCandidateRecordsCarryAbsoluteTtls() throws IOException {
        // type 22: count, then absolute TTL (0: none), field, value per entry
        TestRdb.Out o = new TestRdb.Out();
        o.writeByte(HashCodec.HASH_METADATA_PRE_GA);
        o.writeLength(2);
        o.writeLength(1_900_000_000_000L);
        o.writeString(b("f"));
        o.writeString(b("v"));
        o.writeLength(0);
        o.writeString(b("g"));
        o.writeString(b("w"));
        HashValue h = (HashValue) TestRdb.read(HashCodec.INSTANCE, o.bytes(), TestRdb.config());
        assertEquals(Map.of("f", "v@1900000000000", "g", "w@-1"), contents(h));
        // type 23: a listpack of triples, no min-TTL prefix
        TestRdb.Out q = new TestRdb.Out();
        q.writeByte(HashCodec.HASH_LISTPACK_EX_PRE_GA);
        io.sockudo.kv.types.core.rdb.ListpackWriter w = new io.sockudo.kv.types.core.rdb.ListpackWriter();
        w.add(b("f"));
        w.add(b("v"));
        w.addInteger(1_900_000_000_000L);
        byte[] lp = w.toByteArray();
        q.writeString(lp, 0, lp.length);
        HashValue l = (HashValue) TestRdb.read(HashCodec.INSTANCE, q.bytes(), TestRdb.config());
        assertEquals(Map.of("f", "v@1900000000000"), contents(l));
        assertEquals("listpack", l.encoding());
    }

    @Test
    void olderBlobsAndThresholds() throws IOException {
        TestRdb.Out z = new TestRdb.Out();
        z.writeByte(HashCodec.HASH_ZIPMAP);
        byte[] zm = Packed.zipmap("f", "v", "n", "12");
        z.writeString(zm, 0, zm.length);
        HashValue h = (HashValue) TestRdb.read(HashCodec.INSTANCE, z.bytes(), TestRdb.config());
        assertEquals(Map.of("f", "v@-1", "n", "12@-1"), contents(h));
        assertEquals("listpack", h.encoding());
        // a zipmap value longer than hash-max-listpack-value makes a table (zipmaps are checked for both limits)
        assertEquals("hashtable", TestRdb.read(HashCodec.INSTANCE, z.bytes(),
                TestRdb.config("hash-max-listpack-value", "1")).encoding());
        TestRdb.Out zl = new TestRdb.Out();
        zl.writeByte(HashCodec.HASH_ZIPLIST);
        byte[] blob = Packed.ziplist("a", "1", "b", "2", "c", "3");
        zl.writeString(blob, 0, blob.length);
        assertEquals("listpack", TestRdb.read(HashCodec.INSTANCE, zl.bytes(), TestRdb.config()).encoding());
        // ziplists and listpacks are converted only past the entry count, as in Redis 7.0
        assertEquals("listpack", TestRdb.read(HashCodec.INSTANCE, zl.bytes(),
                TestRdb.config("hash-max-listpack-value", "0")).encoding());
        assertEquals("hashtable", TestRdb.read(HashCodec.INSTANCE, zl.bytes(),
                TestRdb.config("hash-max-listpack-entries", "2")).encoding());
        // a plain hash with a long value converts (pairs are checked for both limits)
        TestRdb.Out plain = new TestRdb.Out();
        plain.writeByte(HashCodec.HASH);
        plain.writeLength(1);
        plain.writeString(b("f"));
        plain.writeString(b("x".repeat(100)));
        assertEquals("hashtable", TestRdb.read(HashCodec.INSTANCE, plain.bytes(), TestRdb.config()).encoding());
    }

    @Test
    void malformedRecordsAreRefused() throws IOException {
        // duplicate field, odd ziplist, empty hash (no value), TTL beyond 48 bits
        TestRdb.Out dup = new TestRdb.Out();
        dup.writeByte(HashCodec.HASH);
        dup.writeLength(2);
        for (String s : new String[] {"a", "1", "a", "2"}) {
            dup.writeString(b(s));
        }
        assertThrows(IOException.class, () -> TestRdb.read(HashCodec.INSTANCE, dup.bytes(), TestRdb.config()));
        TestRdb.Out odd = new TestRdb.Out();
        odd.writeByte(HashCodec.HASH_ZIPLIST);
        byte[] blob = Packed.ziplist("a", "1", "b");
        odd.writeString(blob, 0, blob.length);
        assertThrows(IOException.class, () -> TestRdb.read(HashCodec.INSTANCE, odd.bytes(), TestRdb.config()));
        TestRdb.Out bigTtl = new TestRdb.Out();
        bigTtl.writeByte(HashCodec.HASH_METADATA);
        bigTtl.writeMillis(1);
        bigTtl.writeLength(1);
        bigTtl.writeLength(1L << 50);
        bigTtl.writeString(b("f"));
        bigTtl.writeString(b("v"));
        assertThrows(IOException.class, () -> TestRdb.read(HashCodec.INSTANCE, bigTtl.bytes(), TestRdb.config()));
        TestRdb.Out empty = new TestRdb.Out();
        empty.writeByte(HashCodec.HASH);
        empty.writeLength(0);
        try {
            assertNull(TestRdb.read(HashCodec.INSTANCE, empty.bytes(), TestRdb.config()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void digestIgnoresOrderAndTtls() throws IOException {
        KvValue a = hash("a", "1", -1, "b", "2", -1);
        KvValue c = hash("b", "2", 4_102_444_800_000L, "a", "1", -1);
        assertEquals(TestRdb.digest(HashCodec.INSTANCE, a), TestRdb.digest(HashCodec.INSTANCE, c));
        assertTrue(!TestRdb.digest(HashCodec.INSTANCE, a).equals(
                TestRdb.digest(HashCodec.INSTANCE, hash("a", "1", -1, "b", "3", -1))));
    }
}
