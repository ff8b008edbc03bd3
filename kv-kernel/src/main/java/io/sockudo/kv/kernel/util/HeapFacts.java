package io.sockudo.kv.kernel.util;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Facts about the JVM's heap that memory accounting needs, read once: the maximum heap (-Xmx)
 * and, under G1, the region size. G1 stores an object of half a region or more ("humongous") in
 * whole regions of its own, so a 1 MB string in a heap with 1 MB regions occupies 2 MB: the
 * byte account rounds such values up the same way ({@link #heapCost}).
 */
public final class HeapFacts {
    private static final long MAX_HEAP = Runtime.getRuntime().maxMemory();
    private static final long REGION = g1RegionSize();

    private HeapFacts() {
    }

    /** -Xmx in bytes, or {@link Long#MAX_VALUE} when the heap has no limit. */
    public static long maxHeap() {
        return MAX_HEAP;
    }

    /** G1's region size in bytes, or 0 under another collector. */
    public static long g1Region() {
        return REGION;
    }

    /** What an object graph estimated at {@code bytes} occupies in the heap (G1 humongous rounding). */
    public static long heapCost(long bytes) {
        long r = REGION;
        if (r == 0 || bytes < r / 2) {
            return bytes;
        }
        return (bytes + r - 1) / r * r;
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
            long target = Math.max(1L << 20, Math.min(32L << 20, MAX_HEAP / 2048));
            return Long.highestOneBit(target);
        }
    }
}
