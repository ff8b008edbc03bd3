package io.sockudo.kv.types.stack.timeseries.rules;

import io.sockudo.kv.types.stack.timeseries.store.Chunk;
import io.sockudo.kv.types.stack.timeseries.store.DuplicatePolicy;
import io.sockudo.kv.types.stack.timeseries.store.Rule;
import io.sockudo.kv.types.stack.timeseries.store.Series;

/**
 * Adding and deleting samples with everything that comes with it (RedisTimeSeries's
 * {@code internalAdd} and {@code SeriesDelRange}): the retention check, the duplicate policy, the
 * IGNORE filter, and the compaction rules the series feeds.
 */
public final class SampleWriter {
    private SampleWriter() {
    }

    /** Outcome of {@link #add}. */
    public enum Result { ADDED, TOO_OLD, REFUSED, IGNORED }

    /**
     * Adds a sample. {@code override} is ON_DUPLICATE (or NONE); the series's own policy applies
     * otherwise, then the module default. The caller has locked and checked the rules' targets.
     */
    public static Result add(Series s, long ts, double v, DuplicatePolicy override, Compaction.Targets targets) {
        long last = s.lastTimestamp();
        if (s.retention != 0 && ts < last && s.retention < last - ts) {
            return Result.TOO_OLD;
        }
        DuplicatePolicy policy = override != DuplicatePolicy.NONE ? override
                : s.policy != DuplicatePolicy.NONE ? s.policy : targets.defaultPolicy();
        if (ignored(policy, s, ts, v)) {
            return Result.IGNORED;
        }
        if (ts <= last && s.totalSamples() != 0) {
            if (!s.samples.upsert(ts, v, policy, s.chunkSize, targets.scratch())) {
                return Result.REFUSED;
            }
            if (s.hasRules()) {
                Compaction.upserted(s, ts, targets);
            }
        } else {
            s.samples.append(ts, v, s.retention, s.chunkSize);
            if (s.hasRules()) {
                for (Rule r : s.rules) {
                    Compaction.appended(s, r, ts, v, targets);
                }
            }
        }
        return Result.ADDED;
    }

    /**
     * The IGNORE filter: with policy LAST, a sample at or after the newest one, within
     * ignoreMaxTimeDiff of it and within ignoreMaxValDiff of its value, is dropped. A compaction
     * destination is never filtered.
     */
    static boolean ignored(DuplicatePolicy policy, Series s, long ts, double v) {
        if (policy != DuplicatePolicy.LAST || s.totalSamples() == 0 || s.srcRule != null) {
            return false;
        }
        double lastValue = s.lastValue();
        if (Double.isNaN(v) || Double.isNaN(lastValue)) {
            return false;
        }
        long last = s.lastTimestamp();
        return ts >= last && ts - last <= s.ignoreMaxTimeDiff && Math.abs(v - lastValue) <= s.ignoreMaxValDiff;
    }

    /** A destination write from a rule: errors (a sample too old for the destination) are dropped. */
    static void addQuiet(Series dest, long ts, double v, DuplicatePolicy policy, Compaction.Targets targets) {
        if (dest.totalSamples() == 0) {
            dest.samples.append(ts, v, dest.retention, dest.chunkSize);
            return;
        }
        long last = dest.lastTimestamp();
        if (dest.retention != 0 && ts < last && dest.retention < last - ts) {
            return;
        }
        if (ts <= last) {
            dest.samples.upsert(ts, v, policy, dest.chunkSize, targets.scratch());
        } else {
            dest.samples.append(ts, v, dest.retention, dest.chunkSize);
        }
    }

    /**
     * Whether deleting from {@code from} is allowed: with rules and a retention, neither the
     * range's start nor the start of any rule's bucket holding it may be older than retention.
     */
    public static boolean deletable(Series s, long from) {
        if (!s.hasRules() || s.retention == 0) {
            return true;
        }
        long last = s.lastTimestamp();
        if (obsolete(from, last, s.retention)) {
            return false;
        }
        for (Rule r : s.rules) {
            long start = Rule.normalize(Rule.bucketStart(from, r.bucketDuration, r.alignment));
            if (obsolete(start, last, s.retention)) {
                return false;
            }
        }
        return true;
    }

    private static boolean obsolete(long ts, long last, long retention) {
        return last > retention && ts < last - retention;
    }

    /** Deletes {@code [from, to]} and brings the rules' destinations up to date. */
    public static long delete(Series s, long from, long to, Compaction.Targets targets) {
        Chunk.Scratch scratch = targets.scratch();
        long n = s.samples.deleteRange(from, to, scratch);
        if (n > 0 && s.hasRules()) {
            Compaction.deleted(s, from, to, targets);
        }
        return n;
    }
}
