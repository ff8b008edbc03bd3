package io.sockudo.kv.kernel.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * The safety net under the byte account: what the collector itself reports. After each
 * collection of the old generation the JVM records how much of it stayed live; when that passes
 * {@link #HIGH} of the heap, the account has underestimated something (a family's estimate, a
 * large reply in progress), and {@link MemoryLimit} lowers the limit below the current dataset
 * until a later collection shows the heap back under {@link #LOW}. Without it a write flood could
 * fill the heap and the JVM would die of OutOfMemoryError (the launcher exits on it).
 */
final class HeapPressure {
    static final double HIGH = 0.85;
    static final double LOW = 0.75;

    private final List<MemoryPoolMXBean> tenured = new ArrayList<>();
    private final long maxHeap;
    private volatile boolean high;
    private long lastSeen = -1;

    HeapPressure(long maxHeap) {
        this.maxHeap = maxHeap;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()) {
                String n = p.getName();
                if (n.contains("Old") || n.contains("Tenured") || n.startsWith("ZHeap") || n.contains("Shenandoah")) {
                    tenured.add(p);
                }
            }
        }
    }

    /**
     * Reads the live size after the last old-generation collection (cheap: no collection is
     * triggered). Called by the cron.
     *
     * @return true when the state changed
     */
    boolean sample() {
        if (tenured.isEmpty() || maxHeap == Long.MAX_VALUE) {
            return false;
        }
        long live = 0;
        for (MemoryPoolMXBean p : tenured) {
            java.lang.management.MemoryUsage u = p.getCollectionUsage();
            if (u != null) {
                live += u.getUsed();
            }
        }
        if (live == lastSeen) {
            return false;
        }
        lastSeen = live;
        boolean was = high;
        if (!was && live > HIGH * maxHeap) {
            high = true;
        } else if (was && live < LOW * maxHeap) {
            high = false;
        }
        return was != high;
    }

    boolean high() {
        return high;
    }

    /** Live bytes after the last old-generation collection (-1 before the first). */
    long lastLive() {
        return lastSeen;
    }
}
