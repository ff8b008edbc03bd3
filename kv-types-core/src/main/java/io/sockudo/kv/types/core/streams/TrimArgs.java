package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;

/** The options XADD and XTRIM share (Redis's streamParseAddOrTrimArgsOrReply). */
final class TrimArgs {
    static final int NONE = 0;
    static final int MAXLEN = 1;
    static final int MINID = 2;

    int strategy = NONE;
    long maxLen;
    StreamId minId;
    boolean approx;
    long limit;
    boolean noMkStream;
    /** XADD: the ID argument parsed (null for {@code *}). */
    StreamId.Parsed id;
    /** Index of the ID argument (XADD) or of the first unparsed argument. */
    int idPos;
    /** Index of the MAXLEN / MINID threshold argument. */
    int thresholdPos;

    /** Parses from argument 2; throws the Redis error on bad input (before any change). */
    static TrimArgs parse(CommandContext ctx, boolean xadd) {
        TrimArgs a = new TrimArgs();
        int argc = ctx.argc();
        boolean limitGiven = false;
        int i = 2;
        for (; i < argc; i++) {
            int more = argc - 1 - i;
            byte[] opt = ctx.arg(i);
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (Args.is(opt, "MAXLEN") && more > 0) {
                if (a.strategy != NONE) {
                    throw new KvException("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
                }
                a.approx = false;
                i = operator(ctx, a, i, more);
                a.maxLen = Args.toLong(ctx.arg(i + 1));
                if (a.maxLen < 0) {
                    throw new KvException("ERR The MAXLEN argument must be >= 0.");
                }
                i++;
                a.strategy = MAXLEN;
                a.thresholdPos = i;
            } else if (Args.is(opt, "MINID") && more > 0) {
                if (a.strategy != NONE) {
                    throw new KvException("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
                }
                a.approx = false;
                i = operator(ctx, a, i, more);
                a.minId = StreamId.parseStrict(ctx.arg(i + 1), 0);
                i++;
                a.strategy = MINID;
                a.thresholdPos = i;
            } else if (Args.is(opt, "LIMIT") && more > 0) {
                a.limit = Args.toLong(ctx.arg(i + 1));
                if (a.limit < 0) {
                    throw new KvException("ERR The LIMIT argument must be >= 0.");
                }
                limitGiven = true;
                i++;
            } else if (xadd && Args.is(opt, "NOMKSTREAM")) {
                a.noMkStream = true;
            } else if (xadd) {
                a.id = StreamId.parse(opt, 0, 0, true, true);
                if (a.id == null) {
                    throw new KvException(StreamId.INVALID);
                }
                break;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        a.idPos = i;
        if (a.limit != 0 && a.strategy == NONE) {
            throw new KvException("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && a.strategy == NONE) {
            throw new KvException("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (limitGiven) {
            if (!a.approx) {
                throw new KvException("ERR syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else if (a.approx) {
            // At most 100 nodes' worth of work (0 entries per node: no limit), as Redis does.
            a.limit = 100 * ctx.config().getLong(StreamCommands.NODE_MAX_ENTRIES);
        } else {
            a.limit = 0;
        }
        return a;
    }

    /** Consumes an optional {@code ~} or {@code =} after MAXLEN/MINID. */
    private static int operator(CommandContext ctx, TrimArgs a, int i, int more) {
        byte[] next = ctx.arg(i + 1);
        if (more >= 2 && next.length == 1 && next[0] == '~') {
            a.approx = true;
            return i + 1;
        }
        if (more >= 2 && next.length == 1 && next[0] == '=') {
            return i + 1;
        }
        return i;
    }

    /**
     * For replication and the AOF, an approximate trim is rewritten as the exact one that
     * happened (Redis's streamRewriteApproxSpecifier / streamRewriteTrimArgument): {@code =} and
     * the resulting length, or the first remaining ID. Returns {@code argv} or a rewritten copy.
     */
    byte[][] exactForPropagation(byte[][] argv, int argc, StreamValue s) {
        if (!approx) {
            return argv;
        }
        byte[][] out = argv.length == argc ? argv : java.util.Arrays.copyOf(argv, argc);
        out[thresholdPos - 1] = EQUALS;
        out[thresholdPos] = strategy == MAXLEN ? Args.bytes(s.length()) : s.firstId().bytes();
        return out;
    }

    private static final byte[] EQUALS = {'='};

    /** Trims {@code s}; returns the number of entries removed. */
    long apply(StreamValue s) {
        return s.trim(maxLen, strategy == MINID ? minId : null, approx, limit);
    }
}
