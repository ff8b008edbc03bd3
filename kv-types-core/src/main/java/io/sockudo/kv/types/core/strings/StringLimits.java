package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;

/** The size limit of a string value (Redis's {@code checkStringLength}). */
final class StringLimits {
    static final String TOO_BIG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    /** proto-max-bulk-len cannot be set below 1mb, so smaller results never need the config lookup. */
    private static final long ALWAYS_ALLOWED = 1024 * 1024;

    private StringLimits() {
    }

    /**
     * Throws the Redis error when a string of {@code size + append} bytes would exceed
     * {@code proto-max-bulk-len} (or overflow, or exceed the largest Java array).
     */
    static void check(CommandContext ctx, long size, long append) {
        long total = size + append;
        if (total >= 0 && total <= ALWAYS_ALLOWED) {
            return;
        }
        if (total < 0 || total > ctx.config().getLong("proto-max-bulk-len") || total > StringValue.MAX_ARRAY) {
            throw new KvException(TOO_BIG);
        }
    }
}
