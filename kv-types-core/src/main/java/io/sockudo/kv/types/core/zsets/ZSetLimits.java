package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ServerConfigView;

/**
 * The listpack limits {@code zset-max-listpack-entries} and {@code zset-max-listpack-value}
 * (aliases {@code zset-max-ziplist-*}), read per command. The parsed values are cached and
 * re-parsed only when the configuration string changes (CONFIG SET takes effect at once).
 */
public final class ZSetLimits {
    static final String ENTRIES = "zset-max-listpack-entries";
    static final String VALUE = "zset-max-listpack-value";
    /** No limits: everything fits the listpack. */
    static final ZSetLimits NONE = new ZSetLimits(Long.MAX_VALUE, Long.MAX_VALUE, null, null);
    /** Nothing fits the listpack: builders keep the skiplist encoding. */
    static final ZSetLimits TREE = new ZSetLimits(-1, -1, null, null);

    private static volatile ZSetLimits cached = new ZSetLimits(128, 64, null, null);

    public final long maxEntries;
    public final long maxValue;
    private final String entriesText;
    private final String valueText;

    private ZSetLimits(long maxEntries, long maxValue, String entriesText, String valueText) {
        this.maxEntries = maxEntries;
        this.maxValue = maxValue;
        this.entriesText = entriesText;
        this.valueText = valueText;
    }

    /** Registers both options with Redis's names, aliases, defaults and ranges. */
    static void register(ModuleRegistry r) {
        r.configOption(ConfigOption.integer(ENTRIES, 128, 0, Long.MAX_VALUE, "zset-max-ziplist-entries"));
        // a memory option in Redis: accepts units such as 1kb
        r.configOption(ConfigOption.memory(VALUE, 64, 0, Long.MAX_VALUE, "zset-max-ziplist-value"));
    }

    /** The limits seen by the last command (for code that has no configuration at hand, e.g. RDB loading). */
    public static ZSetLimits current() {
        return cached;
    }

    /** The current limits. */
    public static ZSetLimits of(CommandContext ctx) {
        return of(ctx.config());
    }

    /** The current limits. */
    public static ZSetLimits of(ServerConfigView config) {
        ZSetLimits c = cached;
        String e = config.get(ENTRIES);
        String v = config.get(VALUE);
        if (e == c.entriesText && v == c.valueText) {
            return c;
        }
        c = new ZSetLimits(parse(e, 128), parse(v, 64), e, v);
        cached = c;
        return c;
    }

    private static long parse(String s, long dflt) {
        long v = s == null ? -1 : memory(s);
        return v < 0 ? dflt : v;
    }

    /** A non-negative size with an optional k/kb/m/mb/g/gb unit (Redis's memtoull), or -1. */
    static long memory(String s) {
        long v = ConfigOption.parseMemory(s.trim());
        return v < 0 ? -1 : v;
    }
}
