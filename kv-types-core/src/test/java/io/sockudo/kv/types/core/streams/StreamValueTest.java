package io.sockudo.kv.types.core.streams;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packed stream against a TreeMap model under random appends, deletes, trims and ranges. */
class StreamValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> decode(StreamNode.Entry e) {
        List<String> out = new ArrayList<>();
        byte[] d = e.node.data;
        int f = e.fieldsOff;
        int v = e.valuesOff;
        for (int i = 0; i < e.fields; i++) {
            int fl = (int) StreamNode.readVarint(d, f);
            int fs = StreamNode.varintEnd(d, f);
            out.add(new String(d, fs, fl, StandardCharsets.UTF_8));
            f = fs + fl;
            int vl = (int) StreamNode.readVarint(d, v);
            int vs = StreamNode.varintEnd(d, v);
            out.add(new String(d, vs, vl, StandardCharsets.UTF_8));
            v = vs + vl;
        }
        return out;
    }

    @Test
    void randomOperationsMatchModel() {
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            StreamValue s = new StreamValue();
            TreeMap<StreamId, List<String>> model = new TreeMap<>();
            long ms = rnd.nextBoolean() ? 0 : -1000L; // exercise unsigned IDs near 2^64 too
            long maxEntries = 1 + rnd.nextInt(10);
            long maxBytes = 40 + rnd.nextInt(400);
            for (int op = 0; op < 2000; op++) {
                int kind = rnd.nextInt(10);
                if (kind < 6) {
                    ms += rnd.nextInt(3);
                    StreamId last = s.lastId();
                    long seq = Long.compareUnsigned(ms, last.ms()) > 0 ? 0 : last.seq() + 1;
                    long m = Long.compareUnsigned(ms, last.ms()) > 0 ? ms : last.ms();
                    int pairs = 1 + rnd.nextInt(3);
                    byte[][] argv = new byte[pairs * 2][];
                    List<String> fv = new ArrayList<>();
                    for (int i = 0; i < pairs; i++) {
                        String f = rnd.nextInt(4) == 0 ? "f" + rnd.nextInt(100) : "field" + i;
                        String v = "v" + rnd.nextInt(1000);
                        argv[2 * i] = b(f);
                        argv[2 * i + 1] = b(v);
                        fv.add(f);
                        fv.add(v);
                    }
                    s.append(m, seq, argv, 0, pairs, maxBytes, maxEntries);
                    model.put(new StreamId(m, seq), fv);
                } else if (kind < 8 && !model.isEmpty()) {
                    List<StreamId> keys = new ArrayList<>(model.keySet());
                    StreamId victim = keys.get(rnd.nextInt(keys.size()));
                    assertTrue(s.delete(victim.ms(), victim.seq()));
                    assertFalse(s.delete(victim.ms(), victim.seq()));
                    model.remove(victim);
                } else if (kind == 8) {
                    long maxLen = rnd.nextInt(Math.max(1, model.size() + 1));
                    long removed = s.trim(maxLen, null, false, 0);
                    long expected = Math.max(0, model.size() - maxLen);
                    assertEquals(expected, removed);
                    while (model.size() > maxLen) {
                        model.pollFirstEntry();
                    }
                } else if (!model.isEmpty()) {
                    List<StreamId> keys = new ArrayList<>(model.keySet());
                    StreamId min = keys.get(rnd.nextInt(keys.size()));
                    s.trim(0, min, false, 0);
                    model.headMap(min, false).clear();
                }
                assertEquals(model.size(), s.length());
            }
            // full forward and reverse scans, and random ranges
            check(s, model, StreamId.MIN, StreamId.MAX);
            List<StreamId> keys = new ArrayList<>(model.keySet());
            for (int i = 0; i < 50 && !keys.isEmpty(); i++) {
                StreamId a = keys.get(rnd.nextInt(keys.size()));
                StreamId c = keys.get(rnd.nextInt(keys.size()));
                check(s, model, a.compareTo(c) <= 0 ? a : c, a.compareTo(c) <= 0 ? c : a);
            }
            if (model.isEmpty()) {
                assertEquals(StreamId.MIN, s.firstId());
            } else {
                assertEquals(model.firstKey(), s.firstId());
                assertEquals(model.lastKey(), s.lastValidId());
            }
        }
    }

    private static void check(StreamValue s, TreeMap<StreamId, List<String>> model, StreamId lo, StreamId hi) {
        for (boolean rev : new boolean[]{false, true}) {
            StreamValue.Iter it = new StreamValue.Iter(s, lo, hi, rev);
            StreamNode.Entry e = new StreamNode.Entry();
            Map<StreamId, List<String>> sub = rev ? model.subMap(lo, true, hi, true).descendingMap()
                    : model.subMap(lo, true, hi, true);
            for (Map.Entry<StreamId, List<String>> me : sub.entrySet()) {
                assertTrue(it.next(e));
                assertEquals(me.getKey(), e.id());
                assertEquals(me.getValue(), decode(e));
            }
            assertFalse(it.next(e));
        }
    }

    @Test
    void idParsingFollowsRedis() {
        assertEquals(new StreamId(5, 0), StreamId.parseStrict(b("5"), 0));
        assertEquals(new StreamId(5, -1L), StreamId.parseLoose(b("5"), -1L));
        assertEquals(new StreamId(-1L, -1L), StreamId.parseStrict(b("18446744073709551615-18446744073709551615"), 0));
        assertEquals(new StreamId(7, 0), StreamId.parseStrict(b("+7"), 0));
        assertEquals(new StreamId(7, 0), StreamId.parseStrict(b("007"), 0));
        assertNull(StreamId.parse(b("-1"), 0, 0, true, false));
        assertNull(StreamId.parse(b("18446744073709551616"), 0, 0, true, false));
        assertNull(StreamId.parse(b("+"), 0, 0, true, false));
        assertEquals(StreamId.MAX, StreamId.parseLoose(b("+"), 0));
        StreamId.Parsed p = StreamId.parse(b("5-*"), 0, 0, true, true);
        assertFalse(p.seqGiven());
        assertEquals("18446744073709551615-0", new String(new StreamId(-1L, 0).bytes(), StandardCharsets.US_ASCII));
    }
}
