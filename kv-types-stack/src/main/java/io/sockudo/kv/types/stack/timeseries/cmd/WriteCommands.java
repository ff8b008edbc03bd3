package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.timeseries.query.Kw;
import io.sockudo.kv.types.stack.timeseries.query.Num;
import io.sockudo.kv.types.stack.timeseries.query.RangeArgs;
import io.sockudo.kv.types.stack.timeseries.rules.SampleWriter;
import io.sockudo.kv.types.stack.timeseries.store.DuplicatePolicy;
import io.sockudo.kv.types.stack.timeseries.store.Labels;
import io.sockudo.kv.types.stack.timeseries.store.Rule;
import io.sockudo.kv.types.stack.timeseries.store.Series;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The commands that create series and change their samples: TS.CREATE, TS.ALTER, TS.ADD,
 * TS.MADD, TS.INCRBY, TS.DECRBY, TS.DEL.
 */
public final class WriteCommands {
    static final String NOT_FOUND = "ERR TSDB: the key does not exist";
    static final String WRONGTYPE = "ERR WRONGTYPE Operation against a key holding the wrong kind of value";
    static final String NOT_TSDB = "ERR TSDB: the key is not a TSDB key";
    static final String TOO_OLD = "ERR TSDB: Timestamp is older than retention";
    static final String UPSERT = "ERR TSDB: Error at upsert, update is not supported when DUPLICATE_POLICY is set to"
            + " BLOCK mode, or either current or new value is NaN and DUPLICATE_POLICY is MAX/MIN/SUM";
    private static final byte[] STAR = {'*'};

    private WriteCommands() {
    }

    static void register(ModuleRegistry r) {
        ArgSpec retention = ArgSpec.integer("retentionPeriod").token("RETENTION").optional();
        ArgSpec encoding = ArgSpec.oneOf("enc", ArgSpec.pureToken("uncompressed", "UNCOMPRESSED"),
                ArgSpec.pureToken("compressed", "COMPRESSED")).token("ENCODING").optional();
        ArgSpec chunk = ArgSpec.integer("size").token("CHUNK_SIZE").optional();
        ArgSpec policy = ArgSpec.string("policy").token("DUPLICATE_POLICY").optional();
        ArgSpec ignore = ArgSpec.block("ignore", ArgSpec.integer("ignoreMaxTimediff"),
                ArgSpec.doubleArg("ignoreMaxValDiff")).token("IGNORE").optional();
        ArgSpec labels = ArgSpec.block("labels", ArgSpec.string("label"), ArgSpec.string("value"))
                .token("LABELS").optional().multiple();
        r.command(Specs.write("ts.create", -2, true, WriteCommands::create).keys(1, 1, 1, "RW", "INSERT")
                .summary("Create a new time series").complexity("O(1)")
                .args(Specs.key(), retention, encoding, chunk, policy, ignore, labels).build());
        r.command(Specs.write("ts.alter", -2, false, WriteCommands::alter).keys(1, 1, 1, "RW", "UPDATE")
                .summary("Update the retention, chunk size, duplicate policy, and labels of an existing time series")
                .complexity("O(N) where N is the number of labels requested to update")
                .args(Specs.key(), retention, chunk, policy, ignore, labels).build());
        r.command(Specs.write("ts.add", -4, false, WriteCommands::add).keys(1, 1, 1, "RW", "UPDATE")
                .summary("Append a sample to a time series")
                .complexity("O(M) when M is the amount of compaction rules or O(1) with no compaction")
                .args(Specs.key(), ArgSpec.string("timestamp"), ArgSpec.doubleArg("value"), retention, encoding,
                        chunk, policy, ArgSpec.string("policy_ovr").token("ON_DUPLICATE").optional(), ignore, labels)
                .build());
        r.command(Specs.write("ts.madd", -4, false, WriteCommands::madd).keys(1, -1, 3)
                .keySpec(KeySpec.range(1, -1, 3, "RW", "UPDATE"))
                .summary("Append new samples to one or more time series")
                .complexity("O(N*M) when N is the amount of series updated and M is the amount of compaction rules"
                        + " or O(N) with no compaction")
                .args(ArgSpec.block("ktv", ArgSpec.key("key", 0), ArgSpec.string("timestamp"),
                        ArgSpec.doubleArg("value")).multiple()).build());
        for (String name : new String[] {"ts.incrby", "ts.decrby"}) {
            r.command(Specs.write(name, -3, false, WriteCommands::incrby).keys(1, 1, 1, "RW", "UPDATE")
                    .summary(name.equals("ts.incrby")
                            ? "Increase the value of the sample with the maximum existing timestamp, or create a new"
                            + " sample with a value equal to the value of the sample with the maximum existing"
                            + " timestamp with a given increment"
                            : "Decrease the value of the sample with the maximum existing timestamp, or create a new"
                            + " sample with a value equal to the value of the sample with the maximum existing"
                            + " timestamp with a given decrement")
                    .complexity("O(M) when M is the amount of compaction rules or O(1) with no compaction")
                    .args(Specs.key(), ArgSpec.doubleArg("value"),
                            ArgSpec.string("timestamp").token("TIMESTAMP").optional(), retention, encoding, chunk,
                            policy, ignore, labels).build());
        }
        r.command(Specs.writeNoOom("ts.del", 4, false, WriteCommands::del).keys(1, 1, 1, "RW", "DELETE")
                .summary("Delete all samples between two timestamps for a given time series").since("1.6.0")
                .complexity("O(N) where N is the number of data points that will be removed")
                .args(Specs.key(), ArgSpec.integer("from_timestamp"), ArgSpec.integer("to_timestamp")).build());
    }

    // ---------------------------------------------------------------------------------------
    // TS.CREATE / TS.ALTER
    // ---------------------------------------------------------------------------------------

    static void create(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        CreateOptions o = CreateOptions.parse(ctx);
        if (ctx.db().get(key) != null) {
            throw new KvException("ERR TSDB: key already exists");
        }
        ctx.db().put(key, o.newSeries(key, ctx.config()));
        ctx.reply().ok();
        ctx.notify(EventClass.MODULE, "ts.create", key);
    }

    static void alter(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        CreateOptions o = CreateOptions.parse(ctx);
        Series s = existing(ctx, key, false);
        if (o.hasRetention) {
            s.retention = o.retention;
        }
        if (o.hasChunkSize) {
            s.chunkSize = o.chunkSize;
        }
        if (o.policy != null) {
            s.policy = o.policy;
        }
        if (o.labels != null) {
            s.labels = o.labels;
        }
        if (o.hasIgnore) {
            s.ignoreMaxTimeDiff = o.ignoreTime;
            s.ignoreMaxValDiff = o.ignoreValue;
        }
        ctx.db().modified(key);
        ctx.reply().ok();
        ctx.notify(EventClass.MODULE, "ts.alter", key);
    }

    /** The series under {@code key} or RedisTimeSeries's errors for a missing or foreign key. */
    static Series existing(CommandContext ctx, byte[] key, boolean read) {
        KvValue v = read ? ctx.db().read(key) : ctx.db().get(key);
        if (v == null) {
            throw new KvException(NOT_FOUND);
        }
        if (!(v instanceof Series s)) {
            throw new KvException(WRONGTYPE);
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------
    // TS.ADD / TS.MADD
    // ---------------------------------------------------------------------------------------

    /** A sample timestamp argument: {@code *} is the command's clock; -1 when invalid, -2 when negative. */
    private static long timestamp(CommandContext ctx, byte[] arg) {
        if (arg.length == 1 && arg[0] == '*') {
            return ctx.now();
        }
        if (!Args.isLong(arg)) {
            return -1;
        }
        long t = Args.parseLongUnchecked(arg, 0, arg.length);
        return t < 0 ? -2 : t;
    }

    private static String timestampError(long t) {
        return t == -1 ? "ERR TSDB: invalid timestamp" : "ERR TSDB: invalid timestamp, must be a nonnegative integer";
    }

    static void add(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        String error = addOne(ctx, key);
        ctx.notify(EventClass.MODULE, "ts.add", key);
        if (error != null) {
            ctx.reply().error(error);
        }
    }

    /** TS.ADD's work; returns an error to reply, or null when it replied itself. */
    private static String addOne(CommandContext ctx, byte[] key) {
        double value = Num.sampleValue(ctx.arg(3));
        if (Num.bad(value)) {
            return "ERR TSDB: invalid value";
        }
        long ts = timestamp(ctx, ctx.arg(2));
        if (ts < 0) {
            return timestampError(ts);
        }
        KvValue v = Links.settle(ctx, key, Links.DESTINATIONS);
        Series s;
        DuplicatePolicy override = DuplicatePolicy.NONE;
        if (v == null) {
            CreateOptions o;
            try {
                o = CreateOptions.parse(ctx);
            } catch (KvException e) {
                return e.getMessage();
            }
            s = createWithPolicy(ctx, key, o);
        } else if (!(v instanceof Series existing)) {
            return NOT_TSDB;
        } else {
            s = existing;
            try {
                DuplicatePolicy p = CreateOptions.policyAfter(ctx, "ON_DUPLICATE");
                if (p != null) {
                    override = p;
                }
            } catch (KvException e) {
                return e.getMessage();
            }
        }
        SampleWriter.Result r = SampleWriter.add(s, ts, value, override, Links.Targets.of(ctx));
        switch (r) {
            case ADDED -> {
                ctx.db().modified(key);
                ctx.reply().integer(ts);
                byte[] tsArg = ctx.arg(2);
                if (tsArg.length == 1 && tsArg[0] == '*') {
                    byte[][] argv = new byte[ctx.argc()][];
                    for (int i = 0; i < argv.length; i++) {
                        argv[i] = ctx.arg(i);
                    }
                    argv[2] = Args.bytes(ts);
                    ctx.propagateAs(argv);
                }
                return null;
            }
            case IGNORED -> {
                ctx.reply().integer(s.lastTimestamp());
                return null;
            }
            case TOO_OLD -> {
                return TOO_OLD;
            }
            default -> {
                return UPSERT;
            }
        }
    }

    static void madd(CommandContext ctx) {
        int argc = ctx.argc();
        if ((argc - 1) % 3 != 0) {
            throw new KvException(Kw.wrongArity(ctx));
        }
        int n = (argc - 1) / 3;
        byte[][] keys = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = ctx.arg(1 + 3 * i);
        }
        Links.settleAll(ctx, keys);
        Links.Targets targets = Links.Targets.of(ctx);
        ReplyWriter w = ctx.reply();
        w.array(n);
        // replicated form: the samples that went in, with the timestamps they got
        byte[][] done = null;
        int doneCount = 0;
        byte[] now = null;
        boolean verbatim = true;
        for (int i = 0; i < n; i++) {
            byte[] key = keys[i];
            byte[] tsArg = ctx.arg(2 + 3 * i);
            double value = Num.sampleValue(ctx.arg(3 + 3 * i));
            long ts = timestamp(ctx, tsArg);
            String error = null;
            if (Num.bad(value)) {
                error = "ERR TSDB: invalid value";
            } else if (ts < 0) {
                error = timestampError(ts);
            } else if (!(ctx.db().get(key) instanceof Series s)) {
                error = NOT_TSDB;
            } else {
                SampleWriter.Result r = SampleWriter.add(s, ts, value, DuplicatePolicy.NONE, targets);
                switch (r) {
                    case ADDED -> {
                        ctx.db().modified(key);
                        w.integer(ts);
                        if (done == null) {
                            done = new byte[argc][];
                            done[0] = ctx.arg(0);
                        }
                        boolean star = tsArg.length == 1 && tsArg[0] == '*';
                        if (star && now == null) {
                            now = Args.bytes(ts);
                        }
                        done[++doneCount] = key;
                        done[++doneCount] = star ? now : tsArg;
                        done[++doneCount] = ctx.arg(3 + 3 * i);
                        verbatim &= !star;
                    }
                    case IGNORED -> {
                        w.integer(s.lastTimestamp());
                        verbatim = false;
                    }
                    case TOO_OLD -> error = TOO_OLD;
                    default -> error = UPSERT;
                }
            }
            if (error != null) {
                w.error(error);
                verbatim = false;
            }
        }
        for (byte[] key : keys) {
            ctx.notify(EventClass.MODULE, "ts.add", key);
        }
        if (!verbatim && done != null) {
            ctx.propagateAs(doneCount + 1 == argc ? done : java.util.Arrays.copyOf(done, doneCount + 1));
        }
    }

    // ---------------------------------------------------------------------------------------
    // TS.INCRBY / TS.DECRBY
    // ---------------------------------------------------------------------------------------

    static void incrby(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        boolean incr = Args.is(ctx.arg(0), "ts.incrby");
        KvValue v = Links.settle(ctx, key, Links.DESTINATIONS);
        if (v != null && !(v instanceof Series)) {
            throw new KvException(WRONGTYPE);
        }
        double by = Num.toDouble(ctx.arg(2));
        if (Num.bad(by)) {
            throw new KvException("ERR TSDB: invalid increase/decrease value");
        }
        // TIMESTAMP is looked for after the value and before LABELS (which takes the rest)
        int labels = Kw.find(ctx, "LABELS", 3);
        int at = Kw.find(ctx, "TIMESTAMP", 3);
        if (labels >= 0 && at > labels) {
            at = -1;
        }
        long ts;
        boolean explicit = false;
        if (at < 0) {
            ts = ctx.now();
        } else {
            if (at + 1 >= ctx.argc()) {
                throw new KvException("ERR TSDB: invalid timestamp");
            }
            byte[] t = ctx.arg(at + 1);
            if (t.length == 1 && t[0] == '*') {
                ts = ctx.now();
            } else if (!Args.isLong(t) || (ts = Args.parseLongUnchecked(t, 0, t.length)) < 0) {
                throw new KvException("ERR TSDB: invalid timestamp");
            } else {
                explicit = true;
            }
        }
        Series s;
        if (v == null) {
            CreateOptions o = CreateOptions.parse(ctx);
            s = createWithPolicy(ctx, key, o);
        } else {
            s = (Series) v;
        }
        if (ts < s.lastTimestamp() && s.lastTimestamp() != 0) {
            throw new KvException("TSDB: timestamp must be equal to or higher than the maximum existing timestamp");
        }
        double base = s.lastValue();
        if (Double.isNaN(base)) {
            throw new KvException("ERR TSDB: cannot increment/decrement NaN value");
        }
        double result = incr ? base + by : base - by;
        SampleWriter.Result r = SampleWriter.add(s, ts, result, DuplicatePolicy.LAST, Links.Targets.of(ctx));
        if (r == SampleWriter.Result.ADDED) {
            ctx.db().modified(key);
            ctx.reply().integer(ts);
            if (!explicit) {
                ctx.propagateAs(withTimestamp(ctx, at, ts));
            }
        } else if (r == SampleWriter.Result.IGNORED) {
            ctx.reply().integer(s.lastTimestamp());
        } else {
            ctx.reply().error(r == SampleWriter.Result.TOO_OLD ? TOO_OLD : UPSERT);
        }
        ctx.notify(EventClass.GENERIC, incr ? "ts.incrby" : "ts.decrby", key);
    }

    /** The command's arguments with {@code TIMESTAMP ts} (replacing {@code *}, or added). */
    private static byte[][] withTimestamp(CommandContext ctx, int at, long ts) {
        int argc = ctx.argc();
        byte[][] argv = new byte[at < 0 ? argc + 2 : argc][];
        for (int i = 0; i < argc; i++) {
            argv[i] = ctx.arg(i);
        }
        if (at < 0) {
            // before LABELS if there are labels, as LABELS takes every word after it
            int labels = Kw.find(ctx, "LABELS", 3);
            int insert = labels >= 0 ? labels : argc;
            System.arraycopy(argv, insert, argv, insert + 2, argc - insert);
            argv[insert] = "TIMESTAMP".getBytes(StandardCharsets.US_ASCII);
            argv[insert + 1] = Args.bytes(ts);
        } else {
            argv[at + 1] = Args.bytes(ts);
        }
        return argv;
    }

    // ---------------------------------------------------------------------------------------
    // Creation with the module's compaction policy (TS.ADD, TS.INCRBY, TS.DECRBY)
    // ---------------------------------------------------------------------------------------

    /**
     * Creates the series under {@code key} and, when {@code ts-compaction-policy} has rules, a
     * compacted series per rule named {@code key_AGG_bucket[_alignment]} (skipped when that key
     * exists) carrying the source's labels plus {@code aggregation} and {@code time_bucket}.
     */
    private static Series createWithPolicy(CommandContext ctx, byte[] key, CreateOptions o) {
        List<TsConfig.PolicyRule> policy = TsConfig.compactionPolicy(ctx.config());
        Series s = o.newSeries(key, ctx.config());
        if (policy.isEmpty()) {
            ctx.db().put(key, s);
            return s;
        }
        byte[][] names = new byte[policy.size()][];
        for (int i = 0; i < names.length; i++) {
            TsConfig.PolicyRule p = policy.get(i);
            String suffix = "_" + p.agg().upper() + "_" + p.bucket() + (p.alignment() != 0 ? "_" + p.alignment() : "");
            byte[] sfx = suffix.getBytes(StandardCharsets.UTF_8);
            byte[] name = new byte[key.length + sfx.length];
            System.arraycopy(key, 0, name, 0, key.length);
            System.arraycopy(sfx, 0, name, key.length, sfx.length);
            names[i] = name;
        }
        // the key was absent and stays absent while its lock is held; only the new keys need locks
        while (!ctx.lockKeys(names)) {
            if (ctx.db().peek(key) != null) {
                throw new KvException("ERR TSDB: key already exists");
            }
        }
        ctx.db().put(key, s);
        for (int i = 0; i < names.length; i++) {
            if (ctx.db().peek(names[i]) != null) {
                continue;
            }
            TsConfig.PolicyRule p = policy.get(i);
            Labels src = s.labels;
            byte[][] ln = new byte[src.size() + 2][];
            byte[][] lv = new byte[src.size() + 2][];
            for (int k = 0; k < src.size(); k++) {
                ln[k] = src.name(k);
                lv[k] = src.value(k);
            }
            ln[src.size()] = "aggregation".getBytes(StandardCharsets.US_ASCII);
            lv[src.size()] = p.agg().upper().getBytes(StandardCharsets.US_ASCII);
            ln[src.size() + 1] = "time_bucket".getBytes(StandardCharsets.US_ASCII);
            lv[src.size() + 1] = Args.bytes(p.bucket());
            Series dest = new Series(names[i], TsConfig.compressed(ctx.config()), TsConfig.chunkSize(ctx.config()),
                    p.retention(), TsConfig.duplicatePolicy(ctx.config()), TsConfig.ignoreTime(ctx.config()),
                    TsConfig.ignoreValue(ctx.config()), new Labels(ln, lv));
            Rule rule = new Rule(key, names[i], p.agg(), p.bucket(), p.alignment());
            s.addRule(rule);
            dest.srcRule = rule;
            ctx.db().put(names[i], dest);
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------
    // TS.DEL
    // ---------------------------------------------------------------------------------------

    static void del(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        RangeArgs range = RangeArgs.parseBounds(ctx, 2);
        KvValue v = Links.settle(ctx, key, Links.DESTINATIONS);
        if (v == null) {
            throw new KvException(NOT_FOUND);
        }
        if (!(v instanceof Series s)) {
            throw new KvException(WRONGTYPE);
        }
        if (!SampleWriter.deletable(s, range.from)) {
            throw new KvException("ERR TSDB: When a series has compactions, deleting samples or compaction buckets"
                    + " beyond the series retention period is not possible");
        }
        long n = SampleWriter.delete(s, range.from, range.to, Links.Targets.of(ctx));
        if (n > 0) {
            ctx.db().modified(key);
        }
        ctx.reply().integer(n);
        ctx.notify(EventClass.MODULE, "ts.del", key);
    }
}
