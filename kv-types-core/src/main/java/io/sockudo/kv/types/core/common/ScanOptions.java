package io.sockudo.kv.types.core.common;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.Glob;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ScanCursor;

/**
 * The arguments of HSCAN, SSCAN and ZSCAN ({@code key cursor [MATCH pattern] [COUNT count]
 * [NOVALUES]}), parsed with the rules and errors of Redis's {@code scanGenericCommand}: COUNT must
 * be an integer of at least 1, options may repeat (the last wins), and anything else, including
 * an option without its value, is a syntax error. {@code NOVALUES} is accepted only where the
 * caller allows it (HSCAN).
 */
public final class ScanOptions {
    /** Redis's default COUNT. */
    public static final long DEFAULT_COUNT = 10;

    /** The cursor as unsigned 64-bit bits. */
    public final long cursor;
    /** Elements to look at per call (a hint, as in Redis). */
    public final long count;
    /** The MATCH pattern, or null when absent or {@code *}. */
    private final byte[] pattern;
    /** True when NOVALUES was given. */
    public final boolean noValues;

    private ScanOptions(long cursor, long count, byte[] pattern, boolean noValues) {
        this.cursor = cursor;
        this.count = count;
        this.pattern = pattern;
        this.noValues = noValues;
    }

    /**
     * Parses {@code argv[2..]} (the cursor) and the options after it. Throws {@link KvException}
     * with Redis's error text; call before replying.
     */
    public static ScanOptions parse(CommandContext ctx, boolean allowNoValues) {
        long cursor = ScanCursor.parse(ctx.arg(2));
        long count = DEFAULT_COUNT;
        byte[] pattern = null;
        boolean noValues = false;
        int argc = ctx.argc();
        int i = 3;
        while (i < argc) {
            byte[] opt = ctx.arg(i);
            boolean hasValue = argc - i >= 2;
            if (hasValue && Args.is(opt, "count")) {
                count = Args.toLong(ctx.arg(i + 1));
                if (count < 1) {
                    throw new KvException(KvException.SYNTAX);
                }
                i += 2;
            } else if (hasValue && Args.is(opt, "match")) {
                pattern = ctx.arg(i + 1);
                i += 2;
            } else if (allowNoValues && Args.is(opt, "novalues")) {
                noValues = true;
                i++;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        if (pattern != null && Glob.matchesEverything(pattern)) {
            pattern = null;
        }
        return new ScanOptions(cursor, count, pattern, noValues);
    }

    /** True if {@code element} passes the MATCH filter. */
    public boolean matches(byte[] element) {
        return pattern == null || Glob.matches(pattern, element);
    }

    /** True if {@code element[off, off+len)} passes the MATCH filter. */
    public boolean matches(byte[] element, int off, int len) {
        return pattern == null || Glob.matches(pattern, 0, pattern.length, element, off, len, false);
    }
}
