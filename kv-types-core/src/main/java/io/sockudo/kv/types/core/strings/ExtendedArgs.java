package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.types.core.common.CKeyword;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;

/**
 * The options of SET and GETEX (Redis's {@code parseExtendedStringArgumentsOrReply}) and the
 * expire-time arithmetic shared with SETEX and PSETEX ({@code getExpireMillisecondsOrReply}).
 *
 * <p>The parse result is one int, so parsing allocates nothing: the option flags in the low 16 bits
 * and the index of the expire-time argument above them.
 */
final class ExtendedArgs {
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int GET = 1 << 2;
    static final int KEEPTTL = 1 << 3;
    static final int PERSIST = 1 << 4;
    static final int EX = 1 << 5;
    static final int PX = 1 << 6;
    static final int EXAT = 1 << 7;
    static final int PXAT = 1 << 8;
    private static final int FLAGS = 0xffff;

    private ExtendedArgs() {
    }

    /** The flags of a parse result. */
    static int flags(int parsed) {
        return parsed & FLAGS;
    }

    /** The expire-time argument index of a parse result (0 when there is none). */
    static int expireIndex(int parsed) {
        return parsed >>> 16;
    }

    /**
     * Parses options from argument {@code from} on. SET accepts NX XX GET KEEPTTL EX PX EXAT PXAT,
     * GETEX accepts PERSIST EX PX EXAT PXAT. Conflicting options are a syntax error, exactly where
     * Redis's checks put them (repeating the same option is allowed; the last time wins).
     *
     * @throws KvException the syntax error
     */
    static int parse(CommandContext ctx, int from, boolean set) {
        int flags = 0;
        int expireIdx = 0;
        int argc = ctx.argc();
        for (int j = from; j < argc; j++) {
            byte[] opt = ctx.arg(j);
            boolean hasNext = j < argc - 1;
            if (set && (flags & XX) == 0 && CKeyword.is(opt, "NX")) {
                flags |= NX;
            } else if (set && (flags & NX) == 0 && CKeyword.is(opt, "XX")) {
                flags |= XX;
            } else if (set && CKeyword.is(opt, "GET")) {
                flags |= GET;
            } else if (set && (flags & (PERSIST | EX | EXAT | PX | PXAT)) == 0 && CKeyword.is(opt, "KEEPTTL")) {
                flags |= KEEPTTL;
            } else if (!set && (flags & (EX | EXAT | PX | PXAT | KEEPTTL)) == 0 && CKeyword.is(opt, "PERSIST")) {
                flags |= PERSIST;
            } else if (hasNext && (flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) == 0 && CKeyword.is(opt, "EX")) {
                flags |= EX;
                expireIdx = ++j;
            } else if (hasNext && (flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) == 0 && CKeyword.is(opt, "PX")) {
                flags |= PX;
                expireIdx = ++j;
            } else if (hasNext && (flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) == 0 && CKeyword.is(opt, "EXAT")) {
                flags |= EXAT;
                expireIdx = ++j;
            } else if (hasNext && (flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) == 0 && CKeyword.is(opt, "PXAT")) {
                flags |= PXAT;
                expireIdx = ++j;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        return flags | (expireIdx << 16);
    }

    /**
     * The absolute expiry in Unix milliseconds for an EX/PX/EXAT/PXAT argument, with Redis's checks:
     * not an integer, not positive, or overflowing is an error.
     *
     * @param flags which of EX PX EXAT PXAT the argument belongs to
     * @param command the command name for the error text (Redis prints the command's full name)
     * @throws KvException the error reply
     */
    static long expireAtMillis(CommandContext ctx, byte[] arg, int flags, String command) {
        long ms = Args.toLong(arg);
        boolean seconds = (flags & (EX | EXAT)) != 0;
        if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
            throw invalidExpire(command);
        }
        if (seconds) {
            ms *= 1000;
        }
        if ((flags & (EX | PX)) != 0) {
            ms += ctx.now(); // wraps negative on overflow, caught below as in Redis
        }
        if (ms <= 0) {
            throw invalidExpire(command);
        }
        return ms;
    }

    private static KvException invalidExpire(String command) {
        return new KvException("ERR invalid expire time in '" + command + "' command");
    }
}
