package io.sockudo.kv.search.vector;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The open-addressing map agrees with a HashMap through random puts, removes and growth. */
class IntIntMapTest {
    @Test
    void agreesWithAHashMap() {
        Random rnd = new Random(7);
        IntIntMap map = new IntIntMap();
        Map<Integer, Integer> ref = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // a small key range makes long probe runs and many deletions inside them
            int key = rnd.nextInt(step < 100_000 ? 3_000 : 60_000);
            int op = rnd.nextInt(3);
            if (op == 0) {
                int v = rnd.nextInt(1_000_000);
                Integer old = ref.put(key, v);
                assertEquals(old == null ? -1 : old, map.put(key, v));
            } else if (op == 1) {
                Integer old = ref.remove(key);
                assertEquals(old == null ? -1 : old, map.remove(key));
            } else {
                Integer v = ref.get(key);
                assertEquals(v == null ? -1 : v, map.get(key));
            }
            assertEquals(ref.size(), map.size());
        }
        for (Map.Entry<Integer, Integer> e : ref.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
    }
}
