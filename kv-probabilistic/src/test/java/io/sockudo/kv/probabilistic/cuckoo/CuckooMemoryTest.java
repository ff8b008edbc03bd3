package io.sockudo.kv.probabilistic.cuckoo;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** memoryUsage() is O(1): the cached sub-filter total follows the filter as sub-filters come and go. */
class CuckooMemoryTest {
    @Test
    void cachedFilterTotalFollowsChanges() {
        Random r = new Random(5);
        CuckooFilter f = CuckooFilter.create(16, 2, 20, 1);
        long[] hashes = new long[3000];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = r.nextLong();
            f.insert(hashes[i], false);
            check(f);
        }
        for (int i = hashes.length - 1; i >= 0; i--) {
            f.delete(hashes[i]);
            if (i % 100 == 0) {
                f.compact(true);
            }
            check(f);
        }
    }

    private static void check(CuckooFilter f) {
        assertEquals(64 + 16 + 8L * f.data.length + 16 + 8L * f.subBuckets.length + f.sumFilterBytes(),
                f.memoryUsage());
    }
}
