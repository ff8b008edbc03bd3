package io.sockudo.kv.probabilistic.tdigest;

import io.sockudo.kv.probabilistic.common.Num;
import io.sockudo.kv.probabilistic.common.Sketches;
import io.sockudo.kv.probabilistic.common.Specs;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.List;

/**
 * t-digest commands (RedisBloom's rm_tdigest.c): CREATE RESET ADD MERGE MIN MAX QUANTILE CDF
 * TRIMMED_MEAN RANK REVRANK BYRANK BYREVRANK INFO. Deterministic, replicated as received.
 */
public final class TDigestCommands {
    static final String NO_KEY = "ERR T-Digest: key does not exist";
    static final int DEFAULT_COMPRESSION = 100;
    /** The most centroids a digest may hold here (RedisBloom: up to INT_MAX, memory permitting). */
    static final int MAX_CAPACITY = 1 << 24;
    static final String CAT = "tdigest";

    private TDigestCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(TDigestType.INSTANCE);
        r.command(Specs.write("tdigest.create", -2, CAT, TDigestCommands::create).keys(1, 1, 1, "RW", "INSERT")
                .summary("Allocates memory and initializes a new t-digest sketch").since("2.4.0").complexity("O(1)")
                .args(Specs.key(), ArgSpec.integer("compression").token("COMPRESSION").optional()).build());
        r.command(Specs.write("tdigest.reset", 2, CAT, TDigestCommands::reset).keys(1, 1, 1, "RW", "UPDATE")
                .summary("Resets a t-digest sketch: empty the sketch and re-initializes it.").since("2.4.0").complexity("O(1)")
                .args(Specs.key()).build());
        r.command(Specs.write("tdigest.add", -3, CAT, TDigestCommands::add).keys(1, 1, 1, "RW", "UPDATE")
                .summary("Adds one or more observations to a t-digest sketch").since("2.4.0")
                .complexity("O(N) , where N is the number of samples to add")
                .args(Specs.key(), ArgSpec.doubleArg("value").multiple()).build());
        r.command(Specs.write("tdigest.merge", -4, CAT, TDigestCommands::merge).keys(1, 1, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RW", "INSERT"))
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 2, null, 0, 0, 1, 0, 0, 1))
                .keyFinder(Sketches.DEST_NUMKEYS_AT_2)
                .summary("Merges multiple t-digest sketches into a single sketch").since("2.4.0")
                .complexity("O(N*K), where N is the number of centroids and K being the number of input sketches")
                .args(ArgSpec.key("destination-key", 0), ArgSpec.integer("numkeys"), ArgSpec.key("source-key", 1).multiple(),
                        ArgSpec.integer("compression").token("COMPRESSION").optional(),
                        ArgSpec.pureToken("override", "OVERRIDE").optional()).build());
        r.command(Specs.read("tdigest.min", 2, CAT, TDigestCommands::minMax).keys(1, 1, 1, "RO")
                .summary("Returns the minimum observation value from a t-digest sketch").since("2.4.0").complexity("O(1)")
                .args(Specs.key()).build());
        r.command(Specs.read("tdigest.max", 2, CAT, TDigestCommands::minMax).keys(1, 1, 1, "RO")
                .summary("Returns the maximum observation value from a t-digest sketch").since("2.4.0").complexity("O(1)")
                .args(Specs.key()).build());
        r.command(Specs.read("tdigest.quantile", -3, CAT, TDigestCommands::quantile).keys(1, 1, 1, "RO")
                .summary("Returns, for each input fraction, an estimation of the value (floating point) that is smaller than the given fraction of observations")
                .since("2.4.0").complexity("O(1)").args(Specs.key(), ArgSpec.doubleArg("quantile").multiple()).build());
        r.command(Specs.read("tdigest.cdf", -3, CAT, TDigestCommands::cdf).keys(1, 1, 1, "RO")
                .summary("Returns, for each input value, an estimation of the fraction (floating-point) of (observations smaller than the given value + half the observations equal to the given value)")
                .since("2.4.0").complexity("O(N) where N is the number of values specified.")
                .args(Specs.key(), ArgSpec.doubleArg("value").multiple()).build());
        r.command(Specs.read("tdigest.trimmed_mean", 4, CAT, TDigestCommands::trimmedMean).keys(1, 1, 1, "RO")
                .summary("Returns an estimation of the mean value from the sketch, excluding observation values outside the low and high cutoff quantiles")
                .since("2.4.0").complexity("O(N) where N is the number of centroids")
                .args(Specs.key(), ArgSpec.doubleArg("low_cut_quantile"), ArgSpec.doubleArg("high_cut_quantile")).build());
        r.command(Specs.read("tdigest.rank", -3, CAT, TDigestCommands::rank).keys(1, 1, 1, "RO")
                .summary("Returns, for each input value (floating-point), the estimated rank of the value (the number of observations in the sketch that are smaller than the value + half the number of observations that are equal to the value)")
                .since("2.4.0").complexity("O(1)").args(Specs.key(), ArgSpec.doubleArg("value").multiple()).build());
        r.command(Specs.read("tdigest.revrank", -3, CAT, TDigestCommands::rank).keys(1, 1, 1, "RO")
                .summary("Returns, for each input value (floating-point), the estimated reverse rank of the value (the number of observations in the sketch that are larger than the value + half the number of observations that are equal to the value)")
                .since("2.4.0").complexity("O(1)").args(Specs.key(), ArgSpec.doubleArg("value").multiple()).build());
        r.command(Specs.read("tdigest.byrank", -3, CAT, TDigestCommands::byRank).keys(1, 1, 1, "RO")
                .summary("Returns, for each input rank, an estimation of the value (floating-point) with that rank")
                .since("2.4.0").complexity("O(1)").args(Specs.key(), ArgSpec.doubleArg("rank").multiple()).build());
        r.command(Specs.read("tdigest.byrevrank", -3, CAT, TDigestCommands::byRank).keys(1, 1, 1, "RO")
                .summary("Returns, for each input reverse rank, an estimation of the value (floating-point) with that reverse rank")
                .since("2.4.0").complexity("O(1)").args(Specs.key(), ArgSpec.doubleArg("reverse_rank").multiple()).build());
        r.command(Specs.read("tdigest.info", 2, CAT, TDigestCommands::info).keys(1, 1, 1, "RO")
                .summary("Returns information and statistics about a t-digest sketch").since("2.4.0").complexity("O(1)")
                .args(Specs.key()).build());
    }

    // ---------------------------------------------------------------- helpers

    /** _TDigest_KeyCheck: the digest at {@code key}, or "key does not exist" / WRONGTYPE. */
    private static TDigest existing(CommandContext ctx, byte[] key, boolean read) {
        TDigest t = Sketches.lookup(ctx, key, TDigest.class, read);
        if (t == null) {
            throw new KvException(NO_KEY);
        }
        return t;
    }

    private static long compression(byte[] arg) {
        if (!Num.isLong(arg)) {
            throw new KvException("ERR T-Digest: error parsing compression parameter");
        }
        long c = Num.toLong(arg);
        if (c <= 0) {
            throw new KvException("ERR T-Digest: compression parameter needs to be a positive integer");
        }
        return c;
    }

    private static TDigest newDigest(long compression, String failure) {
        if (compression > (MAX_CAPACITY - 10) / 6) {
            throw new KvException(failure);
        }
        return new TDigest(compression);
    }

    /** C's round(): halves away from zero. */
    static double roundHalfAway(double v) {
        return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
    }

    /** RedisBloom's _halfRoundDown: halves toward zero. */
    static double halfRoundDown(double f) {
        double intPart = f < 0 ? Math.ceil(f) : Math.floor(f);
        double frac = f - intPart;
        if (Math.abs(frac) <= 0.5) {
            return intPart;
        }
        return intPart >= 0.0 ? intPart + 1.0 : intPart - 1.0;
    }

    // ---------------------------------------------------------------- writes

    static void create(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc != 2 && argc != 4) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        byte[] key = ctx.arg(1);
        KvValue v = ctx.db().get(key);
        if (v != null) {
            throw new KvException(v instanceof TDigest ? "ERR T-Digest: key already exists" : Sketches.WRONGTYPE);
        }
        long compression = DEFAULT_COMPRESSION;
        if (argc == 4) {
            // RMUtil_ArgIndex over the two words after the key: the keyword may be either
            if (!Sketches.is(ctx.arg(2), "COMPRESSION") && !Sketches.is(ctx.arg(3), "COMPRESSION")) {
                throw new KvException("ERR T-Digest: wrong keyword");
            }
            compression = compression(ctx.arg(3));
        }
        ctx.db().put(key, newDigest(compression, "ERR T-Digest: allocation failed"));
        ctx.notify(EventClass.MODULE, "tdigest.create", key);
        ctx.reply().ok();
    }

    static void reset(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        existing(ctx, key, false).reset();
        ctx.db().modified(key);
        ctx.notify(EventClass.MODULE, "tdigest.reset", key);
        ctx.reply().ok();
    }

    static void add(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        TDigest t = existing(ctx, key, false);
        int argc = ctx.argc();
        for (int i = 2; i < argc; i++) {
            double v = Num.toDouble(ctx.arg(i));
            if (Double.isNaN(v)) {
                throw new KvException("ERR T-Digest: error parsing val parameter");
            }
            if (Double.isInfinite(v)) {
                throw new KvException("ERR T-Digest: val parameter needs to be a finite number");
            }
        }
        for (int i = 2; i < argc; i++) {
            if (t.add(Num.toDouble(ctx.arg(i)), 1) != TDigest.OK) {
                if (i > 2) {
                    ctx.db().modified(key);
                }
                ctx.reply().error("ERR T-Digest: overflow detected");
                return;
            }
        }
        ctx.db().modified(key);
        ctx.notify(EventClass.MODULE, "tdigest.add", key);
        ctx.reply().ok();
    }

    static void merge(CommandContext ctx) {
        int argc = ctx.argc();
        byte[] destKey = ctx.arg(1);
        KvValue dv = ctx.db().get(destKey);
        if (dv != null && !(dv instanceof TDigest)) {
            throw new KvException(Sketches.WRONGTYPE);
        }
        TDigest start = (TDigest) dv;
        byte[] nk = ctx.arg(2);
        if (!Num.isLong(nk)) {
            throw new KvException("ERR T-Digest: error parsing numkeys");
        }
        long numKeys = Num.toLong(nk);
        if (numKeys <= 0) {
            throw new KvException("ERR T-Digest: numkeys needs to be a positive integer");
        }
        if (numKeys > argc - 3) {
            throw new KvException(Sketches.wrongArity(ctx));
        }
        long compression = start != null ? (long) start.compression : 0;
        boolean useMax = start == null;
        boolean override = false;
        int rest = (int) numKeys + 3;
        if (rest < argc) {
            int compressionAt = Sketches.argIndex(ctx, "COMPRESSION", rest);
            if (compressionAt > -1) {
                useMax = false;
                if (compressionAt + 1 >= argc) {
                    throw new KvException(Sketches.wrongArity(ctx));
                }
                compression = compression(ctx.arg(compressionAt + 1));
            }
            if (Sketches.argIndex(ctx, "OVERRIDE", rest) > -1) {
                override = true;
                if (compressionAt == -1) {
                    useMax = true;
                    compression = 0;
                }
            } else if (compressionAt == -1) {
                throw new KvException("ERR T-Digest: wrong keyword");
            }
        }
        int n = (int) numKeys;
        TDigest[] from = new TDigest[n];
        for (int i = 0; i < n; i++) {
            byte[] k = ctx.arg(3 + i);
            if (java.util.Arrays.equals(k, destKey)) {
                if (start == null) {
                    throw new KvException(NO_KEY);
                }
                from[i] = start;
            } else {
                from[i] = existing(ctx, k, true);
            }
            if (useMax) {
                compression = Math.max(compression, (long) from[i].compression);
            }
        }
        TDigest to = newDigest(compression, "ERR T-Digest: allocation of destination digest failed");
        if (start != null && !override) {
            to.merge(start);
        }
        for (TDigest f : from) {
            if (to.merge(f) != TDigest.OK) {
                throw new KvException("ERR T-Digest: overflow detected");
            }
        }
        ctx.db().put(destKey, to);
        ctx.notify(EventClass.MODULE, "tdigest.merge", destKey);
        ctx.reply().ok();
    }

    // ---------------------------------------------------------------- reads

    static void minMax(CommandContext ctx) {
        TDigest t = existing(ctx, ctx.arg(1), true);
        boolean max = Sketches.is(ctx.arg(0), "tdigest.max");
        ctx.reply().doubleValue(t.size() > 0 ? (max ? t.max : t.min) : Double.NaN);
    }

    static void quantile(CommandContext ctx) {
        TDigest t = existing(ctx, ctx.arg(1), true);
        int n = ctx.argc() - 2;
        double[] qs = new double[n];
        for (int i = 0; i < n; i++) {
            qs[i] = Num.toDouble(ctx.arg(2 + i));
            if (Double.isNaN(qs[i])) {
                throw new KvException("ERR T-Digest: error parsing quantile");
            }
            if (qs[i] < 0 || qs[i] > 1.0) {
                throw new KvException("ERR T-Digest: quantile should be in [0,1]");
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            int start = i;
            while (i < n - 1 && qs[i] <= qs[i + 1]) {
                i++;
            }
            t.quantiles(qs, values, start, i);
        }
        ReplyWriter w = ctx.reply();
        w.array(n);
        for (double v : values) {
            w.doubleValue(v);
        }
    }

    static void cdf(CommandContext ctx) {
        TDigest t = existing(ctx, ctx.arg(1), true);
        int n = ctx.argc() - 2;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(Num.toDouble(ctx.arg(2 + i)))) {
                throw new KvException("ERR T-Digest: error parsing cdf");
            }
        }
        ReplyWriter w = ctx.reply();
        w.array(n);
        for (int i = 0; i < n; i++) {
            w.doubleValue(t.cdf(Num.toDouble(ctx.arg(2 + i))));
        }
    }

    static void trimmedMean(CommandContext ctx) {
        TDigest t = existing(ctx, ctx.arg(1), true);
        double low = Num.toDouble(ctx.arg(2));
        if (Double.isNaN(low)) {
            throw new KvException("ERR T-Digest: error parsing low_cut_percentile");
        }
        double high = Num.toDouble(ctx.arg(3));
        if (Double.isNaN(high)) {
            throw new KvException("ERR T-Digest: error parsing high_cut_percentile");
        }
        if (low < 0.0 || low > 1.0 || high < 0.0 || high > 1.0) {
            throw new KvException("ERR T-Digest: low_cut_percentile and high_cut_percentile should be in [0,1]");
        }
        if (low >= high) {
            throw new KvException("ERR T-Digest: low_cut_percentile should be lower than high_cut_percentile");
        }
        ctx.reply().doubleValue(t.trimmedMean(low, high));
    }

    static void rank(CommandContext ctx) {
        TDigest t = existing(ctx, ctx.arg(1), true);
        boolean reverse = Sketches.is(ctx.arg(0), "tdigest.revrank");
        int n = ctx.argc() - 2;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(Num.toDouble(ctx.arg(2 + i)))) {
                throw new KvException("ERR T-Digest: error parsing value");
            }
        }
        double size = t.size();
        ReplyWriter w = ctx.reply();
        w.array(n);
        for (int i = 0; i < n; i++) {
            double v = Num.toDouble(ctx.arg(2 + i));
            double rank;
            if (size == 0) {
                rank = -2;
            } else if (v < t.min) {
                rank = reverse ? size : -1;
            } else if (v > t.max) {
                rank = reverse ? -1 : size;
            } else {
                double raw = t.cdf(v) * size;
                double abs = reverse ? roundHalfAway(raw) : halfRoundDown(raw);
                rank = reverse ? roundHalfAway(size - abs) : abs;
            }
            w.integer((long) rank);
        }
    }

    static void byRank(CommandContext ctx) {
        TDigest t = existing(ctx, ctx.arg(1), true);
        boolean reverse = Sketches.is(ctx.arg(0), "tdigest.byrevrank");
        int n = ctx.argc() - 2;
        for (int i = 0; i < n; i++) {
            byte[] a = ctx.arg(2 + i);
            if (!Num.isLong(a)) {
                throw new KvException("ERR T-Digest: error parsing rank");
            }
            if (Num.toLong(a) < 0) {
                throw new KvException("ERR T-Digest: rank needs to be non negative");
            }
        }
        double size = t.size();
        ReplyWriter w = ctx.reply();
        w.array(n);
        for (int i = 0; i < n; i++) {
            double r = Num.toLong(ctx.arg(2 + i));
            double v;
            if (size == 0) {
                v = Double.NaN;
            } else if (r == 0) {
                v = reverse ? t.max : t.min;
            } else if (r >= size) {
                v = reverse ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            } else {
                v = t.quantile((reverse ? size - r - 1 : r) / size);
            }
            w.doubleValue(v);
        }
    }

    static void info(CommandContext ctx) {
        TDigest t = existing(ctx, ctx.arg(1), true);
        ReplyWriter w = ctx.reply();
        w.map(9);
        w.simple("Compression");
        w.integer((long) t.compression);
        w.simple("Capacity");
        w.integer(t.cap);
        w.simple("Merged nodes");
        w.integer(t.mergedNodes);
        w.simple("Unmerged nodes");
        w.integer(t.unmergedNodes);
        w.simple("Merged weight");
        w.integer(t.mergedWeight);
        w.simple("Unmerged weight");
        w.integer(t.unmergedWeight);
        w.simple("Observations");
        w.integer(t.mergedWeight + t.unmergedWeight);
        w.simple("Total compressions");
        w.integer(t.totalCompressions);
        w.simple("Memory usage");
        w.integer(t.reportedMemory());
    }
}
