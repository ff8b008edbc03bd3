package io.sockudo.kv.types.stack.timeseries.store;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.ValueType;
import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import io.sockudo.kv.types.stack.timeseries.agg.Aggregator;

import java.io.IOException;
import java.util.ArrayList;

/**
 * The {@code TSDB-TYPE} value type and its record, RedisTimeSeries's {@code series_rdb_save}
 * item sequence at encoding version 8 ({@code TS_CREATE_IGNORE_VER}): key name, retention, chunk
 * size, options, last timestamp, last value, total samples, duplicate policy, source key (flag
 * and name), ignore window, labels, rules (destination, bucket duration, alignment, aggregator,
 * current bucket, aggregator state), then the chunks in their own records. Versions 2 to 7 load
 * too (fields they lack take RedisTimeSeries's defaults).
 *
 * <p>Rules are saved with the series (as RedisTimeSeries does for RDB files). A loaded source and
 * destination are linked again by name when a command next touches them.
 */
public final class SeriesType implements ValueType, ModuleTypeCodec {
    public static final SeriesType INSTANCE = new SeriesType();

    public static final int ENCODING_VERSION = 8;
    private static final int OPT_UNCOMPRESSED = 0x1;
    private static final int OPT_COMPRESSED = 0x2;

    private SeriesType() {
    }

    @Override
    public String name() {
        return "TSDB-TYPE";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return this;
    }

    @Override
    public String typeName() {
        return "TSDB-TYPE";
    }

    @Override
    public int encodingVersion() {
        return ENCODING_VERSION;
    }

    @Override
    public void save(KvValue value, ModuleTypeOutput out) throws IOException {
        Series s = (Series) value;
        ChunkList samples = s.samples;
        out.saveString(s.keyName);
        out.saveUnsigned(s.retention);
        out.saveUnsigned(s.chunkSize);
        out.saveUnsigned(samples.compressed() ? OPT_COMPRESSED : OPT_UNCOMPRESSED);
        out.saveUnsigned(samples.lastTimestamp());
        out.saveDouble(samples.lastValue());
        out.saveUnsigned(samples.totalSamples());
        out.saveUnsigned(s.policy.id());
        if (s.srcRule != null) {
            out.saveUnsigned(1);
            out.saveString(s.srcRule.srcKey);
        } else {
            out.saveUnsigned(0);
        }
        out.saveUnsigned(s.ignoreMaxTimeDiff);
        out.saveDouble(s.ignoreMaxValDiff);
        Labels labels = s.labels;
        out.saveUnsigned(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.saveString(labels.name(i));
            out.saveString(labels.value(i));
        }
        ArrayList<Rule> rules = s.rules;
        out.saveUnsigned(rules == null ? 0 : rules.size());
        if (rules != null) {
            for (Rule r : rules) {
                out.saveString(r.destKey);
                out.saveUnsigned(r.bucketDuration);
                out.saveUnsigned(r.alignment);
                out.saveUnsigned(r.type.id());
                out.saveUnsigned(r.currentBucket);
                r.agg.save(out);
            }
        }
        out.saveUnsigned(samples.chunkCount());
        for (int i = 0; i < samples.chunkCount(); i++) {
            samples.chunk(i).save(out);
        }
    }

    @Override
    public KvValue load(ModuleTypeInput in, int encver) throws IOException {
        if (encver < 2 || encver > ENCODING_VERSION) {
            throw new IOException("TSDB-TYPE: data is not in the correct encoding (version " + encver + ")");
        }
        byte[] keyName = in.loadString();
        long retention = in.loadUnsigned();
        long chunkSize = in.loadUnsigned();
        long options = in.loadUnsigned();
        long lastTimestamp = in.loadUnsigned();
        double lastValue = in.loadDouble();
        long totalSamples = in.loadUnsigned();
        DuplicatePolicy policy = encver >= 3 ? DuplicatePolicy.ofId(in.loadUnsigned()) : DuplicatePolicy.NONE;
        byte[] srcKey = in.loadUnsigned() != 0 ? in.loadString() : null;
        long ignoreTime = encver >= 8 ? in.loadUnsigned() : 0;
        double ignoreValue = encver >= 8 ? in.loadDouble() : 0;
        long labelCount = in.loadUnsigned();
        if (policy == null || retention < 0 || chunkSize <= 0 || chunkSize > Integer.MAX_VALUE || labelCount < 0
                || labelCount > Integer.MAX_VALUE) {
            throw new IOException("TSDB-TYPE: inconsistent series header");
        }
        byte[][] names = new byte[(int) labelCount][];
        byte[][] values = new byte[(int) labelCount][];
        for (int i = 0; i < labelCount; i++) {
            names[i] = in.loadString();
            values[i] = in.loadString();
        }
        long ruleCount = in.loadUnsigned();
        if (ruleCount < 0 || ruleCount > 1 << 20) {
            throw new IOException("TSDB-TYPE: inconsistent rule count");
        }
        ArrayList<Rule> rules = new ArrayList<>();
        for (int i = 0; i < ruleCount; i++) {
            byte[] dest = in.loadString();
            long bucket = in.loadUnsigned();
            long alignment = encver >= 6 ? in.loadUnsigned() : 0;
            AggType type = AggType.ofId(in.loadUnsigned());
            long current = in.loadUnsigned();
            if (type == null || bucket <= 0) {
                throw new IOException("TSDB-TYPE: inconsistent compaction rule");
            }
            Aggregator agg = Aggregator.create(type);
            agg.load(in, encver);
            Rule r = new Rule(keyName, dest, type, bucket, alignment, agg);
            r.currentBucket = current;
            r.validSamples = current != -1 && agg.hasSamples();
            rules.add(0, r); // RedisTimeSeries prepends each loaded rule
        }
        boolean compressed = (options & OPT_UNCOMPRESSED) == 0;
        long chunkCount = in.loadUnsigned();
        if (chunkCount < 0 || chunkCount > Integer.MAX_VALUE) {
            throw new IOException("TSDB-TYPE: inconsistent chunk count");
        }
        Chunk[] chunks = new Chunk[(int) chunkCount];
        long counted = 0;
        for (int i = 0; i < chunkCount; i++) {
            chunks[i] = compressed ? GorillaChunk.load(in) : RawChunk.load(in);
            counted += chunks[i].count();
        }
        if (counted != totalSamples) {
            throw new IOException("TSDB-TYPE: total samples " + totalSamples + " but the chunks hold " + counted);
        }
        ChunkList list = new ChunkList(compressed, chunks, lastTimestamp, lastValue, totalSamples);
        Series s = new Series(keyName, list, (int) chunkSize, retention, policy, ignoreTime, ignoreValue,
                new Labels(names, values));
        if (!rules.isEmpty()) {
            s.rules = rules;
        }
        if (srcKey != null) {
            s.srcRule = Rule.placeholder(srcKey, keyName);
        }
        return s;
    }
}
