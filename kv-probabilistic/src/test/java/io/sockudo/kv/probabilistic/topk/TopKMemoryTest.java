package io.sockudo.kv.probabilistic.topk;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** memoryUsage() is O(1): the running item total equals a walk of the heap after random adds. */
class TopKMemoryTest {
    @Test
    void runningItemTotalMatchesRecomputation() {
        Random r = new Random(3);
        HeavyKeeper t = new HeavyKeeper(50, 64, 4, 0.9);
        for (int i = 0; i < 20_000; i++) {
            byte[] item = ("item-" + (int) Math.abs(r.nextGaussian() * 200) + "x".repeat(r.nextInt(30)))
                    .getBytes(StandardCharsets.US_ASCII);
            t.add(item, 1 + r.nextInt(3));
            if (i % 101 == 0) {
                assertEquals(t.recomputeItemBytes(), t.itemBytes(), "after " + i + " adds");
            }
        }
        assertEquals(t.recomputeItemBytes(), t.itemBytes());
        HeavyKeeper c = (HeavyKeeper) t.copy();
        assertEquals(t.memoryUsage(), c.memoryUsage());
    }
}
