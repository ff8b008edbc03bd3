package io.sockudo.kv.types.core.hashes;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random operations on {@link HashValue} (both encodings, field TTLs) checked against a HashMap model. */
class HashValueModelTest {
    private static final long NOW = 1_000_000;

    private record Cell(String value, long ttl) {
    }

    @Test
    void packedStaysPackedUnderThresholds() {
        runModel(1, 200_000, 1000, 64, 20_000);
    }

    @Test
    void tableWithGrowthAndShrink() {
        runModel(2, 0, Long.MAX_VALUE, 3000, 60_000);
    }

    @Test
    void conversionMidway() {
        runModel(3, 100, 64, 400, 40_000);
    }

    private static void runModel(long seed, long maxEntries, long maxValue, int keySpace, int ops) {
        Random rnd = new Random(seed);
        HashValue h = new HashValue();
        Map<String, Cell> model = new HashMap<>();
        for (int op = 0; op < ops; op++) {
            String f = "f" + rnd.nextInt(keySpace);
            byte[] fb = f.getBytes(StandardCharsets.UTF_8);
            int kind = rnd.nextInt(10);
            if (kind < 4) {
                String v = rnd.nextInt(20) == 0 ? "x".repeat(rnd.nextInt(100)) : "v" + rnd.nextInt(1000);
                long ttl = rnd.nextInt(5) == 0 ? NOW + rnd.nextInt(1000) : Entries.NO_TTL;
                byte[] vb = v.getBytes(StandardCharsets.UTF_8);
                boolean added = h.set(fb, vb, 0, vb.length, ttl, maxEntries, maxValue);
                assertEquals(!model.containsKey(f), added, f);
                model.put(f, new Cell(v, ttl));
            } else if (kind < 7) {
                assertEquals(model.remove(f) != null, h.delete(fb));
            } else if (kind < 8) {
                int e = h.find(fb);
                Cell c = model.get(f);
                assertEquals(c != null, e >= 0);
                if (c != null) {
                    long ttl = rnd.nextBoolean() ? Entries.NO_TTL : NOW + rnd.nextInt(1000);
                    h.setTtlAt(e, ttl);
                    model.put(f, new Cell(c.value, ttl));
                }
            } else if (kind < 9) {
                int e = h.find(fb);
                Cell c = model.get(f);
                if (c == null) {
                    assertTrue(e < 0);
                } else {
                    assertEquals(c.value, new String(Entries.value(h.arr(e), h.base(e)), StandardCharsets.UTF_8));
                    assertEquals(c.ttl, h.ttlAt(e));
                }
            } else if (rnd.nextInt(50) == 0) {
                long now = NOW + rnd.nextInt(1200);
                int expected = 0;
                for (var it = model.entrySet().iterator(); it.hasNext(); ) {
                    Cell c = it.next().getValue();
                    if (c.ttl != Entries.NO_TTL && c.ttl < now) {
                        it.remove();
                        expected++;
                    }
                }
                assertEquals(expected, h.purgeExpired(now));
            }
            assertEquals(model.size(), h.size());
            if (h.table != null && op % 997 == 0) {
                assertTrue(h.table.invariantsHold());
            }
        }
        // full comparison through the public read API and iteration
        Map<String, String> seen = new HashMap<>();
        int volatileFields = 0;
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            String f = new String(Entries.field(h.arr(e), h.base(e)), StandardCharsets.UTF_8);
            String v = new String(Entries.value(h.arr(e), h.base(e)), StandardCharsets.UTF_8);
            assertNull(seen.put(f, v), "duplicate " + f);
            if (h.ttlAt(e) != Entries.NO_TTL) {
                volatileFields++;
            }
        }
        assertEquals(model.size(), seen.size());
        for (Map.Entry<String, Cell> m : model.entrySet()) {
            assertEquals(m.getValue().value, seen.get(m.getKey()));
        }
        assertEquals(volatileFields, h.volatileCount);
        assertTrue(h.memoryUsage() > 0);
        if (maxEntries == 200_000) {
            assertTrue(h.isPacked());
        }
        if (maxEntries == 0 && !model.isEmpty()) {
            assertFalse(h.isPacked());
        }
    }

    @Test
    void scanReturnsEveryStableElementAcrossResizes() {
        HashValue h = new HashValue();
        for (int i = 0; i < 1000; i++) {
            byte[] f = ("s" + i).getBytes(StandardCharsets.UTF_8);
            h.set(f, f, 0, f.length, Entries.NO_TTL, 0, 64);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = h.table.scanBucket(cursor, e -> seen.add(new String(Entries.field(e, 0), StandardCharsets.UTF_8)));
            step++;
            // grow, then shrink, while iterating: elements s0..s999 stay all along
            if (step == 100) {
                for (int i = 0; i < 5000; i++) {
                    byte[] f = ("t" + i).getBytes(StandardCharsets.UTF_8);
                    h.set(f, f, 0, f.length, Entries.NO_TTL, 0, 64);
                }
            }
            if (step == 3000) {
                for (int i = 0; i < 5000; i++) {
                    h.delete(("t" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("s" + i), "missing s" + i);
        }
    }

    @Test
    void publicReadApiHidesExpiredFields() {
        HashValue h = new HashValue();
        byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        h.set(a, b, 0, 1, Entries.NO_TTL, 10, 10);
        h.set(b, a, 0, 1, 1, 10, 10);
        assertArrayEquals(b, h.get(a));
        assertNull(h.get(b));
        assertNull(h.get("zz".getBytes(StandardCharsets.UTF_8)));
        int[] n = {0};
        h.forEach((arr, fo, fl, vo, vl) -> {
            assertTrue(Arrays.equals(arr, fo, fo + fl, a, 0, 1));
            n[0]++;
        });
        assertEquals(1, n[0]);
        HashValue copy = (HashValue) h.copy();
        copy.delete(a);
        assertArrayEquals(b, h.get(a));
    }

    @Test
    void varintsRoundTrip() {
        byte[] buf = new byte[8];
        for (int v : new int[]{0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, Integer.MAX_VALUE}) {
            int end = Entries.writeVar(buf, 0, v);
            assertEquals(Entries.varLen(v), end);
            assertEquals(v, Entries.readVar(buf, 0));
        }
    }
}
