package io.sockudo.kv.types.core.sets;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** IntSet against a TreeSet under random inserts and removals, across width upgrades. */
class IntSetTest {
    @Test
    void matchesSortedModel() {
        Random rnd = new Random(1);
        for (int round = 0; round < 50; round++) {
            IntSet s = new IntSet();
            TreeSet<Long> model = new TreeSet<>();
            for (int op = 0; op < 2000; op++) {
                long v = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(200) - 100;
                    case 1 -> rnd.nextInt(200_000) - 100_000;
                    case 2 -> rnd.nextLong();
                    default -> rnd.nextBoolean() ? Long.MIN_VALUE + rnd.nextInt(3) : Long.MAX_VALUE - rnd.nextInt(3);
                };
                if (round < 10 && rnd.nextInt(4) != 0) {
                    v = (short) v; // some rounds stay narrow for longer
                }
                if (rnd.nextInt(3) > 0) {
                    assertEquals(model.add(v), s.add(v));
                } else {
                    int i = s.find(v);
                    assertEquals(model.contains(v), i >= 0);
                    if (i >= 0) {
                        assertEquals(v, s.removeAt(i));
                        model.remove(v);
                    }
                }
                assertEquals(model.size(), s.size());
            }
            List<Long> got = new ArrayList<>();
            IntSet c = s.copy();
            for (int i = 0; i < c.size(); i++) {
                got.add(c.get(i));
            }
            assertEquals(new ArrayList<>(model), got);
        }
    }
}
