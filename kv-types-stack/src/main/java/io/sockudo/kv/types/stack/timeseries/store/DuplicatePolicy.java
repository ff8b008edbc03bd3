package io.sockudo.kv.types.stack.timeseries.store;

import io.sockudo.kv.spi.Args;

/**
 * What happens to a sample whose timestamp is already taken, with RedisTimeSeries's numbering
 * (saved in RDB records: NONE 0, BLOCK 1, LAST 2, FIRST 3, MIN 4, MAX 5, SUM 6).
 */
public enum DuplicatePolicy {
    NONE(0, ""), BLOCK(1, "block"), LAST(2, "last"), FIRST(3, "first"), MIN(4, "min"), MAX(5, "max"), SUM(6, "sum");

    private final int id;
    private final String text;

    DuplicatePolicy(int id, String text) {
        this.id = id;
        this.text = text;
    }

    /** The number RDB records carry. */
    public int id() {
        return id;
    }

    /** The lower-case name TS.INFO prints. */
    public String text() {
        return text;
    }

    /** The policy with RDB number {@code id}, or null. */
    public static DuplicatePolicy ofId(long id) {
        for (DuplicatePolicy p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    /** Parses a policy name in any case; null when unknown (NONE is not a name). */
    public static DuplicatePolicy parse(byte[] arg) {
        for (DuplicatePolicy p : values()) {
            if (p != NONE && Args.is(arg, p.text)) {
                return p;
            }
        }
        return null;
    }

    /**
     * True when the policy rejects a new sample on a taken timestamp: BLOCK always; MIN, MAX and
     * SUM when either value is NaN (RedisTimeSeries's upsert error covers both cases).
     */
    public boolean refuses(double current, double incoming) {
        return switch (this) {
            case BLOCK, NONE -> true;
            case MIN, MAX, SUM -> Double.isNaN(current) || Double.isNaN(incoming);
            default -> false;
        };
    }

    /** The value stored at the timestamp (call after {@link #refuses} returned false). */
    public double resolve(double current, double incoming) {
        return switch (this) {
            case FIRST -> current;
            case MIN -> incoming < current ? incoming : current;
            case MAX -> incoming > current ? incoming : current;
            case SUM -> current + incoming;
            default -> incoming;
        };
    }
}
