package io.sockudo.kv.types.core.zsets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random operations on both encodings checked against a simple model (a TreeSet ordered by
 * score then member bytes, plus a map), including ranks, score/lex bounds, rank visits and
 * range removals.
 */
class ZSetValueModelTest {
    private record Entry(double score, byte[] member) {
    }

    private static int cmp(Entry a, Entry b) {
        if (a.score < b.score) {
            return -1;
        }
        if (a.score > b.score) {
            return 1;
        }
        return Arrays.compareUnsigned(a.member, b.member);
    }

    private static final class Model {
        final TreeSet<Entry> order = new TreeSet<>(ZSetValueModelTest::cmp);
        final Map<String, Entry> byMember = new HashMap<>();

        void put(byte[] m, double s) {
            Entry old = byMember.remove(key(m));
            if (old != null) {
                order.remove(old);
            }
            Entry e = new Entry(s, m);
            order.add(e);
            byMember.put(key(m), e);
        }

        boolean remove(byte[] m) {
            Entry old = byMember.remove(key(m));
            if (old == null) {
                return false;
            }
            order.remove(old);
            return true;
        }

        List<Entry> list() {
            return new ArrayList<>(order);
        }

        static String key(byte[] m) {
            return new String(m, StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void packedAgainstModel() {
        run(ZSetValue.createPacked(), new Random(1), 120, 3000, false);
    }

    @Test
    void treeAgainstModel() {
        run(ZSetValue.createTree(16), new Random(2), 3000, 40000, false);
    }

    @Test
    void treeWithManyEqualScores() {
        run(ZSetValue.createTree(16), new Random(3), 2000, 30000, true);
    }

    /** Pops at both ends with inserts at both ends: leaves come and go at the window's edges. */
    @Test
    void queueLikeWorkloadAgainstModel() {
        ZSetValue z = ZSetValue.createTree(16);
        Model m = new Model();
        Random rnd = new Random(11);
        double low = 0;
        double high = 0;
        int next = 0;
        for (int round = 0; round < 60; round++) {
            int adds = rnd.nextInt(3000);
            for (int i = 0; i < adds; i++) {
                boolean front = rnd.nextInt(4) == 0;
                double s = front ? --low : ++high;
                byte[] member = ("q" + next++).getBytes(StandardCharsets.US_ASCII);
                z.put(member, s, ZSetLimits.NONE);
                m.put(member, s);
            }
            int pops = rnd.nextInt(Math.max(1, z.size()));
            boolean max = rnd.nextBoolean();
            List<Entry> l = m.list();
            for (int i = 0; i < pops && z.size() > 0; i++) {
                int r = max ? z.size() - 1 : 0;
                z.removeRange(r, r);
                m.remove(l.get(max ? l.size() - 1 - i : i).member);
            }
            check(z, m, rnd);
        }
    }

    @Test
    void conversionsKeepContent() {
        ZSetValue z = ZSetValue.createPacked();
        ZSetLimits limits = ZSetLimits.NONE;
        for (int i = 0; i < 100; i++) {
            z.put(("m" + i).getBytes(StandardCharsets.US_ASCII), i % 7, limits);
        }
        List<String> before = dump(z);
        z.convertToTree();
        assertEquals("skiplist", z.encoding());
        assertEquals(before, dump(z));
        z.convertToPackedIfFits(limits);
        assertEquals("listpack", z.encoding());
        assertEquals(before, dump(z));
        ZSetValue copy = (ZSetValue) z.copy();
        assertEquals(before, dump(copy));
    }

    private static List<String> dump(ZSetValue z) {
        List<String> out = new ArrayList<>();
        z.forEach((buf, off, len, score) -> out.add(new String(buf, off, len, StandardCharsets.ISO_8859_1) + "=" + score));
        return out;
    }

    private static void run(ZSetValue z, Random rnd, int universe, int ops, boolean equalScores) {
        Model m = new Model();
        for (int op = 0; op < ops; op++) {
            byte[] member = ("k" + rnd.nextInt(universe)).getBytes(StandardCharsets.US_ASCII);
            double score = equalScores ? rnd.nextInt(3) : rnd.nextInt(200) - 100 + (rnd.nextBoolean() ? 0.5 : 0);
            int kind = rnd.nextInt(10);
            if (kind < 5) {
                z.put(member.clone(), score, ZSetLimits.NONE);
                m.put(member, score);
            } else if (kind < 7) {
                assertEquals(m.remove(member), z.remove(member));
            } else if (kind == 7 && z.size() > 0) {
                int a = rnd.nextInt(z.size());
                int b = Math.min(z.size() - 1, a + rnd.nextInt(20));
                List<Entry> l = m.list();
                for (int i = a; i <= b; i++) {
                    m.remove(l.get(i).member);
                }
                z.removeRange(a, b);
            } else {
                check(z, m, rnd);
            }
            assertEquals(m.order.size(), z.size());
        }
        check(z, m, rnd);
    }

    private static void check(ZSetValue z, Model m, Random rnd) {
        List<Entry> l = m.list();
        assertEquals(l.size(), z.size());
        // order and scores
        List<String> got = dump(z);
        for (int i = 0; i < l.size(); i++) {
            assertEquals(Model.key(l.get(i).member) + "=" + l.get(i).score, got.get(i));
        }
        // ranks and scores by member
        for (int t = 0; t < 20 && !l.isEmpty(); t++) {
            int r = rnd.nextInt(l.size());
            Entry e = l.get(r);
            assertEquals(r, z.rank(e.member));
            assertEquals(e.score, z.score(e.member));
            List<String> one = new ArrayList<>();
            z.visit(r, r, false, (buf, off, len, s) -> one.add(new String(buf, off, len, StandardCharsets.ISO_8859_1)));
            assertEquals(Model.key(e.member), one.get(0));
        }
        assertEquals(-1, z.rank("absent".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(Double.isNaN(z.score("absent".getBytes(StandardCharsets.US_ASCII))));
        // score bounds
        for (int t = 0; t < 10; t++) {
            double bound = rnd.nextInt(220) - 110 + (rnd.nextBoolean() ? 0.5 : 0);
            int below = 0;
            int atOrBelow = 0;
            for (Entry e : l) {
                if (e.score < bound) {
                    below++;
                }
                if (e.score <= bound) {
                    atOrBelow++;
                }
            }
            assertEquals(below, z.countBelow(bound, false));
            assertEquals(atOrBelow, z.countBelow(bound, true));
        }
        // reverse visit of a random window
        if (!l.isEmpty()) {
            int a = rnd.nextInt(l.size());
            int b = Math.min(l.size() - 1, a + rnd.nextInt(300));
            List<String> rev = new ArrayList<>();
            z.visit(a, b, true, (buf, off, len, s) -> rev.add(new String(buf, off, len, StandardCharsets.ISO_8859_1)));
            for (int i = 0; i < rev.size(); i++) {
                assertEquals(Model.key(l.get(b - i).member), rev.get(i));
            }
        }
    }

    @Test
    void lexBoundsOnEqualScores() {
        for (ZSetValue z : new ZSetValue[]{ZSetValue.createPacked(), ZSetValue.createTree(4)}) {
            Random rnd = new Random(7);
            TreeSet<String> model = new TreeSet<>();
            for (int i = 0; i < 300; i++) {
                String s = Integer.toString(rnd.nextInt(1000), 36);
                model.add(s);
                z.put(s.getBytes(StandardCharsets.US_ASCII), 0, ZSetLimits.NONE);
            }
            for (int t = 0; t < 100; t++) {
                String bound = Integer.toString(rnd.nextInt(1000), 36);
                assertEquals(model.headSet(bound, false).size(), z.countLexBelow(bound.getBytes(StandardCharsets.US_ASCII), false));
                assertEquals(model.headSet(bound, true).size(), z.countLexBelow(bound.getBytes(StandardCharsets.US_ASCII), true));
            }
        }
    }

    @Test
    void scanVisitsEveryMemberDespiteGrowth() {
        ZSetValue z = ZSetValue.createTree(16);
        for (int i = 0; i < 1000; i++) {
            z.put(("a" + i).getBytes(StandardCharsets.US_ASCII), i, ZSetLimits.NONE);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = z.scan(cursor, (buf, off, len, s) -> seen.add(new String(buf, off, len, StandardCharsets.ISO_8859_1)));
            if (step++ == 10) {
                for (int i = 0; i < 5000; i++) {
                    z.put(("b" + i).getBytes(StandardCharsets.US_ASCII), i, ZSetLimits.NONE);
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("a" + i), "a" + i);
        }
    }
}
