package io.sockudo.kv.search.index;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The document-id map agrees with a HashMap through random puts, removes and growth. */
class IntObjectMapTest {
    @Test
    void agreesWithAHashMap() {
        Random rnd = new Random(3);
        IntObjectMap<String> map = new IntObjectMap<>();
        Map<Integer, String> ref = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            int key = rnd.nextInt(step < 100_000 ? 2_000 : 50_000);
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    String v = Integer.toString(rnd.nextInt());
                    ref.put(key, v);
                    map.put(key, v);
                }
                case 1 -> assertEquals(ref.remove(key), map.remove(key));
                default -> assertEquals(ref.get(key), map.get(key));
            }
            assertEquals(ref.size(), map.size());
        }
        ref.forEach((k, v) -> assertEquals(v, map.get(k)));
    }
}
