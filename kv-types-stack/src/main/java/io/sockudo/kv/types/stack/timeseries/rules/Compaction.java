package io.sockudo.kv.types.stack.timeseries.rules;

import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import io.sockudo.kv.types.stack.timeseries.agg.Aggregator;
import io.sockudo.kv.types.stack.timeseries.query.SampleScan;
import io.sockudo.kv.types.stack.timeseries.store.Chunk;
import io.sockudo.kv.types.stack.timeseries.store.DuplicatePolicy;
import io.sockudo.kv.types.stack.timeseries.store.Rule;
import io.sockudo.kv.types.stack.timeseries.store.Series;

/**
 * Keeps compaction rules current as their source changes, the way RedisTimeSeries does it:
 *
 * <ul>
 *   <li>A new newest sample goes into the rule's running bucket; when it opens a later bucket,
 *       the running one is closed and its aggregate added to the destination (policy LAST).</li>
 *   <li>An insert or replacement at an older timestamp recomputes the bucket it falls in from the
 *       source's samples: the running bucket's state, or the closed bucket's value in the
 *       destination (not written when retention trimmed the bucket's samples; removed when only
 *       NaNs are left in it).</li>
 *   <li>A deletion recomputes the buckets at both ends of the deleted range and deletes the
 *       destination's buckets in between.</li>
 * </ul>
 *
 * The caller has locked every destination and checked that each rule is alive ({@link Targets}).
 */
public final class Compaction {
    private Compaction() {
    }

    /** Where a rule writes: the destination series (locked) and a way to report a write to it. */
    public interface Targets {
        /** The destination of {@code rule} (the caller checked it is alive). */
        Series destination(Rule rule);

        /**
         * {@code rule}'s destination was changed: by a closed bucket added to it
         * ({@code closedBucket}, announced as {@code ts.add:dest}) or by a recomputed bucket.
         */
        void changed(Rule rule, boolean closedBucket);

        /** The duplicate policy the module configuration gives series without one. */
        DuplicatePolicy defaultPolicy();

        Chunk.Scratch scratch();
    }

    // ---------------------------------------------------------------------------------------
    // A new newest sample (handleCompaction)
    // ---------------------------------------------------------------------------------------

    static void appended(Series src, Rule rule, long ts, double v, Targets targets) {
        long bs = Rule.bucketStart(ts, rule.bucketDuration, rule.alignment);
        long bsn = Rule.normalize(bs);
        boolean twa = rule.type == AggType.TWA;
        boolean valid = !Double.isNaN(v);
        if (rule.currentBucket == -1) {
            rule.currentBucket = bsn;
            if (twa) {
                rule.agg.bucketBounds(bsn, bs + rule.bucketDuration);
            }
        }
        if (bsn > rule.currentBucket) {
            Series dest = targets.destination(rule);
            if (twa && valid) {
                rule.agg.nextSample(v, ts);
            }
            boolean had = rule.validSamples;
            if (had) {
                double value = rule.agg.result();
                SampleWriter.addQuiet(dest, rule.currentBucket, value, DuplicatePolicy.LAST, targets);
                targets.changed(rule, true);
            }
            long lastTs = 0;
            double lastValue = Double.NaN;
            if (twa) {
                Aggregator.Twa t = (Aggregator.Twa) rule.agg;
                lastTs = t.lastSampleTime();
                lastValue = t.lastSampleValue();
            }
            rule.agg.reset();
            rule.validSamples = false;
            if (twa) {
                rule.agg.bucketBounds(bsn, bs + rule.bucketDuration);
                if (had && !Double.isNaN(lastValue)) {
                    rule.agg.previousSample(lastValue, lastTs);
                }
            }
            rule.currentBucket = bsn;
        }
        if (valid) {
            rule.agg.add(v, ts);
            rule.validSamples = true;
        }
    }

    // ---------------------------------------------------------------------------------------
    // An insert or replacement before the newest sample (upsertCompaction)
    // ---------------------------------------------------------------------------------------

    static void upserted(Series src, long ts, Targets targets) {
        for (Rule rule : src.rules) {
            long d = rule.bucketDuration;
            long cur = Rule.bucketStart(src.lastTimestamp(), d, rule.alignment);
            long curN = Rule.normalize(cur);
            if (ts >= curN) {
                recomputeRunning(src, rule, curN, cur + d - 1, targets.scratch());
            } else {
                long start = Rule.bucketStart(ts, d, rule.alignment);
                long startN = Rule.normalize(start);
                Aggregator a = bucket(src, rule, startN, start + d - 1, true, targets.scratch());
                Series dest = targets.destination(rule);
                if (a != null) {
                    SampleWriter.addQuiet(dest, startN, a.result(), DuplicatePolicy.LAST, targets);
                    targets.changed(rule, false);
                } else if (startN >= src.samples.retentionFloor(src.retention)) {
                    // the bucket's samples are all NaN now (not trimmed away): it is empty
                    if (dest.samples.deleteRange(startN, startN, targets.scratch()) > 0) {
                        targets.changed(rule, false);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // A deletion (CompactionDelRange)
    // ---------------------------------------------------------------------------------------

    static void deleted(Series src, long from, long to, Targets targets) {
        Chunk.Scratch scratch = targets.scratch();
        for (Rule rule : src.rules) {
            long d = rule.bucketDuration;
            long cur = Rule.bucketStart(src.lastTimestamp(), d, rule.alignment);
            long curN = Rule.normalize(cur);
            if (from >= curN) {
                recomputeRunning(src, rule, curN, cur + d - 1, scratch);
                continue;
            }
            Series dest = targets.destination(rule);
            long first = Rule.bucketStart(from, d, rule.alignment);
            long firstN = Rule.normalize(first);
            long last = Rule.bucketStart(to, d, rule.alignment);
            long lastN = Rule.normalize(last);
            long clearFrom;
            long clearTo;
            Aggregator a = bucket(src, rule, firstN, first + d - 1, true, scratch);
            if (a == null) {
                clearFrom = firstN;
            } else {
                clearFrom = first + d;
                SampleWriter.addQuiet(dest, firstN, a.result(), DuplicatePolicy.LAST, targets);
            }
            if (to >= curN) {
                recomputeRunning(src, rule, curN, Long.MAX_VALUE, scratch);
                clearTo = Rule.normalize(last - d);
            } else {
                Aggregator b = bucket(src, rule, lastN, last + d - 1, true, scratch);
                if (b == null) {
                    clearTo = lastN;
                } else {
                    clearTo = Rule.normalize(last - d);
                    SampleWriter.addQuiet(dest, lastN, b.result(), DuplicatePolicy.LAST, targets);
                }
            }
            if (clearTo >= clearFrom) {
                dest.samples.deleteRange(clearFrom, clearTo, scratch);
            }
            targets.changed(rule, false);
        }
    }

    /** Rebuilds the running bucket's state from the source's samples in {@code [start, end]}. */
    private static void recomputeRunning(Series src, Rule rule, long start, long end, Chunk.Scratch scratch) {
        Aggregator a = bucket(src, rule, start, end, false, scratch);
        rule.currentBucket = start;
        if (a == null) {
            rule.agg.reset();
            rule.validSamples = false;
            if (rule.type == AggType.TWA) {
                rule.agg.bucketBounds(start, start + rule.bucketDuration);
            }
            return;
        }
        rule.agg = a;
        rule.validSamples = true;
    }

    /**
     * The aggregate of the source's samples in {@code [start, end]} (non-NaN), or null when there
     * are none. For twa the samples around the bucket are the interpolation points; {@code closed}
     * buckets interpolate to their end from the next sample.
     */
    static Aggregator bucket(Series src, Rule rule, long start, long end, boolean closed, Chunk.Scratch scratch) {
        Aggregator a = Aggregator.create(rule.type);
        boolean twa = rule.type == AggType.TWA;
        if (twa) {
            long bs = Rule.bucketStart(end, rule.bucketDuration, rule.alignment);
            a.bucketBounds(start, bs + rule.bucketDuration);
            if (start > 0) {
                SampleScan back = new SampleScan(src.samples, 0, start - 1, true, new Chunk.Scratch());
                while (back.next()) {
                    if (!Double.isNaN(back.value)) {
                        a.previousSample(back.value, back.ts);
                        break;
                    }
                }
            }
        }
        SampleScan scan = new SampleScan(src.samples, start, end, false, scratch);
        while (scan.next()) {
            if (!Double.isNaN(scan.value)) {
                a.add(scan.value, scan.ts);
            }
        }
        if (!a.hasSamples()) {
            return null;
        }
        if (twa && closed && end < Long.MAX_VALUE) {
            SampleScan ahead = new SampleScan(src.samples, end + 1, Long.MAX_VALUE, false, new Chunk.Scratch());
            while (ahead.next()) {
                if (!Double.isNaN(ahead.value)) {
                    a.nextSample(ahead.value, ahead.ts);
                    break;
                }
            }
        }
        return a;
    }

    /** The latest (running) bucket of {@code rule} as a sample, for LATEST; false when it has none. */
    public static boolean latest(Rule rule, io.sockudo.kv.types.stack.timeseries.query.RangeQuery.Latest out) {
        if (rule == null || rule.isPlaceholder() || rule.currentBucket == -1 || !rule.validSamples) {
            return false;
        }
        out.set(rule.currentBucket, rule.agg.copy().result());
        return true;
    }
}
