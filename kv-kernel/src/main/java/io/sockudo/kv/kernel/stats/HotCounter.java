package io.sockudo.kv.kernel.stats;

import io.netty.util.concurrent.FastThreadLocal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A statistics counter for the per-command paths (commands processed, per-command calls and
 * time, dirty keys, keyspace hits): each thread adds to a cell only it writes, with a plain
 * (opaque) store instead of the atomic read-modify-write a {@link LongAdder} does even when
 * uncontended. {@link #sum} adds the cells and may miss additions still in flight, as Redis's own
 * counters read from INFO may.
 *
 * <p>The cells are laid out per thread, not per counter: every counter has an id, and each
 * counting thread owns one array holding its cell of every counter, padded at both ends. Two
 * event loops therefore never write the same cache line (cells of one counter, adjacent in one
 * array, would be), while the counters one command touches (its calls and its time, registered
 * one after the other) sit side by side in the thread's own array. The first {@value #THREADS}
 * threads that count get an array; later ones share a {@code LongAdder} per counter.
 */
public final class HotCounter {
    private static final int THREADS = 64;
    /** Longs of padding at each end of a thread's array: two cache lines (adjacent-line prefetch). */
    private static final int PAD = 16;
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static final AtomicInteger NEXT_THREAD = new AtomicInteger();
    private static final AtomicReferenceArray<Cells> ALL = new AtomicReferenceArray<>(THREADS);
    /** Marks a thread that came after the arrays ran out. */
    private static final Cells SHARED = new Cells(0);
    private static final FastThreadLocal<Cells> LOCAL = new FastThreadLocal<>() {
        @Override
        protected Cells initialValue() {
            int t = NEXT_THREAD.getAndIncrement();
            if (t >= THREADS) {
                return SHARED;
            }
            Cells c = new Cells(NEXT_ID.get());
            ALL.set(t, c);
            return c;
        }
    };
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    /** One thread's cells of every counter: written by that thread only. */
    public static final class Cells {
        /** Replaced (grown) by the owner only, read by {@link #sum} from any thread. */
        volatile long[] values;

        Cells(int counters) {
            values = new long[PAD + Math.max(64, counters) + PAD];
        }

        /** The owner's array, grown to hold cell {@code i}. */
        long[] grow(int i) {
            long[] v = values;
            long[] bigger = new long[PAD + Math.max(i + 1, (v.length - 2 * PAD) * 2) + PAD];
            for (int k = PAD; k < v.length - PAD; k++) {
                bigger[k] = (long) CELL.getOpaque(v, k);
            }
            values = bigger;
            return bigger;
        }
    }

    /** This counter's cell index in every thread's array. */
    private final int cell = PAD + NEXT_ID.getAndIncrement();
    private final LongAdder overflow = new LongAdder();
    /** What {@link #reset} subtracts: cells are never written by another thread. */
    private volatile long base;

    public void increment() {
        add(1);
    }

    public void add(long x) {
        add(LOCAL.get(), x);
    }

    /**
     * The calling thread's cells, for several {@link #add(Cells, long)} in a row with one
     * thread-local lookup (the dispatcher counts three per command). Only for the calling thread.
     */
    public static Cells cells() {
        return LOCAL.get();
    }

    /** {@link #add(long)} with the calling thread's {@link #cells()}. */
    public void add(Cells c, long x) {
        if (c == SHARED) {
            overflow.add(x);
            return;
        }
        long[] v = c.values;
        int i = cell;
        if (i >= v.length - PAD) {
            v = c.grow(i - PAD);
        }
        CELL.setOpaque(v, i, (long) CELL.getOpaque(v, i) + x);
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
        int threads = Math.min(THREADS, NEXT_THREAD.get());
        for (int t = 0; t < threads; t++) {
            Cells c = ALL.get(t);
            if (c == null) {
                continue; // a thread between taking its index and publishing its array
            }
            long[] v = c.values;
            if (cell < v.length - PAD) {
                n += (long) CELL.getOpaque(v, cell);
            }
        }
        return n;
    }
}
