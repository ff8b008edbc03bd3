package io.sockudo.kv.kernel.util;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KvException;

/**
 * Redis's {@code getIntFromObjectOrReply}: a strict 64-bit integer that must also fit in a C
 * {@code int}, with Redis's two error texts (or one caller-given text for both cases).
 */
public final class IntArg {
    /** The text Redis uses when an integer does not fit in an int. */
    public static final String OUT_OF_INT_RANGE =
            "ERR value is out of range, value must between -2147483648 and 2147483647";

    private IntArg() {
    }

    /** Parses an int or throws with Redis's default errors. */
    public static int parse(byte[] arg) {
        return parse(arg, null);
    }

    /**
     * Parses an int or throws {@link KvException}.
     *
     * @param error the whole error text for both a non-integer and an out-of-range value, or null
     *              for Redis's defaults
     */
    public static int parse(byte[] arg, String error) {
        if (!Args.isLong(arg)) {
            throw new KvException(error != null ? error : KvException.NOT_INTEGER);
        }
        long v = Args.parseLongUnchecked(arg, 0, arg.length);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new KvException(error != null ? error : OUT_OF_INT_RANGE);
        }
        return (int) v;
    }
}
