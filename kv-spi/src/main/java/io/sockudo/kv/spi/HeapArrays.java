package io.sockudo.kv.spi;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What one array really occupies in the heap, for {@link KvValue#memoryUsage()}. Under G1 an
 * object of half a region or more is "humongous": it gets whole regions of its own, so a 1 MB
 * array in a heap of 1 MB regions occupies 2 MB and a 2 MB table of a big hash occupies 4 MB.
 * The rounding belongs to each big array, not to the value: a collection of 200,000 small
 * objects plus two big tables wastes the tail of two tables' regions, not a region's worth
 * rounded on its whole size. So a family passes each array it sizes by the element count (hash
 * tables, index arrays, a string's buffer) through {@link #cost}; arrays of a small fixed size
 * (a list node, a leaf) can never be humongous and need not.
 */
public final class HeapArrays {
    private static final long REGION = g1RegionSize();
    /** G1 allocates an object of at least this many bytes as humongous (Long.MAX_VALUE: never). */
    private static final long HUMONGOUS = REGION == 0 ? Long.MAX_VALUE : REGION / 2;

    private HeapArrays() {
    }

    /** G1's region size in bytes, or 0 under another collector. */
    public static long g1Region() {
        return REGION;
    }

    /**
     * The heap an array of {@code bytes} (header and padding included) occupies: {@code bytes},
     * or under G1 whole regions once it is humongous. O(1): a compare for any array below half a
     * region.
     */
    public static long cost(long bytes) {
        if (bytes < HUMONGOUS) {
            return bytes;
        }
        long r = REGION;
        return (bytes + r - 1) / r * r;
    }

    /** {@link #cost} of an array of {@code length} elements of {@code elementBytes} each (16-byte header, 8-byte aligned). */
    public static long cost(long length, int elementBytes) {
        return cost((16 + length * elementBytes + 7) & ~7L);
    }

    private static long g1RegionSize() {
        boolean g1 = false;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().startsWith("G1")) {
                g1 = true;
            }
        }
        if (!g1) {
            return 0;
        }
        try {
            // The HotSpot MXBean itself, not the platform MBean server: creating that server
            // registers every platform MBean (JMX's server classes, JFR's and logging's beans) at
            // start-up, for one option's value.
            com.sun.management.HotSpotDiagnosticMXBean hotspot =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue());
        } catch (Exception | LinkageError e) {
            // Not a HotSpot VM: G1's own rule, the heap over 2048 regions, a power of two in 1..32 MB.
            long max = Runtime.getRuntime().maxMemory();
            long target = Math.max(1L << 20, Math.min(32L << 20, max / 2048));
            return Long.highestOneBit(target);
        }
    }
}
