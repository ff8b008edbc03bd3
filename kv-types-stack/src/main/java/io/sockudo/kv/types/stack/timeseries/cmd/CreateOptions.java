package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.types.stack.timeseries.query.Kw;
import io.sockudo.kv.types.stack.timeseries.query.Num;
import io.sockudo.kv.types.stack.timeseries.store.DuplicatePolicy;
import io.sockudo.kv.types.stack.timeseries.store.Labels;
import io.sockudo.kv.types.stack.timeseries.store.Series;

/**
 * The options TS.CREATE, TS.ALTER and the creating forms of TS.ADD / TS.INCRBY / TS.DECRBY take
 * (RedisTimeSeries's {@code parseCreateArgs}), read in its order so the first error is the one it
 * gives: LABELS, RETENTION, CHUNK_SIZE, ENCODING, DUPLICATE_POLICY, IGNORE. Keywords are found
 * anywhere in the arguments ({@link Kw}); LABELS takes every pair after it.
 */
final class CreateOptions {
    Labels labels;
    boolean hasRetention;
    long retention;
    boolean hasChunkSize;
    int chunkSize;
    Boolean compressed;
    DuplicatePolicy policy;
    boolean hasIgnore;
    long ignoreTime;
    double ignoreValue;

    static CreateOptions parse(CommandContext ctx) {
        CreateOptions o = new CreateOptions();
        int argc = ctx.argc();
        int at = Kw.find(ctx, "LABELS");
        if (at >= 0) {
            int pairs = Math.max(0, (argc - at - 1) / 2);
            byte[][] names = new byte[pairs][];
            byte[][] values = new byte[pairs][];
            for (int i = 0; i < pairs; i++) {
                byte[] n = ctx.arg(at + 1 + 2 * i);
                byte[] v = ctx.arg(at + 2 + 2 * i);
                if (n.length == 0 || v.length == 0 || filterChar(v)) {
                    throw new KvException("ERR TSDB: Couldn't parse LABELS");
                }
                names[i] = n;
                values[i] = v;
            }
            o.labels = new Labels(names, values);
        }
        at = Kw.find(ctx, "RETENTION");
        if (at >= 0) {
            if (at + 1 >= argc || !Num.isLong(ctx.arg(at + 1))) {
                throw new KvException("ERR TSDB: Couldn't parse RETENTION");
            }
            o.retention = Num.toLong(ctx.arg(at + 1));
            if (o.retention < 0) {
                throw new KvException("TSDB: Couldn't parse RETENTION");
            }
            o.hasRetention = true;
        }
        at = Kw.find(ctx, "CHUNK_SIZE");
        if (at >= 0) {
            if (at + 1 >= argc || !Num.isLong(ctx.arg(at + 1))) {
                throw new KvException("ERR TSDB: Couldn't parse CHUNK_SIZE");
            }
            long size = Num.toLong(ctx.arg(at + 1));
            if (size < TsConfig.CHUNK_MIN || size > TsConfig.CHUNK_MAX || size % 8 != 0) {
                throw new KvException("ERR TSDB: CHUNK_SIZE value must be a multiple of 8 in the range [48 .. 1048576]");
            }
            o.chunkSize = (int) size;
            o.hasChunkSize = true;
        }
        at = Kw.find(ctx, "ENCODING");
        if (at >= 0) {
            if (at + 1 >= argc) {
                throw new KvException(Kw.wrongArity(ctx));
            }
            byte[] e = ctx.arg(at + 1);
            if (Args.is(e, "uncompressed")) {
                o.compressed = false;
            } else if (Args.is(e, "compressed")) {
                o.compressed = true;
            } else {
                throw new KvException("ERR TSDB: unknown ENCODING parameter");
            }
        } else {
            // the encoding words on their own, as before ENCODING existed
            if (Kw.find(ctx, "UNCOMPRESSED") >= 0) {
                o.compressed = false;
            }
            if (Kw.find(ctx, "COMPRESSED") >= 0) {
                o.compressed = true;
            }
        }
        o.policy = policyAfter(ctx, "DUPLICATE_POLICY");
        at = Kw.find(ctx, "IGNORE");
        if (at >= 0) {
            if (at + 2 >= argc || !Num.isLong(ctx.arg(at + 1))) {
                throw new KvException("ERR TSDB: Couldn't parse IGNORE");
            }
            double v = Num.toDouble(ctx.arg(at + 2));
            if (Num.bad(v)) {
                throw new KvException("ERR TSDB: Couldn't parse IGNORE");
            }
            long t = Num.toLong(ctx.arg(at + 1));
            if (t < 0 || v < 0) {
                throw new KvException("ERR TSDB: IGNORE arguments cannot be negative");
            }
            o.hasIgnore = true;
            o.ignoreTime = t;
            o.ignoreValue = v;
        }
        return o;
    }

    /** The duplicate policy after {@code keyword} (DUPLICATE_POLICY, ON_DUPLICATE), or null when absent. */
    static DuplicatePolicy policyAfter(CommandContext ctx, String keyword) {
        int at = Kw.find(ctx, keyword);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= ctx.argc()) {
            throw new KvException("ERR TSDB: Couldn't parse DUPLICATE_POLICY");
        }
        DuplicatePolicy p = DuplicatePolicy.parse(ctx.arg(at + 1));
        if (p == null) {
            throw new KvException("ERR TSDB: Unknown DUPLICATE_POLICY");
        }
        return p;
    }

    private static boolean filterChar(byte[] v) {
        for (byte b : v) {
            if (b == '(' || b == ')' || b == ',') {
                return true;
            }
        }
        return false;
    }

    /** A new empty series under {@code key}: these options, the module defaults for the rest. */
    Series newSeries(byte[] key, ServerConfigView config) {
        return new Series(key,
                compressed != null ? compressed : TsConfig.compressed(config),
                hasChunkSize ? chunkSize : TsConfig.chunkSize(config),
                hasRetention ? retention : TsConfig.retention(config),
                policy != null ? policy : TsConfig.duplicatePolicy(config),
                hasIgnore ? ignoreTime : TsConfig.ignoreTime(config),
                hasIgnore ? ignoreValue : TsConfig.ignoreValue(config),
                labels != null ? labels : Labels.NONE);
    }
}
