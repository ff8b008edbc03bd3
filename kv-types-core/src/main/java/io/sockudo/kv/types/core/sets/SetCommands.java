package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

/**
 * The set family (Redis's t_set.c): registers the set type, the {@code set-max-intset-entries}
 * option and the commands, grouped into {@link SetMemberCommands}, {@link SetRandomCommands},
 * {@link SetAlgebraCommands} and {@link SetScanCommand}; also the helpers they share.
 */
public final class SetCommands {
    /** Redis's option name; default 512 as in 7.0. */
    public static final String MAX_INTSET_ENTRIES = "set-max-intset-entries";
    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    /** The last option text seen and its parsed value, replaced as a pair when CONFIG SET changes it. */
    private record Cached(String text, long value) {
    }

    private static volatile Cached cached = new Cached("512", 512);

    private SetCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(SetType.INSTANCE);
        r.configOption(ConfigOption.integer(MAX_INTSET_ENTRIES, 512, 0, Long.MAX_VALUE));
        SetMemberCommands.register(r);
        SetRandomCommands.register(r);
        SetAlgebraCommands.register(r);
        SetScanCommand.register(r);
    }

    /** The current {@code set-max-intset-entries} (parsed only when the option text changes). */
    static long maxIntset(CommandContext ctx) {
        String text = ctx.config().get(MAX_INTSET_ENTRIES);
        Cached c = cached;
        if (text == null) {
            return 512;
        }
        if (!text.equals(c.text)) {
            // Redis caps the threshold at 2^30 entries (an intset's internal limit)
            c = new Cached(text, Math.min(Long.parseLong(text.trim()), 1L << 30));
            cached = c;
        }
        return c.value;
    }

    /**
     * The set under {@code key} for a read command ({@code db.read}: hit/miss stats), null when
     * absent; throws WRONGTYPE for another type (call before any reply or change).
     */
    static SetValue read(CommandContext ctx, byte[] key) {
        return cast(ctx.db().read(key));
    }

    /** Like {@link #read} for write commands ({@code db.get}, no hit/miss stats). */
    static SetValue get(CommandContext ctx, byte[] key) {
        return cast(ctx.db().get(key));
    }

    static SetValue cast(KvValue v) {
        if (v == null || v instanceof SetValue) {
            return (SetValue) v;
        }
        throw new KvException(WRONGTYPE);
    }
}
