package io.sockudo.kv.probabilistic.common;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KeyFinder;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;

import java.util.Locale;

/** Key look-ups and replies every structure of the family shares. */
public final class Sketches {
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private Sketches() {
    }

    /**
     * The value at {@code key} when it is of {@code type}, null when the key is absent; throws
     * WRONGTYPE for a value of another type (call before replying or changing anything).
     * {@code read} selects the read look-up (hit/miss statistics) over the write one.
     */
    public static <T extends KvValue> T lookup(CommandContext ctx, byte[] key, Class<T> type, boolean read) {
        KvValue v = read ? ctx.db().read(key) : ctx.db().get(key);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw new KvException(WRONGTYPE);
        }
        return type.cast(v);
    }

    /** The wrong-arity error as {@code RedisModule_WrongArity} words it. */
    public static String wrongArity(CommandContext ctx) {
        return "ERR wrong number of arguments for '" + Args.latin1(ctx.arg(0)).toLowerCase(Locale.ROOT) + "' command";
    }

    /**
     * Replies an item as {@code RedisModule_ReplyWithSimpleString} does, falling back to a bulk
     * string for bytes a simple string cannot carry (CR or LF), so the protocol stays intact.
     */
    public static void simpleItem(CommandContext ctx, byte[] item) {
        for (byte c : item) {
            if (c == '\r' || c == '\n') {
                ctx.reply().bulk(item);
                return;
            }
        }
        ctx.reply().simple(Args.latin1(item));
    }

    /**
     * Keys of {@code cmd dest numkeys src...} (CMS.MERGE, TDIGEST.MERGE): the destination and the
     * sources the numkeys argument announces, as many as are present.
     */
    public static final KeyFinder DEST_NUMKEYS_AT_2 = (argv, argc) -> {
        long n = argc > 2 && Args.isLong(argv[2]) ? Args.parseLongUnchecked(argv[2], 0, argv[2].length) : 0;
        n = Math.max(0, Math.min(n, argc - 3));
        int[] out = new int[(int) n + 1];
        out[0] = 1;
        for (int i = 0; i < n; i++) {
            out[i + 1] = 3 + i;
        }
        return out;
    };

    /** ASCII case-insensitive equality of an argument with a keyword. */
    public static boolean is(byte[] arg, String keyword) {
        return Args.is(arg, keyword);
    }

    /** RMUtil_ArgIndex: the first position at or after {@code from} holding {@code keyword}, or -1. */
    public static int argIndex(CommandContext ctx, String keyword, int from) {
        for (int i = from; i < ctx.argc(); i++) {
            if (Args.is(ctx.arg(i), keyword)) {
                return i;
            }
        }
        return -1;
    }
}
