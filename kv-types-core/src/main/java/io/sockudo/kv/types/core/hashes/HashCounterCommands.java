package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.core.strings.LongDouble;
import io.sockudo.kv.types.core.strings.LongDoubleFormat;
import io.sockudo.kv.types.core.strings.LongDoubleParser;

import java.nio.charset.StandardCharsets;

import static io.sockudo.kv.types.core.hashes.HashCommands.fastWrite;
import static io.sockudo.kv.types.core.hashes.HashCommands.spec;

/** HINCRBY and HINCRBYFLOAT (the field keeps its TTL, as in Redis 7.4+). */
final class HashCounterCommands {
    private static final byte[] HSET = "HSET".getBytes(StandardCharsets.US_ASCII);

    private HashCounterCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(fastWrite(spec("hincrby", 4, true, "Increment the integer value of a hash field by the given number",
                "2.0.0", "O(1)", "RW", "ACCESS", "UPDATE"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("field"), ArgSpec.integer("increment"))
                .handler(HashCounterCommands::hincrby).build());
        r.command(fastWrite(spec("hincrbyfloat", 4, true, "Increment the float value of a hash field by the given amount",
                "2.6.0", "O(1)", "RW", "ACCESS", "UPDATE"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("field"), ArgSpec.doubleArg("increment"))
                .handler(HashCounterCommands::hincrbyfloat).build());
    }

    static void hincrby(CommandContext ctx) {
        long incr = Args.toLong(ctx.arg(3));
        byte[] key = ctx.arg(1);
        byte[] field = ctx.arg(2);
        HashValue h = HashCommands.write(ctx, key);
        long value = 0;
        int e = h == null ? -1 : h.find(field);
        long ttl = Entries.NO_TTL;
        if (e >= 0) {
            byte[] a = h.arr(e);
            int b = h.base(e);
            int vo = Entries.valueOff(a, b);
            int vl = Entries.valueLen(a, b);
            if (!Args.isLong(a, vo, vl)) {
                throw new KvException("ERR hash value is not an integer");
            }
            value = Args.parseLongUnchecked(a, vo, vl);
            ttl = Entries.ttl(a, b);
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw new KvException("ERR increment or decrement would overflow");
        }
        value += incr;
        byte[] text = Args.bytes(value);
        store(ctx, key, h, e, field, text, ttl);
        ctx.notify(EventClass.HASH, "hincrby", key);
        ctx.reply().integer(value);
    }

    static void hincrbyfloat(CommandContext ctx) {
        LongDouble incr = LongDoubleParser.parse(ctx.arg(3));
        if (incr == null) {
            throw new KvException(KvException.NOT_FLOAT);
        }
        if (!incr.isFinite()) {
            throw new KvException("ERR value is NaN or Infinity");
        }
        byte[] key = ctx.arg(1);
        byte[] field = ctx.arg(2);
        HashValue h = HashCommands.write(ctx, key);
        LongDouble value = LongDouble.ZERO;
        int e = h == null ? -1 : h.find(field);
        long ttl = Entries.NO_TTL;
        if (e >= 0) {
            byte[] a = h.arr(e);
            int b = h.base(e);
            value = LongDoubleParser.parse(a, Entries.valueOff(a, b), Entries.valueLen(a, b));
            if (value == null) {
                throw new KvException("ERR hash value is not a float");
            }
            ttl = Entries.ttl(a, b);
        }
        LongDouble sum = value.add(incr);
        if (!sum.isFinite()) {
            throw new KvException("ERR increment would produce NaN or Infinity");
        }
        byte[] text = LongDoubleFormat.human(sum);
        store(ctx, key, h, e, field, text, ttl);
        ctx.notify(EventClass.HASH, "hincrbyfloat", key);
        ctx.reply().bulk(text);
        // replicas get the result, so float formatting can never make them diverge (HSET would
        // clear a field TTL, so a volatile field keeps the original command)
        if (ttl == Entries.NO_TTL) {
            ctx.propagateAs(HSET, key, field, text);
        }
    }

    private static void store(CommandContext ctx, byte[] key, HashValue h, int e, byte[] field, byte[] text, long ttl) {
        if (h == null) {
            h = HashCommands.create(ctx, key);
            h.set(field, text, 0, text.length, Entries.NO_TTL, HashCommands.maxEntries(ctx), HashCommands.maxValue(ctx));
            return;
        }
        if (e >= 0 && !h.isPacked()) {
            h.replaceAt(e, text, 0, text.length, ttl);
        } else {
            h.set(field, text, 0, text.length, ttl, HashCommands.maxEntries(ctx), HashCommands.maxValue(ctx));
        }
        ctx.db().modified(key);
    }
}
