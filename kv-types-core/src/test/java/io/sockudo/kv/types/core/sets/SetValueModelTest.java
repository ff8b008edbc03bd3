package io.sockudo.kv.types.core.sets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SetValue and MemberTable under random operations, checked against java.util sets. */
class SetValueModelTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] m) {
        return new String(m, StandardCharsets.ISO_8859_1);
    }

    private static Set<String> members(SetValue v) {
        Set<String> out = new HashSet<>();
        int count = 0;
        for (int i = v.next(0); i >= 0; i = v.next(i + 1)) {
            assertTrue(out.add(s(v.memberAt(i))), "duplicate member in iteration");
            count++;
        }
        assertEquals(v.size(), count);
        return out;
    }

    @Test
    void randomOperationsMatchModel() {
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            long maxIntset = rnd.nextInt(3) == 0 ? 4 : 512;
            boolean stringsToo = rnd.nextBoolean();
            SetValue v = SetValue.emptyIntset();
            Set<String> model = new HashSet<>();
            int range = 50 + rnd.nextInt(3000);
            for (int op = 0; op < 20000; op++) {
                String m = stringsToo && rnd.nextInt(50) == 0 ? "m" + rnd.nextInt(range)
                        : Integer.toString(rnd.nextInt(range) - range / 2);
                int kind = rnd.nextInt(10);
                if (kind < 5) {
                    assertEquals(model.add(m), v.add(b(m), maxIntset), "add " + m);
                } else if (kind < 8) {
                    assertEquals(model.remove(m), v.remove(b(m)), "remove " + m);
                } else if (kind == 8) {
                    assertEquals(model.contains(m), v.contains(b(m)), "contains " + m);
                } else if (!model.isEmpty()) {
                    byte[] popped = v.removeAt(v.randomIndex());
                    assertTrue(model.remove(s(popped)), "popped a non-member");
                }
                assertEquals(model.size(), v.size());
                if (v.isIntset()) {
                    assertTrue(v.size() <= maxIntset);
                }
            }
            assertEquals(model, members(v));
            assertEquals(model, members((SetValue) v.copy()));
        }
    }

    @Test
    void intsetIteratesAscendingAndConvertsAtThreshold() {
        SetValue v = SetValue.emptyIntset();
        for (long x : new long[] {5, -3, Long.MAX_VALUE, Long.MIN_VALUE, 0, 70000}) {
            assertTrue(v.add(b(Long.toString(x)), 6));
        }
        assertEquals("intset", v.encoding());
        List<Long> order = new ArrayList<>();
        for (int i = v.next(0); i >= 0; i = v.next(i + 1)) {
            order.add(v.intAt(i));
        }
        assertEquals(new ArrayList<>(new TreeSet<>(order)), order);
        assertFalse(v.add(b("5"), 6));
        assertTrue(v.add(b("6"), 6));
        assertEquals("hashtable", v.encoding());
        assertTrue(v.contains(b("6")));
        assertTrue(v.contains(b("-9223372036854775808")));
        // non-canonical integers are strings
        SetValue w = SetValue.emptyIntset();
        assertTrue(w.add(b("1"), 512));
        assertTrue(w.add(b("01"), 512));
        assertEquals("hashtable", w.encoding());
        assertEquals(Set.of("1", "01"), members(w));
        assertFalse(SetValue.emptyIntset().contains(b("-0")));
    }

    @Test
    void randomPicksCoverTheSet() {
        SetValue v = SetValue.emptyIntset();
        for (int i = 0; i < 100; i++) {
            v.add(b("k" + i), 512);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            seen.add(s(v.memberAt(v.randomIndex())));
        }
        assertEquals(100, seen.size());
        // popping everything shrinks the table and keeps picks valid
        for (int i = 0; i < 100; i++) {
            v.removeAt(v.randomIndex());
        }
        assertEquals(0, v.size());
    }

    @Test
    void scanVisitsStableMembersAcrossResizes() {
        MemberTable t = new MemberTable(0);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            t.add(b("s" + i));
            stable.add("s" + i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = t.scanBucket(cursor, m -> seen.add(s(m)));
            // churn between calls: grow, then shrink, with members that come and go
            if (step % 3 == 0) {
                for (int i = 0; i < 100; i++) {
                    t.add(b("tmp" + step + "-" + i));
                }
            } else if (step % 3 == 1) {
                for (int i = 0; i < 100; i++) {
                    t.remove(b("tmp" + (step - 1) + "-" + i));
                }
            }
            step++;
        } while (cursor != 0);
        assertTrue(seen.containsAll(stable));
    }

    @Test
    void builderAppliesEncodingRules() {
        SetValue small = SetValue.builder(512).add(b("3")).add(b("1")).add(b("3")).build();
        assertEquals(2, small.size());
        assertEquals("intset", small.encoding());
        SetValue mixed = SetValue.builder(512).add(b("1")).add(b("x")).build();
        assertEquals("hashtable", mixed.encoding());
        assertTrue(mixed.memoryUsage() > small.memoryUsage());
    }
}
