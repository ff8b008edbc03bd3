package io.sockudo.kv.types.core.bitmaps;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;

/** Parsing of bit offsets and the string lookup of the bit-writing commands. */
final class BitOffsets {
    static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
    /** Largest array we allocate (as StringValue's limit). */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    /** proto-max-bulk-len cannot be set below 1mb: smaller offsets skip the config lookup. */
    private static final long ALWAYS_ALLOWED = 1024 * 1024;

    private BitOffsets() {
    }

    /**
     * A bit offset argument: a non-negative integer whose byte lies below {@code proto-max-bulk-len}
     * (Redis's limit, 2^32 bits by default). With {@code hash}, {@code #N} means N times {@code bits}
     * (BITFIELD's field-index form).
     */
    static long parse(CommandContext ctx, byte[] arg, boolean hash, int bits) {
        long offset;
        if (hash && arg.length > 0 && arg[0] == '#') {
            if (!Args.isLong(arg, 1, arg.length - 1)) {
                throw new KvException(BAD_OFFSET);
            }
            offset = Args.parseLongUnchecked(arg, 1, arg.length - 1) * bits;
        } else {
            offset = Args.toLong(arg, BAD_OFFSET);
        }
        long byteIndex = offset >> 3;
        if (offset < 0 || (byteIndex >= ALWAYS_ALLOWED
                && (byteIndex >= ctx.config().getLong("proto-max-bulk-len") || byteIndex >= MAX_BYTES))) {
            throw new KvException(BAD_OFFSET);
        }
        return offset;
    }
}
