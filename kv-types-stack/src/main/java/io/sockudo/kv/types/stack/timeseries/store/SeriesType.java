package io.sockudo.kv.types.stack.timeseries.store;

import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.DoubleFormat;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.ValueType;
import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import io.sockudo.kv.types.stack.timeseries.agg.Aggregator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * {@code TS.CREATE key RETENTION ... CHUNK_SIZE ... ENCODING ... [DUPLICATE_POLICY ...]
     * [IGNORE ...] [LABELS ...]}, then its samples in order with {@code TS.MADD} (64 per command).
     * A series in a compaction rule (source or destination) is written as RESTORE instead: its
     * rules carry partly aggregated buckets no command can set.
     */
    @Override
    public void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        Series s = (Series) value;
        if (s.srcRule != null || (s.rules != null && !s.rules.isEmpty())) {
            out.emitRestore(key, value);
            return;
        }
        List<byte[]> create = new ArrayList<>(List.of(ascii("TS.CREATE"), key, ascii("RETENTION"),
                ascii(Long.toString(s.retention)), ascii("CHUNK_SIZE"), ascii(Long.toString(s.chunkSize)),
                ascii("ENCODING"), ascii(s.samples.compressed() ? "COMPRESSED" : "UNCOMPRESSED")));
        if (s.policy != DuplicatePolicy.NONE) {
            create.add(ascii("DUPLICATE_POLICY"));
            create.add(ascii(s.policy.text()));
        }
        if (s.ignoreMaxTimeDiff != 0 || s.ignoreMaxValDiff != 0) {
            create.add(ascii("IGNORE"));
            create.add(ascii(Long.toString(s.ignoreMaxTimeDiff)));
            create.add(DoubleFormat.bytes(s.ignoreMaxValDiff));
        }
        if (s.labels.size() > 0) {
            create.add(ascii("LABELS"));
            for (int i = 0; i < s.labels.size(); i++) {
                create.add(s.labels.name(i));
                create.add(s.labels.value(i));
            }
        }
        out.emit(create.toArray(new byte[0][]));
        List<byte[]> madd = new ArrayList<>();
        madd.add(ascii("TS.MADD"));
        long[] ts = new long[0];
        double[] vals = new double[0];
        for (int c = 0; c < s.samples.chunkCount(); c++) {
            Chunk chunk = s.samples.chunk(c);
            if (ts.length < chunk.count()) {
                ts = new long[chunk.count()];
                vals = new double[chunk.count()];
            }
            int n = chunk.decode(ts, vals);
            for (int i = 0; i < n; i++) {
                madd.add(key);
                madd.add(ascii(Long.toString(ts[i])));
                madd.add(DoubleFormat.bytes(vals[i]));
                if (madd.size() == 1 + 3 * 64) {
                    out.emit(madd.toArray(new byte[0][]));
                    madd.subList(1, madd.size()).clear();
                }
            }
        }
        if (madd.size() > 1) {
            out.emit(madd.toArray(new byte[0][]));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
