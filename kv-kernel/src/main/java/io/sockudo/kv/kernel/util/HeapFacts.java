package io.sockudo.kv.kernel.util;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Facts about the JVM's heap that memory accounting needs, read once: the maximum heap (-Xmx)
 * and, under G1, the region size. G1 stores an object of half a region or more ("humongous") in
 * whole regions of its own, so a 1 MB string in a heap with 1 MB regions occupies 2 MB. Families
 * round their own big arrays that way ({@link io.sockudo.kv.spi.HeapArrays#cost}); kv-spi depends
 * on java.base only, so the kernel, which can read the VM's options, hands it the region size
 * ({@link io.sockudo.kv.kernel.Kernel}'s class initialiser), and takes value estimates as they are.
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
            // Not a HotSpot VM: G1's own rule, as kv-spi applies it.
            return io.sockudo.kv.spi.HeapArrays.ergonomicG1Region(MAX_HEAP);
        }
    }
}
