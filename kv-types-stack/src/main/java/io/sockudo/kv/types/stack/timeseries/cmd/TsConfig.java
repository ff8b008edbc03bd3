package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import io.sockudo.kv.types.stack.timeseries.store.DuplicatePolicy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The module configuration under Redis 8's names: the defaults a new series takes when its
 * command does not say ({@code ts-retention-policy}, {@code ts-duplicate-policy},
 * {@code ts-chunk-size-bytes}, {@code ts-encoding}, {@code ts-ignore-max-time-diff},
 * {@code ts-ignore-max-val-diff}) and the rules created with every series TS.ADD / TS.INCRBY /
 * TS.DECRBY create ({@code ts-compaction-policy}, e.g. {@code max:1m:1d;avg:10s:1h:5s}).
 * All are settable with CONFIG SET; {@code ts-num-threads} is accepted for compatibility.
 */
public final class TsConfig {
    static final String RETENTION = "ts-retention-policy";
    static final String DUPLICATE = "ts-duplicate-policy";
    static final String CHUNK_SIZE = "ts-chunk-size-bytes";
    static final String ENCODING = "ts-encoding";
    static final String COMPACTION = "ts-compaction-policy";
    static final String IGNORE_TIME = "ts-ignore-max-time-diff";
    static final String IGNORE_VALUE = "ts-ignore-max-val-diff";
    static final String THREADS = "ts-num-threads";

    public static final int CHUNK_MIN = 48;
    public static final int CHUNK_MAX = 1048576;

    private TsConfig() {
    }

    public static void register(ModuleRegistry r) {
        r.configOption(ConfigOption.integer(RETENTION, 0, 0, Long.MAX_VALUE));
        r.configOption(new ConfigOption(DUPLICATE, List.of(), "block",
                v -> DuplicatePolicy.parse(v.getBytes(StandardCharsets.UTF_8)) != null ? null
                        : "argument must be one of: block, first, last, min, max, sum", true));
        r.configOption(new ConfigOption(CHUNK_SIZE, List.of(), "4096", v -> {
            try {
                long n = Long.parseLong(v.trim());
                return n >= CHUNK_MIN && n <= CHUNK_MAX && n % 8 == 0 ? null
                        : "argument must be a multiple of 8 between " + CHUNK_MIN + " and " + CHUNK_MAX;
            } catch (NumberFormatException e) {
                return "argument couldn't be parsed into an integer";
            }
        }, true));
        r.configOption(new ConfigOption(ENCODING, List.of(), "compressed", v -> {
            String s = v.toLowerCase(Locale.ROOT);
            return s.equals("compressed") || s.equals("uncompressed") ? null
                    : "argument must be one of: compressed, uncompressed";
        }, true));
        r.configOption(new ConfigOption(COMPACTION, List.of(), "", v -> {
            try {
                parsePolicy(v);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }, true));
        r.configOption(ConfigOption.integer(IGNORE_TIME, 0, 0, Long.MAX_VALUE));
        r.configOption(new ConfigOption(IGNORE_VALUE, List.of(), "0", v -> {
            try {
                double d = Double.parseDouble(v.trim());
                return d >= 0 && !Double.isInfinite(d) ? null : "argument must be a non-negative number";
            } catch (NumberFormatException e) {
                return "argument couldn't be parsed into a number";
            }
        }, true));
        r.configOption(new ConfigOption(THREADS, List.of(), "3", v -> {
            try {
                long n = Long.parseLong(v.trim());
                return n >= 1 && n <= 16 ? null : "argument must be between 1 and 16 inclusive";
            } catch (NumberFormatException e) {
                return "argument couldn't be parsed into an integer";
            }
        }, false));
    }

    // ---------------------------------------------------------------------------------------
    // Typed reads (the values stay current after CONFIG SET)
    // ---------------------------------------------------------------------------------------

    static long retention(ServerConfigView c) {
        return c.getLong(RETENTION);
    }

    static int chunkSize(ServerConfigView c) {
        return (int) c.getLong(CHUNK_SIZE);
    }

    static boolean compressed(ServerConfigView c) {
        return !"uncompressed".equalsIgnoreCase(c.get(ENCODING));
    }

    static DuplicatePolicy duplicatePolicy(ServerConfigView c) {
        DuplicatePolicy p = DuplicatePolicy.parse(c.get(DUPLICATE).getBytes(StandardCharsets.UTF_8));
        return p == null ? DuplicatePolicy.BLOCK : p;
    }

    static long ignoreTime(ServerConfigView c) {
        return c.getLong(IGNORE_TIME);
    }

    static double ignoreValue(ServerConfigView c) {
        return Double.parseDouble(c.get(IGNORE_VALUE).trim());
    }

    static List<PolicyRule> compactionPolicy(ServerConfigView c) {
        String v = c.get(COMPACTION);
        return v == null || v.isBlank() ? List.of() : parsePolicy(v);
    }

    // ---------------------------------------------------------------------------------------
    // COMPACTION_POLICY: aggregator:bucket:retention[:alignment] rules separated by ';'
    // ---------------------------------------------------------------------------------------

    /** One rule of the compaction policy. */
    record PolicyRule(AggType agg, long bucket, long retention, long alignment) {
    }

    static List<PolicyRule> parsePolicy(String v) {
        List<PolicyRule> rules = new ArrayList<>();
        if (v.isBlank()) {
            return rules;
        }
        for (String part : v.split(";")) {
            if (part.isEmpty()) {
                continue;
            }
            String[] f = part.split(":");
            if (f.length != 3 && f.length != 4) {
                throw new IllegalArgumentException("Invalid compaction policy rule '" + part + "'");
            }
            AggType agg = AggType.parse(f[0].getBytes(StandardCharsets.UTF_8));
            if (agg == null) {
                throw new IllegalArgumentException("Invalid aggregation type '" + f[0] + "'");
            }
            long bucket = duration(f[1]);
            long retention = duration(f[2]);
            long alignment = f.length == 4 ? duration(f[3]) : 0;
            if (bucket <= 0) {
                throw new IllegalArgumentException("Invalid bucket duration '" + f[1] + "'");
            }
            rules.add(new PolicyRule(agg, bucket, retention, alignment));
        }
        return rules;
    }

    /** A duration: digits with ms, s, m, h or d (milliseconds without a unit). */
    private static long duration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mul = 1;
        String digits = t;
        if (t.endsWith("ms")) {
            digits = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            mul = 1000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            mul = 60_000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            mul = 3_600_000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("d")) {
            mul = 86_400_000;
            digits = t.substring(0, t.length() - 1);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("Invalid duration '" + s + "'");
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), mul);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("Invalid duration '" + s + "'");
        }
    }
}
