package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

import java.nio.charset.StandardCharsets;

/**
 * The string family (Redis's t_string.c): registers the string type and every string command,
 * grouped by kind into {@link GetSetCommands}, {@link MultiKeyCommands}, {@link CounterCommands},
 * {@link RangeCommands} and {@link LcsCommand}; also the small helpers they share.
 */
public final class StringCommands {
    /** Arguments of the commands Redis propagates instead of the ones received. */
    static final byte[] SET = ascii("SET");
    static final byte[] PXAT = ascii("PXAT");
    static final byte[] KEEPTTL = ascii("KEEPTTL");
    static final byte[] DEL = ascii("DEL");
    static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    static final byte[] PERSIST = ascii("PERSIST");
    static final byte[] EMPTY = new byte[0];

    private StringCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(StringType.INSTANCE);
        GetSetCommands.register(r);
        MultiKeyCommands.register(r);
        CounterCommands.register(r);
        RangeCommands.register(r);
        LcsCommand.register(r);
    }

    /**
     * A read lookup ({@code ctx.db().read}: counted as a hit or miss, {@code keymiss} on a miss)
     * that replies itself when there is nothing to serve: a null bulk for a missing key,
     * WRONGTYPE for another type. Returns the string, or null when it already replied.
     */
    static StringValue readOrReply(CommandContext ctx, byte[] key) {
        KvValue v = ctx.db().read(key);
        if (v instanceof StringValue s) {
            return s;
        }
        if (v == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().wrongType();
        }
        return null;
    }


    /** Replies with the whole content of a string value. */
    static void replyValue(CommandContext ctx, StringValue s) {
        ctx.reply().bulk(s.array(), 0, s.length());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
