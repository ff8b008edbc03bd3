package io.sockudo.kv.types.stack.timeseries.store;

import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import io.sockudo.kv.types.stack.timeseries.agg.Aggregator;

/**
 * A compaction rule: samples written to {@link #srcKey} are aggregated per bucket into
 * {@link #destKey}. One object is shared by the source (in its rule list) and the destination
 * (as its source rule), so that renaming either key updates both sides in place.
 *
 * <p>Key names are written only while the named keys are locked (a rename locks the old and the
 * new name), so a command that holds the lock of the name it read sees a stable name; see
 * {@code Links} for the lock-and-recheck loop.
 */
public final class Rule {
    public volatile byte[] srcKey;
    public volatile byte[] destKey;
    public final AggType type;
    public final long bucketDuration;
    public final long alignment;
    /** Start of the bucket being filled, -1 before the first sample ({@code startCurrentTimeBucket}). */
    public long currentBucket = -1;
    /** The running aggregate of the current bucket. */
    public Aggregator agg;
    /** Whether the current bucket received a (non-NaN) sample. */
    public boolean validSamples;

    public Rule(byte[] srcKey, byte[] destKey, AggType type, long bucketDuration, long alignment) {
        this(srcKey, destKey, type, bucketDuration, alignment, Aggregator.create(type));
    }

    public Rule(byte[] srcKey, byte[] destKey, AggType type, long bucketDuration, long alignment, Aggregator agg) {
        this.srcKey = srcKey;
        this.destKey = destKey;
        this.type = type;
        this.bucketDuration = bucketDuration;
        this.alignment = alignment;
        this.agg = agg;
    }

    /**
     * A destination's link to a source whose rule is not known yet (after loading a record, which
     * names only the source): it is replaced by the source's rule when both are next locked.
     */
    public static Rule placeholder(byte[] srcKey, byte[] destKey) {
        return new Rule(srcKey, destKey, null, 1, 0, null);
    }

    /** Whether this is a {@link #placeholder}. */
    public boolean isPlaceholder() {
        return type == null;
    }

    /** Start of the bucket holding {@code ts} (may be negative before normalising; see {@link #normalize}). */
    public static long bucketStart(long ts, long duration, long alignment) {
        return ts - Math.floorMod(ts - alignment, duration);
    }

    /** Bucket starts before the epoch are reported (and stored) as 0. */
    public static long normalize(long bucketStart) {
        return Math.max(0, bucketStart);
    }

    /** Bytes RedisTimeSeries counts per rule ({@code sizeof(CompactionRule)}). */
    public static final int MEMORY = 72;
}
