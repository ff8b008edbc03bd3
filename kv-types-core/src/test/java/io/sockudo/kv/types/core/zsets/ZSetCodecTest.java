package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.rdb.Packed;
import io.sockudo.kv.types.core.rdb.TestRdb;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RDB bodies byte for byte as redis-server 7.0.15's DUMP (taken with rdbcompression no). */
class ZSetCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** DUMP of ZADD small 1 a 2.5 bb -3 ccc 100000 123 (listpack): type, string length, listpack. */
    private static final String SMALL = "1124" + "2400000008008363636304dffd0281610201018262620383322e35047b01f2a0860104ff";
    /** DUMP of ZADD nz -0 a 1.1 b inf c -inf d 12345678901234 e -5000 f 40000 g. */
    private static final String NZ = "114050" + "500000000e00816402842d696e6605816602f178ec038161020001816202"
            + "92312e3130303030303030303030303030303113816702f2409c0004816502f4f22fce733a0b00000981630283696e6604ff";
    /** DUMP of the same four members as SMALL's first three plus x=inf, skiplist-encoded (ZSET_2). */
    private static final String BIG = "0504" + "0178000000000000f07f" + "02626200000000000004400161000000000000f03f"
            + "0363636300000000000008c0";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ZSetValue packed(Object... pairs) {
        ZSetValue z = ZSetValue.createPacked();
        for (int i = 0; i < pairs.length; i += 2) {
            z.put(b((String) pairs[i + 1]), ((Number) pairs[i]).doubleValue(), ZSetLimits.NONE);
        }
        return z;
    }

    @Test
    void listpackBytesAsRedis() throws IOException {
        ZSetValue small = packed(1, "a", 2.5, "bb", -3, "ccc", 100000, "123");
        assertEquals(SMALL.substring(4), HEX.formatHex(ZSetCodec.listpack(small)));
        ZSetValue nz = packed(-0.0, "a", 1.1, "b", Double.POSITIVE_INFINITY, "c", Double.NEGATIVE_INFINITY, "d",
                12345678901234L, "e", -5000, "f", 40000, "g");
        assertEquals(NZ.substring(6), HEX.formatHex(ZSetCodec.listpack(nz)));
        assertEquals(ZSetCodec.ZSET_LISTPACK, ZSetCodec.INSTANCE.rdbType(nz));
    }

    @Test
    void readsRedisPayloads() throws IOException {
        for (String payload : new String[]{SMALL, NZ, BIG}) {
            ZSetValue z = (ZSetValue) TestRdb.read(ZSetCodec.INSTANCE, HEX.parseHex(payload), TestRdb.config());
            assertEquals(payload == SMALL ? 4 : payload == NZ ? 7 : 4, z.size());
        }
        ZSetValue z = (ZSetValue) ZSetCodec.INSTANCE.read(ZSetCodec.ZSET_2, skipType(BIG));
        assertEquals(Double.POSITIVE_INFINITY, z.score(b("x")));
        assertEquals(-3.0, z.score(b("ccc")));
        ZSetValue s = (ZSetValue) ZSetCodec.INSTANCE.read(ZSetCodec.ZSET_LISTPACK, skipType(SMALL));
        assertEquals(100000.0, s.score(b("123")));
        assertEquals(-3.0, s.score(b("ccc")));
    }

    private static TestRdb.In skipType(String payload) throws IOException {
        TestRdb.In in = new TestRdb.In(HEX.parseHex(payload), TestRdb.config());
        in.readByte();
        return in;
    }

    @Test
    void skiplistWritesGreatestFirstAsRedis() throws IOException {
        ZSetValue z = ZSetValue.createTree(4);
        z.put(b("a"), 1, ZSetLimits.NONE);
        z.put(b("bb"), 2.5, ZSetLimits.NONE);
        z.put(b("ccc"), -3, ZSetLimits.NONE);
        z.put(b("x"), Double.POSITIVE_INFINITY, ZSetLimits.NONE);
        assertEquals(BIG, HEX.formatHex(TestRdb.write(ZSetCodec.INSTANCE, z)));
    }

    @Test
    void roundTripBothEncodings() throws IOException {
        for (ZSetValue z : new ZSetValue[]{packed(1, "a", 2, "b", 300000, "c", -7.25, "{{x}}"), ZSetValue.createTree(4)}) {
            if (!z.isPacked()) {
                for (int i = 0; i < 300; i++) {
                    z.put(b("m" + i), i * 0.5, ZSetLimits.NONE);
                }
            }
            ZSetValue back = (ZSetValue) TestRdb.read(ZSetCodec.INSTANCE, TestRdb.write(ZSetCodec.INSTANCE, z),
                    TestRdb.config());
            assertEquals(z.isPacked(), back.isPacked(), "300 entries stay a skiplist at the default 128");
            List<String> a = new ArrayList<>();
            List<String> c = new ArrayList<>();
            z.forEach((buf, off, len, score) -> a.add(new String(buf, off, len, StandardCharsets.ISO_8859_1) + score));
            back.forEach((buf, off, len, score) -> c.add(new String(buf, off, len, StandardCharsets.ISO_8859_1) + score));
            assertEquals(a, c);
        }
    }

    @Test
    void readsZiplist() throws IOException {
        // a Redis 6 zset ziplist: a=1, b=2.5, c=-70000
        byte[] zl = Packed.ziplist("a", "1", "b", "2.5", "c", "-70000");
        TestRdb.Out out = new TestRdb.Out();
        out.writeByte(ZSetCodec.ZSET_ZIPLIST);
        out.writeString(zl, 0, zl.length);
        ZSetValue z = (ZSetValue) TestRdb.read(ZSetCodec.INSTANCE, out.bytes(), TestRdb.config());
        assertEquals(3, z.size());
        assertTrue(z.isPacked());
        assertEquals(2.5, z.score(b("b")));
        assertEquals(-70000.0, z.score(b("c")));
        // past zset-max-listpack-entries it becomes a skiplist
        ZSetValue t = (ZSetValue) TestRdb.read(ZSetCodec.INSTANCE, out.bytes(),
                TestRdb.config("zset-max-listpack-entries", "2"));
        assertEquals("skiplist", t.encoding());
        // odd element count, NaN score, duplicate member
        for (byte[] bad : new byte[][] {Packed.ziplist("a", "1", "b"), Packed.ziplist("a", "nan"),
            Packed.ziplist("a", "1", "a", "2")}) {
            TestRdb.Out o = new TestRdb.Out();
            o.writeByte(ZSetCodec.ZSET_ZIPLIST);
            o.writeString(bad, 0, bad.length);
            assertThrows(IOException.class, () -> TestRdb.read(ZSetCodec.INSTANCE, o.bytes(), TestRdb.config()));
        }
    }

    @Test
    void oldTextScoresAndLimits() throws IOException {
        // RDB_TYPE_ZSET (Redis < 3.2): scores as length-prefixed text, 253 nan, 254 +inf, 255 -inf
        TestRdb.Out out = new TestRdb.Out();
        out.writeByte(ZSetCodec.ZSET);
        out.writeLength(3);
        out.writeString(b("a"));
        out.writeByte(3);
        out.writeRaw(b("1.5"), 0, 3);
        out.writeString(b("b"));
        out.writeByte(254);
        out.writeString(b("c"));
        out.writeByte(255);
        ZSetValue z = (ZSetValue) TestRdb.read(ZSetCodec.INSTANCE, out.bytes(), TestRdb.config());
        assertEquals(1.5, z.score(b("a")));
        assertEquals(Double.POSITIVE_INFINITY, z.score(b("b")));
        assertEquals(Double.NEGATIVE_INFINITY, z.score(b("c")));
        assertTrue(z.isPacked(), "small enough for a listpack");
        // a member longer than zset-max-listpack-value makes a skiplist
        ZSetValue t = (ZSetValue) TestRdb.read(ZSetCodec.INSTANCE, out.bytes(),
                TestRdb.config("zset-max-listpack-value", "0"));
        assertEquals("skiplist", t.encoding());
        // empty: no value (Redis skips the key)
        TestRdb.Out e = new TestRdb.Out();
        e.writeByte(ZSetCodec.ZSET_2);
        e.writeLength(0);
        assertNull(TestRdb.read(ZSetCodec.INSTANCE, e.bytes(), TestRdb.config()));
        // a count larger than the payload is refused before anything is allocated
        TestRdb.Out big = new TestRdb.Out();
        big.writeByte(ZSetCodec.ZSET_2);
        big.writeLength(1L << 40);
        assertThrows(IOException.class, () -> TestRdb.read(ZSetCodec.INSTANCE, big.bytes(), TestRdb.config()));
    }

    @Test
    void digestIsOrderIndependent() throws IOException {
        ZSetValue a = packed(1, "a", 2, "b");
        ZSetValue b = ZSetValue.createTree(2);
        b.put(b("b"), 2, ZSetLimits.NONE);
        b.put(b("a"), 1, ZSetLimits.NONE);
        assertEquals(TestRdb.digest(ZSetCodec.INSTANCE, a), TestRdb.digest(ZSetCodec.INSTANCE, b));
        assertNotEquals(TestRdb.digest(ZSetCodec.INSTANCE, a), TestRdb.digest(ZSetCodec.INSTANCE, packed(1, "a", 3, "b")));
    }
}
