package io.sockudo.kv.types.stack.timeseries.store;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

import java.util.ArrayList;

/**
 * A time series (the value of type {@code TSDB-TYPE}): its settings and labels, its samples
 * ({@link ChunkList}), and its compaction links: the rules it feeds and the rule that feeds it.
 *
 * <p>Values are touched only by handlers holding the key's lock (and by the keyspace listener,
 * which runs under it).
 */
public final class Series implements KvValue {
    /** The key the series is stored under (kept current on rename; saved in RDB records). */
    public byte[] keyName;
    public Labels labels;
    public long retention;
    public int chunkSize;
    public DuplicatePolicy policy;
    public long ignoreMaxTimeDiff;
    public double ignoreMaxValDiff;
    public final ChunkList samples;

    /** Rules this series feeds, in creation order; null when none. */
    public ArrayList<Rule> rules;
    /** The rule feeding this series, or null. */
    public Rule srcRule;

    // Label index bookkeeping (see LabelIndex): where and under which key/labels it is indexed.
    public Object indexedIn;
    public byte[] indexedKey;
    public Labels indexedLabels;

    public Series(byte[] keyName, boolean compressed, int chunkSize, long retention, DuplicatePolicy policy,
                  long ignoreMaxTimeDiff, double ignoreMaxValDiff, Labels labels) {
        this(keyName, new ChunkList(compressed, chunkSize), chunkSize, retention, policy, ignoreMaxTimeDiff,
                ignoreMaxValDiff, labels);
    }

    public Series(byte[] keyName, ChunkList samples, int chunkSize, long retention, DuplicatePolicy policy,
                  long ignoreMaxTimeDiff, double ignoreMaxValDiff, Labels labels) {
        this.keyName = keyName;
        this.samples = samples;
        this.chunkSize = chunkSize;
        this.retention = retention;
        this.policy = policy;
        this.ignoreMaxTimeDiff = ignoreMaxTimeDiff;
        this.ignoreMaxValDiff = ignoreMaxValDiff;
        this.labels = labels;
    }

    public long lastTimestamp() {
        return samples.lastTimestamp;
    }

    public double lastValue() {
        return samples.lastValue;
    }

    public long totalSamples() {
        return samples.totalSamples;
    }

    public boolean hasRules() {
        return rules != null && !rules.isEmpty();
    }

    public void addRule(Rule r) {
        if (rules == null) {
            rules = new ArrayList<>(2);
        }
        rules.add(r);
    }

    public void removeRule(Rule r) {
        if (rules != null) {
            rules.remove(r);
            if (rules.isEmpty()) {
                rules = null;
            }
        }
    }

    /** The rule whose destination is {@code destKey}, or null. */
    public Rule ruleTo(byte[] destKey) {
        if (rules != null) {
            for (Rule r : rules) {
                if (java.util.Arrays.equals(r.destKey, destKey)) {
                    return r;
                }
            }
        }
        return null;
    }

    @Override
    public ValueType type() {
        return SeriesType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "raw";
    }

    /** RedisTimeSeries's memory figure (TS.INFO memoryUsage, MEMORY USAGE). */
    @Override
    public long memoryUsage() {
        long n = 8 + labels.memory() + samples.memory();
        if (rules != null) {
            n += (long) rules.size() * Rule.MEMORY;
        }
        return n;
    }

    /**
     * COPY: samples, settings and labels; no compaction links (RedisTimeSeries's
     * {@code CopySeries}). The key name is set by the label index when the copy lands.
     */
    @Override
    public KvValue copy() {
        return new Series(keyName, samples.copy(), chunkSize, retention, policy, ignoreMaxTimeDiff, ignoreMaxValDiff,
                labels);
    }
}
