package io.sockudo.kv.types.stack.timeseries.store;

import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;

/**
 * One chunk of a series: samples in ascending timestamp order, appended at the end and rebuilt
 * for out-of-order inserts and deletions, as RedisTimeSeries's chunk classes behave (a chunk
 * holds as many samples as fit in its data size; an upsert may grow it, and the series splits it
 * once it passes 1.2 times the configured size).
 */
public abstract sealed class Chunk permits GorillaChunk, RawChunk {
    /** Number of samples. */
    public abstract int count();

    /** Timestamp of the first sample (0 when empty). */
    public abstract long firstTimestamp();

    /** Timestamp of the last sample (0 when empty). */
    public abstract long lastTimestamp();

    /** Value of the last sample. */
    public abstract double lastValue();

    /** Bytes allocated for the samples (RedisTimeSeries's {@code GetChunkSize(chunk, false)}). */
    public abstract int dataSize();

    /** The bytes RedisTimeSeries counts for the chunk header when it sums memory usage. */
    public abstract int headerSize();

    /** Appends a sample after the last one; false when the chunk is full (nothing changed). */
    public abstract boolean append(long timestamp, double value);

    /** Appends, growing the chunk when it is full (used while rebuilding). */
    abstract void appendGrowing(long timestamp, double value);

    /** An empty chunk of the same kind with {@code size} data bytes. */
    abstract Chunk newEmpty(int size);

    /** Decodes every sample into {@code ts}/{@code vals} from index 0; returns the count. */
    public abstract int decode(long[] ts, double[] vals);

    /** A deep copy. */
    public abstract Chunk copy();

    /** Writes the chunk as RedisTimeSeries's {@code SaveToRDB} does. */
    public abstract void save(ModuleTypeOutput out) throws IOException;

    /** Whether this chunk stores compressed samples. */
    public abstract boolean compressed();

    // ---------------------------------------------------------------------------------------
    // Rebuilding operations shared by both encodings (decode, then append again)
    // ---------------------------------------------------------------------------------------

    /** Result of {@link #upsert}: the sample count changed by {@link #delta}, or the policy refused. */
    public static final int UPSERT_REFUSED = Integer.MIN_VALUE;

    /**
     * Inserts or replaces the sample at {@code timestamp} (RedisTimeSeries's {@code UpsertSample}):
     * the chunk is rebuilt with the sample in place; an existing sample at that timestamp is
     * resolved by {@code policy}. Returns the change in sample count (0 or 1), or
     * {@link #UPSERT_REFUSED} when the policy refuses (the chunk is then unchanged).
     */
    public final int upsert(long timestamp, double value, DuplicatePolicy policy, Scratch scratch) {
        int n = count();
        scratch.ensure(n);
        decode(scratch.ts, scratch.vals);
        long[] ts = scratch.ts;
        double[] vals = scratch.vals;
        int i = 0;
        while (i < n && ts[i] < timestamp) {
            i++;
        }
        int delta = 1;
        double v = value;
        if (i < n && ts[i] == timestamp) {
            if (policy.refuses(vals[i], value)) {
                return UPSERT_REFUSED;
            }
            v = policy.resolve(vals[i], value);
            delta = 0;
        }
        Chunk rebuilt = newEmpty(dataSize());
        for (int k = 0; k < i; k++) {
            rebuilt.appendGrowing(ts[k], vals[k]);
        }
        rebuilt.appendGrowing(timestamp, v);
        for (int k = delta == 0 ? i + 1 : i; k < n; k++) {
            rebuilt.appendGrowing(ts[k], vals[k]);
        }
        takeFrom(rebuilt);
        scratch.resolvedValue = v;
        return delta;
    }

    /** Removes the samples in {@code [from, to]}; returns how many went. */
    public final int deleteRange(long from, long to, Scratch scratch) {
        int n = count();
        scratch.ensure(n);
        decode(scratch.ts, scratch.vals);
        int removed = 0;
        for (int k = 0; k < n; k++) {
            if (scratch.ts[k] >= from && scratch.ts[k] <= to) {
                removed++;
            }
        }
        if (removed == 0) {
            return 0;
        }
        Chunk rebuilt = newEmpty(dataSize());
        for (int k = 0; k < n; k++) {
            long t = scratch.ts[k];
            if (t < from || t > to) {
                rebuilt.appendGrowing(t, scratch.vals[k]);
            }
        }
        takeFrom(rebuilt);
        return removed;
    }

    /**
     * Splits the chunk in two (RedisTimeSeries's {@code SplitChunk}): this chunk keeps the first
     * {@code count - count/2} samples and the returned one holds the rest.
     */
    public abstract Chunk split(Scratch scratch);

    /** Replaces this chunk's state with {@code other}'s (same kind). */
    abstract void takeFrom(Chunk other);

    /** Reusable decode buffers for one command. */
    public static final class Scratch {
        public long[] ts = new long[0];
        public double[] vals = new double[0];
        /** The value an upsert stored (after its duplicate policy). */
        public double resolvedValue;

        public void ensure(int n) {
            if (ts.length < n) {
                int cap = Math.max(n, ts.length * 2);
                ts = new long[cap];
                vals = new double[cap];
            }
        }
    }
}
