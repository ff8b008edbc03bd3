package io.sockudo.kv.kernel.commands.server;

import io.sockudo.kv.kernel.keyspace.Keyspaces;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory figures for INFO memory and MEMORY STATS. The JVM heap in use stands for Redis's
 * allocator total; the peak is tracked whenever the figures are read.
 */
final class MemoryState {
    private final long startup;
    private final AtomicLong peak = new AtomicLong();

    /** A consistent set of figures, in bytes. */
    record Snapshot(long used, long rss, long peak, long startup, long overhead, long dataset, long systemTotal,
                    long heapCommitted, long heapMax, long keys) {
    }

    MemoryState() {
        this.startup = heapUsed();
    }

    private static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    Snapshot snapshot(Keyspaces keyspaces) {
        long used = heapUsed();
        long p = peak.accumulateAndGet(used, Math::max);
        long tables = 0;
        long keys = 0;
        for (int i = 0; i < keyspaces.count(); i++) {
            tables += keyspaces.db(i).overheadBytes();
            keys += keyspaces.db(i).size();
        }
        long overhead = Math.min(used, startup + tables);
        Runtime rt = Runtime.getRuntime();
        return new Snapshot(used, ProcessMetrics.residentBytes(), p, startup, overhead, used - overhead,
                ProcessMetrics.totalSystemMemory(), rt.totalMemory(), rt.maxMemory(), keys);
    }
}
