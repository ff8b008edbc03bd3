package io.sockudo.kv.types.stack.timeseries.query;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;

/**
 * RedisTimeSeries finds its option keywords by scanning the whole argument list for the first
 * argument equal to the keyword in any case ({@code RMUtil_ArgIndex}), not by walking a grammar:
 * unknown words are ignored and a keyword is found wherever it is. These helpers do the same.
 */
public final class Kw {
    private Kw() {
    }

    /** Index of the first argument at or after {@code from} equal to {@code keyword}, or -1. */
    public static int find(CommandContext ctx, String keyword, int from) {
        int argc = ctx.argc();
        for (int i = from; i < argc; i++) {
            if (Args.is(ctx.arg(i), keyword)) {
                return i;
            }
        }
        return -1;
    }

    /** {@link #find} from the first argument after the command name. */
    public static int find(CommandContext ctx, String keyword) {
        return find(ctx, keyword, 1);
    }

    /** The error RedisModule_WrongArity replies. */
    public static String wrongArity(CommandContext ctx) {
        return "ERR wrong number of arguments for '" + lower(ctx.arg(0)) + "' command";
    }

    private static String lower(byte[] name) {
        StringBuilder sb = new StringBuilder(name.length);
        for (byte b : name) {
            char c = (char) (b & 0xff);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }
}
