package io.sockudo.kv.kernel.commands.server;

import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.memory.MemoryLimit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory figures for INFO memory and MEMORY STATS: {@code used_memory} is the byte account
 * ({@link MemoryLimit#used}), the overhead is the empty keyspace plus the tables' entries and
 * buckets, the dataset the rest (keys and values); the JVM heap figures are reported beside them.
 */
final class MemoryState {
    private final MemoryLimit limit;
    private final AtomicLong peak = new AtomicLong();

    /** A consistent set of figures, in bytes. */
    record Snapshot(long used, long rss, long peak, long startup, long overhead, long dataset, long systemTotal,
                    long heapCommitted, long heapMax, long heapUsed, long keys) {
    }

    MemoryState(MemoryLimit limit) {
        this.limit = limit;
    }

    Snapshot snapshot(Keyspaces keyspaces) {
        long used = limit.used();
        long p = peak.accumulateAndGet(used, Math::max);
        long tables = 0;
        long keys = 0;
        for (int i = 0; i < keyspaces.count(); i++) {
            tables += keyspaces.db(i).overheadBytes();
            keys += keyspaces.db(i).size();
        }
        long overhead = Math.min(used, limit.startup() + tables);
        Runtime rt = Runtime.getRuntime();
        return new Snapshot(used, ProcessMetrics.residentBytes(), p, limit.startup(), overhead, used - overhead,
                ProcessMetrics.totalSystemMemory(), rt.totalMemory(), rt.maxMemory(),
                rt.totalMemory() - rt.freeMemory(), keys);
    }
}
