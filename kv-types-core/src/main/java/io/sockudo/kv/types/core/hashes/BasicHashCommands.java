package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

import static io.sockudo.kv.types.core.hashes.HashCommands.fastRead;
import static io.sockudo.kv.types.core.hashes.HashCommands.fastWrite;
import static io.sockudo.kv.types.core.hashes.HashCommands.slowRead;
import static io.sockudo.kv.types.core.hashes.HashCommands.spec;

/** HSET HMSET HSETNX HGET HMGET HGETALL HKEYS HVALS HDEL HEXISTS HLEN HSTRLEN. */
final class BasicHashCommands {
    private static final String O1 = "O(1)";
    private static final String ON = "O(N) where N is the size of the hash.";

    private BasicHashCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(fastWrite(spec("hset", -4, true, "Set the string value of a hash field", "2.0.0",
                "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
                "RW", "UPDATE"), true)
                .history("4.0.0", "Accepts multiple `field` and `value` arguments.")
                .args(ArgSpec.key("key", 0), ArgSpec.block("field_value", ArgSpec.string("field"), ArgSpec.string("value")).multiple())
                .handler(BasicHashCommands::hset).build());
        r.command(fastWrite(spec("hmset", -4, true, "Set multiple hash fields to multiple values", "2.0.0",
                "O(N) where N is the number of fields being set.", "RW", "UPDATE"), true)
                .deprecatedSince("4.0.0").replacedBy("`HSET` with multiple field-value pairs").docFlags("deprecated")
                .args(ArgSpec.key("key", 0), ArgSpec.block("field_value", ArgSpec.string("field"), ArgSpec.string("value")).multiple())
                .handler(BasicHashCommands::hmset).build());
        r.command(fastWrite(spec("hsetnx", 4, true, "Set the value of a hash field, only if the field does not exist",
                "2.0.0", O1, "RW", "INSERT"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("field"), ArgSpec.string("value"))
                .handler(BasicHashCommands::hsetnx).build());
        r.command(fastRead(spec("hget", 3, false, "Get the value of a hash field", "2.0.0", O1, "RO", "ACCESS"))
                .args(ArgSpec.key("key", 0), ArgSpec.string("field"))
                .handler(BasicHashCommands::hget).build());
        r.command(fastRead(spec("hmget", -3, false, "Get the values of all the given hash fields", "2.0.0",
                "O(N) where N is the number of fields being requested.", "RO", "ACCESS"))
                .args(ArgSpec.key("key", 0), ArgSpec.string("field").multiple())
                .handler(BasicHashCommands::hmget).build());
        r.command(slowRead(spec("hgetall", 2, false, "Get all the fields and values in a hash", "2.0.0", ON, "RO", "ACCESS"))
                .tips("nondeterministic_output_order")
                .args(ArgSpec.key("key", 0))
                .handler(BasicHashCommands::hgetall).build());
        r.command(slowRead(spec("hkeys", 2, false, "Get all the fields in a hash", "2.0.0", ON, "RO", "ACCESS"))
                .tips("nondeterministic_output_order")
                .args(ArgSpec.key("key", 0))
                .handler(BasicHashCommands::hkeys).build());
        r.command(slowRead(spec("hvals", 2, false, "Get all the values in a hash", "2.0.0", ON, "RO", "ACCESS"))
                .tips("nondeterministic_output_order")
                .args(ArgSpec.key("key", 0))
                .handler(BasicHashCommands::hvals).build());
        r.command(fastWrite(spec("hdel", -3, true, "Delete one or more hash fields", "2.0.0",
                "O(N) where N is the number of fields to be removed.", "RW", "DELETE"), false)
                .history("2.4.0", "Accepts multiple `field` arguments.")
                .args(ArgSpec.key("key", 0), ArgSpec.string("field").multiple())
                .handler(BasicHashCommands::hdel).build());
        r.command(fastRead(spec("hexists", 3, false, "Determine if a hash field exists", "2.0.0", O1, "RO"))
                .args(ArgSpec.key("key", 0), ArgSpec.string("field"))
                .handler(BasicHashCommands::hexists).build());
        r.command(fastRead(spec("hlen", 2, false, "Get the number of fields in a hash", "2.0.0", O1, "RO"))
                .args(ArgSpec.key("key", 0))
                .handler(BasicHashCommands::hlen).build());
        r.command(fastRead(spec("hstrlen", 3, false, "Get the length of the value of a hash field", "3.2.0", O1, "RO"))
                .args(ArgSpec.key("key", 0), ArgSpec.string("field"))
                .handler(BasicHashCommands::hstrlen).build());
    }

    static void hset(CommandContext ctx) {
        long added = setPairs(ctx, "hset");
        ctx.reply().integer(added);
    }

    static void hmset(CommandContext ctx) {
        setPairs(ctx, "hmset");
        ctx.reply().ok();
    }

    private static long setPairs(CommandContext ctx, String name) {
        int argc = ctx.argc();
        if ((argc & 1) == 1) {
            throw new KvException("ERR wrong number of arguments for '" + name + "' command");
        }
        byte[] key = ctx.arg(1);
        HashValue h = HashCommands.write(ctx, key);
        boolean created = h == null;
        if (created) {
            h = HashCommands.create(ctx, key);
        }
        long maxEntries = HashCommands.maxEntries(ctx);
        long maxValue = HashCommands.maxValue(ctx);
        long added = 0;
        for (int i = 2; i < argc; i += 2) {
            byte[] v = ctx.arg(i + 1);
            if (h.set(ctx.arg(i), v, 0, v.length, Entries.NO_TTL, maxEntries, maxValue)) {
                added++;
            }
        }
        if (!created) {
            ctx.db().modified(key);
        }
        ctx.notify(EventClass.HASH, "hset", key);
        return added;
    }

    static void hsetnx(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        byte[] field = ctx.arg(2);
        HashValue h = HashCommands.write(ctx, key);
        if (h != null && h.find(field) >= 0) {
            ctx.reply().integer(0);
            return;
        }
        boolean created = h == null;
        if (created) {
            h = HashCommands.create(ctx, key);
        }
        byte[] v = ctx.arg(3);
        h.set(field, v, 0, v.length, Entries.NO_TTL, HashCommands.maxEntries(ctx), HashCommands.maxValue(ctx));
        if (!created) {
            ctx.db().modified(key);
        }
        ctx.notify(EventClass.HASH, "hset", key);
        ctx.reply().integer(1);
    }

    static void hget(CommandContext ctx) {
        HashValue h = HashCommands.read(ctx, ctx.arg(1));
        int e = h == null ? -1 : h.find(ctx.arg(2));
        if (e < 0) {
            ctx.reply().nullBulk();
        } else {
            HashCommands.replyValue(ctx, h, e);
        }
    }

    static void hmget(CommandContext ctx) {
        HashValue h = HashCommands.read(ctx, ctx.arg(1));
        int argc = ctx.argc();
        ReplyWriter out = ctx.reply();
        out.array(argc - 2);
        for (int i = 2; i < argc; i++) {
            int e = h == null ? -1 : h.find(ctx.arg(i));
            if (e < 0) {
                out.nullBulk();
            } else {
                HashCommands.replyValue(ctx, h, e);
            }
        }
    }

    static void hgetall(CommandContext ctx) {
        replyEntries(ctx, true, true);
    }

    static void hkeys(CommandContext ctx) {
        replyEntries(ctx, true, false);
    }

    static void hvals(CommandContext ctx) {
        replyEntries(ctx, false, true);
    }

    /** HGETALL (a map of both), HKEYS and HVALS (an array of one side), in storage order. */
    private static void replyEntries(CommandContext ctx, boolean fields, boolean values) {
        HashValue h = HashCommands.read(ctx, ctx.arg(1));
        int n = h == null ? 0 : h.size();
        if (fields && values) {
            ctx.reply().map(n);
        } else {
            ctx.reply().array(n);
        }
        if (h == null) {
            return;
        }
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            if (fields) {
                HashCommands.replyField(ctx, h, e);
            }
            if (values) {
                HashCommands.replyValue(ctx, h, e);
            }
        }
    }

    static void hdel(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        HashValue h = HashCommands.write(ctx, key);
        if (h == null) {
            ctx.reply().integer(0);
            return;
        }
        int argc = ctx.argc();
        long deleted = 0;
        for (int i = 2; i < argc && h.size() > 0; i++) {
            if (h.delete(ctx.arg(i))) {
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.notify(EventClass.HASH, "hdel", key);
            HashCommands.afterRemoval(ctx, key, h);
        }
        ctx.reply().integer(deleted);
    }

    static void hexists(CommandContext ctx) {
        HashValue h = HashCommands.read(ctx, ctx.arg(1));
        ctx.reply().integer(h != null && h.find(ctx.arg(2)) >= 0 ? 1 : 0);
    }

    static void hlen(CommandContext ctx) {
        HashValue h = HashCommands.read(ctx, ctx.arg(1));
        ctx.reply().integer(h == null ? 0 : h.size());
    }

    static void hstrlen(CommandContext ctx) {
        HashValue h = HashCommands.read(ctx, ctx.arg(1));
        int e = h == null ? -1 : h.find(ctx.arg(2));
        ctx.reply().integer(e < 0 ? 0 : Entries.valueLen(h.arr(e), h.base(e)));
    }
}
