package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

/**
 * The hash family (Redis's t_hash.c): registers the type, the encoding options and the commands,
 * grouped into {@link BasicHashCommands}, {@link HashCounterCommands}, {@link HashIterCommands}
 * (HSCAN, HRANDFIELD) and {@link FieldTtlCommands} (hash field expiration); also the lookups
 * they share, which apply passive field expiry.
 */
public final class HashCommands {
    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    static final String MAX_ENTRIES = "hash-max-listpack-entries";
    static final String MAX_VALUE = "hash-max-listpack-value";

    private HashCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(HashType.INSTANCE);
        // Defaults as redis-server 7.0.15 reports them (512 entries, 64 bytes).
        r.configOption(ConfigOption.integer(MAX_ENTRIES, 512, 0, Long.MAX_VALUE, "hash-max-ziplist-entries"));
        r.configOption(ConfigOption.memory(MAX_VALUE, 64, 0, Long.MAX_VALUE, "hash-max-ziplist-value"));
        BasicHashCommands.register(r);
        HashCounterCommands.register(r);
        HashIterCommands.register(r);
        FieldTtlCommands.register(r);
        FieldExpiry.register(r);
    }

    /** A hash command spec with the shared parts. */
    static CommandSpec.Builder spec(String name, int arity, boolean write, String summary, String since,
                                    String complexity, String... keyFlags) {
        CommandSpec.Builder b = CommandSpec.builder(name).arity(arity).group("hash").summary(summary).since(since)
                .complexity(complexity).keys(1, 1, 1, keyFlags);
        return b;
    }

    static CommandSpec.Builder fastWrite(CommandSpec.Builder b, boolean denyoom) {
        return (denyoom ? b.flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                : b.flags(CommandFlag.WRITE, CommandFlag.FAST)).acl("write", "hash", "fast");
    }

    static CommandSpec.Builder fastRead(CommandSpec.Builder b) {
        return b.flags(CommandFlag.READONLY, CommandFlag.FAST).acl("read", "hash", "fast");
    }

    static CommandSpec.Builder slowRead(CommandSpec.Builder b) {
        return b.flags(CommandFlag.READONLY).acl("read", "hash", "slow");
    }

    /**
     * Looks up a hash for reading (hit/miss counted): null when absent (or when its last fields
     * just expired); throws WRONGTYPE for another type. Call before replying.
     */
    static HashValue read(CommandContext ctx, byte[] key) {
        return checked(ctx, key, ctx.db().read(key));
    }

    /** Like {@link #read} for write commands (no hit/miss accounting). */
    static HashValue write(CommandContext ctx, byte[] key) {
        return checked(ctx, key, ctx.db().get(key));
    }

    private static HashValue checked(CommandContext ctx, byte[] key, KvValue v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof HashValue h)) {
            throw new KvException(WRONGTYPE);
        }
        if (h.minExpire < ctx.now() && expireFields(ctx, key, h, ctx.now())) {
            return null;
        }
        return h;
    }

    /**
     * Passive field expiry: removes the fields whose TTL passed, fires {@code hexpired}, and
     * deletes the key when nothing is left. Returns true when the key was deleted.
     */
    static boolean expireFields(CommandContext ctx, byte[] key, HashValue h, long now) {
        int n = h.purgeExpired(now);
        if (n == 0) {
            return false;
        }
        ctx.notify(EventClass.HASH, "hexpired", key);
        if (h.size() == 0) {
            ctx.db().delete(key);
            ctx.notify(EventClass.GENERIC, "del", key);
            return true;
        }
        ctx.db().modified(key);
        return false;
    }

    /** A new empty hash stored under {@code key} (Redis's hashTypeLookupWriteOrCreate). */
    static HashValue create(CommandContext ctx, byte[] key) {
        HashValue h = new HashValue();
        ctx.db().put(key, h);
        return h;
    }

    static long maxEntries(CommandContext ctx) {
        return ENTRIES.get(ctx);
    }

    static long maxValue(CommandContext ctx) {
        return VALUE.get(ctx);
    }

    private static final CachedLong ENTRIES = new CachedLong(MAX_ENTRIES);
    private static final CachedLong VALUE = new CachedLong(MAX_VALUE);

    /**
     * An integer option parsed once per distinct setting: the configuration hands out the same
     * String until CONFIG SET replaces it, so an identity check skips the parse on the HSET path.
     */
    private static final class CachedLong {
        private final String name;
        private volatile Parsed parsed = new Parsed(null, 0);

        private record Parsed(String text, long value) {
        }

        CachedLong(String name) {
            this.name = name;
        }

        long get(CommandContext ctx) {
            String text = ctx.config().get(name);
            Parsed p = parsed;
            if (p.text != text) {
                p = new Parsed(text, ctx.config().getLong(name));
                parsed = p;
            }
            return p.value;
        }
    }

    /** After removing fields: deletes the key when the hash is empty (with the {@code del} event), else signals the change. */
    static void afterRemoval(CommandContext ctx, byte[] key, HashValue h) {
        if (h.size() == 0) {
            ctx.db().delete(key);
            ctx.notify(EventClass.GENERIC, "del", key);
        } else {
            ctx.db().modified(key);
        }
    }

    /** Replies with the value of entry {@code h}. */
    static void replyValue(CommandContext ctx, HashValue v, int h) {
        byte[] a = v.arr(h);
        int b = v.base(h);
        ctx.reply().bulk(a, Entries.valueOff(a, b), Entries.valueLen(a, b));
    }

    /** Replies with the field of entry {@code h}. */
    static void replyField(CommandContext ctx, HashValue v, int h) {
        byte[] a = v.arr(h);
        int b = v.base(h);
        ctx.reply().bulk(a, Entries.fieldOff(a, b), Entries.fieldLen(a, b));
    }
}
