package io.sockudo.kv.kernel.util;

/**
 * Facts about the JVM's heap that memory accounting needs, read once: the maximum heap (-Xmx).
 * G1's region size is the SPI's ({@link io.sockudo.kv.spi.HeapArrays}): G1 stores an object of
 * half a region or more ("humongous") in whole regions of its own, and each family rounds its own
 * big arrays that way, so the kernel takes value estimates as they are.
 */
public final class HeapFacts {
    private static final long MAX_HEAP = Runtime.getRuntime().maxMemory();

    private HeapFacts() {
    }

    /** -Xmx in bytes, or {@link Long#MAX_VALUE} when the heap has no limit. */
    public static long maxHeap() {
        return MAX_HEAP;
    }
}
