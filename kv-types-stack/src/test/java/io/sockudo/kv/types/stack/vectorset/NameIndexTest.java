package io.sockudo.kv.types.stack.vectorset;

import io.sockudo.kv.types.stack.vectorset.hnsw.Quant;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The name index agrees with a HashMap through random adds, updates and removals. */
class NameIndexTest {
    @Test
    void agreesWithAMap() {
        VectorSet v = new VectorSet(2, Quant.BIN, 4, null, 0);
        Map<String, Boolean> model = new HashMap<>();
        Random r = new Random(1);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            names.add("n" + r.nextInt(100_000));
        }
        for (int step = 0; step < 20_000; step++) {
            String n = names.get(r.nextInt(names.size()));
            byte[] k = n.getBytes(StandardCharsets.UTF_8);
            if (r.nextInt(3) == 0) {
                assertEquals(model.remove(n) != null, v.remove(k));
            } else {
                boolean added = v.add(new float[]{r.nextFloat() - 0.5f, r.nextFloat() - 0.5f}, k, null, 16);
                assertEquals(!model.containsKey(n), added);
                model.put(n, true);
            }
            if (step % 1000 == 0) {
                assertEquals(model.size(), v.size());
                for (String s : names) {
                    assertEquals(model.containsKey(s), v.slotOf(s.getBytes(StandardCharsets.UTF_8)) >= 0, s);
                }
            }
        }
    }
}
