package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

/** Numeric commands: INCR INCRBY DECR DECRBY INCRBYFLOAT. */
final class CounterCommands {
    static final String OVERFLOW = "ERR increment or decrement would overflow";
    static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";

    private CounterCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(counter("incr", 2, "Increment the integer value of a key by one", "1.0.0")
                .args(ArgSpec.key("key", 0))
                .handler(CounterCommands::incr).build());
        r.command(counter("incrby", 3, "Increment the integer value of a key by the given amount", "1.0.0")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("increment"))
                .handler(CounterCommands::incrby).build());
        r.command(counter("decr", 2, "Decrement the integer value of a key by one", "1.0.0")
                .args(ArgSpec.key("key", 0))
                .handler(CounterCommands::decr).build());
        r.command(counter("decrby", 3, "Decrement the integer value of a key by the given number", "1.0.0")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("decrement"))
                .handler(CounterCommands::decrby).build());
        r.command(counter("incrbyfloat", 3, "Increment the float value of a key by the given amount", "2.6.0")
                .args(ArgSpec.key("key", 0), ArgSpec.doubleArg("increment"))
                .handler(CounterCommands::incrbyfloat).build());
    }

    private static CommandSpec.Builder counter(String name, int arity, String summary, String since) {
        return CommandSpec.builder(name).arity(arity).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE").acl("write", "string", "fast").group("string")
                .summary(summary).since(since).complexity("O(1)");
    }

    static void incr(CommandContext ctx) {
        incrDecr(ctx, 1);
    }

    static void decr(CommandContext ctx) {
        incrDecr(ctx, -1);
    }

    static void incrby(CommandContext ctx) {
        incrDecr(ctx, Args.toLong(ctx.arg(2)));
    }

    static void decrby(CommandContext ctx) {
        long incr = Args.toLong(ctx.arg(2));
        if (incr == Long.MIN_VALUE) {
            throw new KvException("ERR decrement would overflow");
        }
        incrDecr(ctx, -incr);
    }

    /** Redis's incrDecrCommand: the stored value must be a canonical 64-bit integer; TTL is kept. */
    private static void incrDecr(CommandContext ctx, long incr) {
        byte[] key = ctx.arg(1);
        // A read first: a counter the keyspace keeps packed stays packed (its new digits go into
        // the key's own array when they are as many, see below); a write lookup would turn it into
        // objects for good: more memory, and more cache misses per INCR over many counters.
        KvValue o = ctx.db().peek(key);
        long value = 0;
        StringValue s = null;
        if (o != null) {
            if (!(o instanceof StringValue sv)) {
                ctx.reply().wrongType();
                return;
            }
            s = sv;
            value = Numbers.storedLong(s.array(), s.length());
        }
        if (Numbers.addOverflows(value, incr)) {
            throw new KvException(OVERFLOW);
        }
        value += incr;
        if (s == null) {
            ctx.db().put(key, StringValue.of(Numbers.toBytes(value)));
        } else if (s.readOnly()) {
            // packed: stored whole, keeping the TTL (in place when the text keeps its length)
            ctx.db().putKeepTtl(key, StringValue.of(Numbers.toBytes(value)));
        } else {
            // an object (a raw string, or a key with a TTL): the write lookup (an access, and the
            // snapshot's copy-on-write) returns it, and its digits change in place, as Redis's
            // int-encoded values do
            ((StringValue) ctx.db().get(key)).storeLong(value);
            ctx.db().modified(key);
        }
        ctx.notify(EventClass.STRING, "incrby", key);
        ctx.reply().integer(value);
    }

    static void incrbyfloat(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        // read only: the result is stored whole with putKeepTtl (which counts the access), so a
        // packed key is not inflated just to be replaced
        KvValue o = ctx.db().peek(key);
        LongDouble value = LongDouble.ZERO;
        StringValue s = null;
        if (o != null) {
            if (!(o instanceof StringValue sv)) {
                ctx.reply().wrongType();
                return;
            }
            s = sv;
            value = LongDoubleParser.parse(s.array(), 0, s.length());
            if (value == null) {
                throw new KvException(KvException.NOT_FLOAT);
            }
        }
        LongDouble incr = LongDoubleParser.parse(ctx.arg(2));
        if (incr == null) {
            throw new KvException(KvException.NOT_FLOAT);
        }
        LongDouble sum = value.add(incr);
        if (!sum.isFinite()) {
            throw new KvException(NAN_OR_INFINITY);
        }
        byte[] text = LongDoubleFormat.human(sum);
        StringValue result = StringValue.string(text);
        if (s != null) {
            ctx.db().putKeepTtl(key, result);
        } else {
            ctx.db().put(key, result);
        }
        ctx.notify(EventClass.STRING, "incrbyfloat", key);
        ctx.reply().bulk(text);
        // replicas get the result, so float formatting can never make them diverge
        ctx.propagateAs(StringCommands.SET, key, text, StringCommands.KEEPTTL);
    }
}
