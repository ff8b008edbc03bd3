package io.sockudo.kv.types.core.lists;

import io.sockudo.kv.types.core.rdb.Packed;
import io.sockudo.kv.types.core.rdb.TestRdb;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The list codec: quicklist v2 records with Redis's node boundaries (the bytes redis-server 7.0
 * writes for the same pushes), loaded nodes kept as saved, the older record types, and corruption.
 */
class ListCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> elements(QuickList q) {
        List<String> out = new ArrayList<>();
        for (byte[] e : q) {
            out.add(new String(e, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void oneNodeAsRedis70() throws IOException {
        // DUMP of RPUSH l a 1 b 300000 -5 xyz in redis-server 7.0.15, without the footer
        QuickList q = new QuickList();
        for (String s : new String[] {"a", "1", "b", "300000", "-5", "xyz"}) {
            q.pushTail(b(s));
        }
        assertEquals("1201021c1c00000006008161020101816202f2e0930404dffb028378797a04ff",
                HEX.formatHex(TestRdb.write(ListCodec.INSTANCE, q)));
    }

    @Test
    void randomListsRoundTripNodeForNode() throws IOException {
        Random rnd = new Random(7);
        for (int round = 0; round < 60; round++) {
            int fill = rnd.nextBoolean() ? -1 - rnd.nextInt(5) : 1 + rnd.nextInt(20);
            int depth = rnd.nextInt(3);
            QuickList q = new QuickList(fill, depth);
            int n = rnd.nextInt(3000);
            for (int i = 0; i < n; i++) {
                String e = rnd.nextInt(3) == 0 ? Long.toString(rnd.nextLong() >> rnd.nextInt(64))
                        : "e" + "x".repeat(rnd.nextInt(rnd.nextInt(10) == 0 ? 5000 : 40));
                if (rnd.nextBoolean()) {
                    q.pushTail(b(e));
                } else {
                    q.pushHead(b(e));
                }
                if (rnd.nextInt(10) == 0 && q.size() > 0) {
                    q.pop(rnd.nextBoolean());
                }
            }
            byte[] p = TestRdb.write(ListCodec.INSTANCE, q);
            QuickList back = (QuickList) TestRdb.read(ListCodec.INSTANCE, p, TestRdb.config(
                    "list-max-listpack-size", Integer.toString(fill), "list-compress-depth", Integer.toString(depth)));
            if (q.size() == 0) {
                assertNull(back);
                continue;
            }
            assertEquals(elements(q), elements(back));
            assertEquals(q.nodeCount(), back.nodeCount(), "nodes kept as saved");
            assertEquals(back.recomputeNodeBytes(), back.nodeBytes(), "running node total after a load");
            assertEquals(HEX.formatHex(p), HEX.formatHex(TestRdb.write(ListCodec.INSTANCE, back)));
            assertEquals(TestRdb.digest(ListCodec.INSTANCE, q), TestRdb.digest(ListCodec.INSTANCE, back));
            // pushes after a load follow the loading server's rules
            back.pushTail(b("after"));
            assertEquals("after", new String(back.get(back.size() - 1), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void olderRecords() throws IOException {
        // RDB_TYPE_LIST (1): plain elements
        TestRdb.Out plain = new TestRdb.Out();
        plain.writeByte(ListCodec.LIST);
        plain.writeLength(3);
        for (String s : new String[] {"a", "12", "c"}) {
            plain.writeString(b(s));
        }
        assertEquals(List.of("a", "12", "c"), elements((QuickList) TestRdb.read(ListCodec.INSTANCE, plain.bytes(),
                TestRdb.config())));
        // RDB_TYPE_LIST_ZIPLIST (10)
        TestRdb.Out zl = new TestRdb.Out();
        zl.writeByte(ListCodec.LIST_ZIPLIST);
        byte[] z = Packed.ziplist("x", "-1", "300", "70000", "9223372036854775807", "y".repeat(100));
        zl.writeString(z, 0, z.length);
        assertEquals(List.of("x", "-1", "300", "70000", "9223372036854775807", "y".repeat(100)),
                elements((QuickList) TestRdb.read(ListCodec.INSTANCE, zl.bytes(), TestRdb.config())));
        // RDB_TYPE_LIST_QUICKLIST (14): ziplist nodes, kept as nodes
        TestRdb.Out ql = new TestRdb.Out();
        ql.writeByte(ListCodec.LIST_QUICKLIST);
        ql.writeLength(2);
        byte[] n1 = Packed.ziplist("a", "b");
        byte[] n2 = Packed.ziplist("c");
        ql.writeString(n1, 0, n1.length);
        ql.writeString(n2, 0, n2.length);
        QuickList q = (QuickList) TestRdb.read(ListCodec.INSTANCE, ql.bytes(), TestRdb.config());
        assertEquals(List.of("a", "b", "c"), elements(q));
        assertEquals(2, q.nodeCount());
        // a plain node (container 1) of quicklist v2 holds one element as raw bytes
        TestRdb.Out pn = new TestRdb.Out();
        pn.writeByte(ListCodec.LIST_QUICKLIST_2);
        pn.writeLength(1);
        pn.writeLength(ListCodec.CONTAINER_PLAIN);
        pn.writeString(b("big element"));
        assertEquals(List.of("big element"), elements((QuickList) TestRdb.read(ListCodec.INSTANCE, pn.bytes(),
                TestRdb.config())));
    }

    @Test
    void corruptRecordsAreRefused() throws IOException {
        TestRdb.Out badContainer = new TestRdb.Out();
        badContainer.writeByte(ListCodec.LIST_QUICKLIST_2);
        badContainer.writeLength(1);
        badContainer.writeLength(3);
        badContainer.writeString(b("x"));
        assertThrows(IOException.class, () -> TestRdb.read(ListCodec.INSTANCE, badContainer.bytes(), TestRdb.config()));
        TestRdb.Out badListpack = new TestRdb.Out();
        badListpack.writeByte(ListCodec.LIST_QUICKLIST_2);
        badListpack.writeLength(1);
        badListpack.writeLength(ListCodec.CONTAINER_PACKED);
        badListpack.writeString(b("not a listpack at all"));
        assertThrows(IOException.class, () -> TestRdb.read(ListCodec.INSTANCE, badListpack.bytes(), TestRdb.config()));
        TestRdb.Out tooMany = new TestRdb.Out();
        tooMany.writeByte(ListCodec.LIST);
        tooMany.writeLength(1L << 40);
        assertThrows(IOException.class, () -> TestRdb.read(ListCodec.INSTANCE, tooMany.bytes(), TestRdb.config()));
    }
}
