package io.sockudo.kv.spi;

/**
 * What one array really occupies in the heap, for {@link KvValue#memoryUsage()}. Under G1 an
 * object of half a region or more is "humongous": it gets whole regions of its own, so a 1 MB
 * array in a heap of 1 MB regions occupies 2 MB and a 2 MB table of a big hash in a heap of 4 MB
 * regions occupies 4 MB. The rounding belongs to each big array, not to the value: a collection
 * of 200,000 small objects plus two big tables wastes the tail of the tables' regions, not a
 * region's worth rounded on its whole size. So a family passes each array it sizes by the element
 * count (hash tables, index arrays, a string's buffer) through {@link #cost}; arrays of a small
 * fixed size (a list node, a leaf) can never be humongous and need not.
 *
 * <p>The region size starts as G1's ergonomic choice for this heap (what it is unless
 * {@code -XX:G1HeapRegionSize} is given); the server, which can read the VM's options, sets the
 * real one ({@link #setG1Region}) before any module is loaded. This module depends on java.base only.
 */
public final class HeapArrays {
    private static long region = ergonomicG1Region(Runtime.getRuntime().maxMemory());
    /** G1 allocates an object of at least this many bytes as humongous (Long.MAX_VALUE: never). */
    private static long humongous = region / 2;

    private HeapArrays() {
    }

    /** G1's region size in bytes, or 0 under another collector. */
    public static long g1Region() {
        return region;
    }

    /**
     * Sets G1's region size ({@code 0}: not G1, nothing is humongous). The server calls it once at
     * start-up, before any value exists; a module must not (estimates made with another size would
     * no longer match what the account holds for them).
     */
    public static void setG1Region(long bytes) {
        if (bytes < 0 || (bytes & (bytes - 1)) != 0) {
            throw new IllegalArgumentException("not a G1 region size: " + bytes);
        }
        region = bytes;
        humongous = bytes == 0 ? Long.MAX_VALUE : bytes / 2;
    }

    /**
     * G1's region size for a heap of {@code maxHeap} bytes when none is given (JDK 17): the heap
     * over 2048 regions, clamped to 1..32 MB and rounded up to a power of two.
     */
    public static long ergonomicG1Region(long maxHeap) {
        long target = Math.max(1L << 20, Math.min(32L << 20, maxHeap / 2048));
        long r = Long.highestOneBit(target);
        return r == target ? r : r << 1;
    }

    /**
     * The heap an array of {@code bytes} (header and padding included) occupies: {@code bytes},
     * or under G1 whole regions once it is humongous. O(1): a compare for any array below half a
     * region.
     */
    public static long cost(long bytes) {
        if (bytes < humongous) {
            return bytes;
        }
        long r = region;
        return (bytes + r - 1) / r * r;
    }

    /** {@link #cost} of an array of {@code length} elements of {@code elementBytes} each (16-byte header, 8-byte aligned). */
    public static long cost(long length, int elementBytes) {
        return cost((16 + length * elementBytes + 7) & ~7L);
    }
}
