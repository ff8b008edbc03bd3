package io.sockudo.kv.types.stack.timeseries.agg;

import io.sockudo.kv.spi.Args;

/**
 * The aggregators, numbered as RedisTimeSeries numbers them in RDB records (MIN 1 ... TWA 13).
 */
public enum AggType {
    MIN(1, "min"), MAX(2, "max"), SUM(3, "sum"), AVG(4, "avg"), COUNT(5, "count"), FIRST(6, "first"), LAST(7, "last"),
    RANGE(8, "range"), STD_P(9, "std.p"), STD_S(10, "std.s"), VAR_P(11, "var.p"), VAR_S(12, "var.s"), TWA(13, "twa");

    private static final AggType[] BY_ID = new AggType[14];

    static {
        for (AggType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final String lower;
    private final String upper;

    AggType(int id, String lower) {
        this.id = id;
        this.lower = lower;
        this.upper = lower.toUpperCase(java.util.Locale.ROOT);
    }

    public int id() {
        return id;
    }

    /** As MRANGE's RESP3 metadata and the GROUPBY reducer label print it ({@code avg}). */
    public String lower() {
        return lower;
    }

    /** As TS.INFO's rules and compaction key names print it ({@code AVG}). */
    public String upper() {
        return upper;
    }

    public static AggType ofId(long id) {
        return id >= 1 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    /** Parses an aggregator name in any case; null when unknown. */
    public static AggType parse(byte[] arg) {
        for (AggType t : values()) {
            if (Args.is(arg, t.lower)) {
                return t;
            }
        }
        return null;
    }

    /** Whether GROUPBY ... REDUCE accepts it (not first, last or twa). */
    public boolean reducer() {
        return this != FIRST && this != LAST && this != TWA;
    }
}
