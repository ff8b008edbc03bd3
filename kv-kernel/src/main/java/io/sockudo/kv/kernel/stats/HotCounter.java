package io.sockudo.kv.kernel.stats;

import io.netty.util.concurrent.FastThreadLocal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A statistics counter for the per-command paths (commands processed, per-command calls and
 * time, dirty keys, keyspace hits): each thread adds to a cell only it writes, with a plain
 * (opaque) store instead of the atomic read-modify-write a {@link LongAdder} does even when
 * uncontended. {@link #sum} adds the cells and may miss additions still in flight, as Redis's own
 * counters read from INFO may. The first {@value #SLOTS} threads that count get a cell; later
 * ones share a {@code LongAdder}.
 */
public final class HotCounter {
    private static final int SLOTS = 64;
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();
    /** This thread's cell index, or -1 when the cells ran out. */
    private static final FastThreadLocal<int[]> SLOT = new FastThreadLocal<>() {
        @Override
        protected int[] initialValue() {
            int s = NEXT_SLOT.getAndIncrement();
            return new int[] {s < SLOTS ? s : -1};
        }
    };
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] cells = new long[SLOTS];
    private final LongAdder overflow = new LongAdder();
    /** What {@link #reset} subtracts: cells are never written by another thread. */
    private volatile long base;

    public void increment() {
        add(1);
    }

    public void add(long x) {
        int s = SLOT.get()[0];
        if (s >= 0) {
            CELL.setOpaque(cells, s, (long) CELL.getOpaque(cells, s) + x);
        } else {
            overflow.add(x);
        }
    }

    public long sum() {
        return raw() - base;
    }

    /** Starts counting from zero again (CONFIG RESETSTAT). */
    public void reset() {
        base = raw();
    }

    private long raw() {
        long n = overflow.sum();
        for (int i = 0; i < SLOTS; i++) {
            n += (long) CELL.getOpaque(cells, i);
        }
        return n;
    }
}
