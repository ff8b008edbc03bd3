package io.sockudo.kv.it.memory;

import io.sockudo.kv.spi.HeapArrays;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link HeapArrays#cost}: an array below half a G1 region costs its aligned size, one of half a
 * region or more whole regions (G1's humongous allocation), as {@link UsedMemoryPerTypeTest}
 * relies on.
 */
class HeapArraysTest {
    @Test
    void smallArraysCostTheirAlignedSize() {
        assertEquals(16, HeapArrays.cost(0, 1));
        assertEquals(24, HeapArrays.cost(1, 1));
        assertEquals(16 + 4 * 1024, HeapArrays.cost(1024, 4));
        assertEquals(1000, HeapArrays.cost(1000));
    }

    @Test
    void ergonomicRegionIsJdk17s() {
        assertEquals(1L << 20, HeapArrays.ergonomicG1Region(256L << 20));
        // this machine's default heap (a quarter of 24 GiB): 3 MB per region rounded up, as
        // java -XX:+PrintFlagsFinal -version shows (G1HeapRegionSize = 4194304)
        assertEquals(4L << 20, HeapArrays.ergonomicG1Region(6320816128L));
        assertEquals(32L << 20, HeapArrays.ergonomicG1Region(1L << 40));
    }

    @Test
    void humongousArraysCostWholeRegions() {
        boolean g1 = false;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            g1 |= gc.getName().startsWith("G1");
        }
        assumeTrue(g1, "the test JVM runs G1");
        long r = HeapArrays.g1Region();
        assertEquals(1, Long.bitCount(r), "a power of two: " + r);
        assertEquals(r / 2 - 8, HeapArrays.cost(r / 2 - 8), "just below half a region: not humongous");
        assertEquals(r, HeapArrays.cost(r / 2), "half a region: one whole region");
        assertEquals(r, HeapArrays.cost(r));
        assertEquals(2 * r, HeapArrays.cost(r + 16), "a region and a header: two regions");
        // a hash table of 2^19 four-byte slots: 2 MB plus its header
        long bytes = 16 + (4L << 19);
        assertEquals(bytes >= r / 2 ? (bytes + r - 1) / r * r : bytes, HeapArrays.cost(1 << 19, 4));
    }
}
