package io.sockudo.kv.plugins.counter;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

/**
 * CNT.INCR, CNT.GET, CNT.RESET, CNT.INFO. The specs carry what a Redis module command carries
 * (the {@code module} flag, group {@code module}, ACL categories implied by the flags), so the
 * server checks arity, locks the key, queues them in MULTI and lists them in COMMAND like its own.
 */
final class CounterCommands {
    static final String OVERFLOW = "ERR increment or decrement would overflow";

    private CounterCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("cnt.incr").arity(-2)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST, CommandFlag.MODULE)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE").acl("write", "fast").group("module")
                .summary("Increments a counter, creating it at 0 first if the key does not exist.")
                .since("1.0.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("increment").optional())
                .handler(CounterCommands::incr).build());
        r.command(CommandSpec.builder("cnt.get").arity(2)
                .flags(CommandFlag.READONLY, CommandFlag.FAST, CommandFlag.MODULE)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "fast").group("module")
                .summary("Returns the value of a counter.")
                .since("1.0.0").complexity("O(1)").args(ArgSpec.key("key", 0))
                .handler(CounterCommands::get).build());
        r.command(CommandSpec.builder("cnt.reset").arity(2)
                .flags(CommandFlag.WRITE, CommandFlag.FAST, CommandFlag.MODULE)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE").acl("write", "fast").group("module")
                .summary("Sets a counter back to 0 and returns its previous value.")
                .since("1.0.0").complexity("O(1)").args(ArgSpec.key("key", 0))
                .handler(CounterCommands::reset).build());
        r.command(CommandSpec.builder("cnt.info").arity(2)
                .flags(CommandFlag.READONLY, CommandFlag.FAST, CommandFlag.MODULE)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "fast").group("module")
                .summary("Returns the value of a counter and how often it was incremented and reset.")
                .since("1.0.0").complexity("O(1)").args(ArgSpec.key("key", 0))
                .handler(CounterCommands::info).build());
    }

    /** CNT.INCR key [increment]: the new value. */
    static void incr(CommandContext ctx) {
        if (ctx.argc() > 3) {
            throw new KvException(KvException.SYNTAX);
        }
        long by = ctx.argc() == 3 ? Args.toLong(ctx.arg(2)) : ctx.config().getLong(CounterModule.DEFAULT_INCREMENT);
        byte[] key = ctx.arg(1);
        Keyspace db = ctx.db();
        KvValue v = db.get(key);
        CounterValue c;
        if (v == null) {
            c = null;
        } else if (v instanceof CounterValue cv) {
            c = cv;
        } else {
            ctx.reply().wrongType();
            return;
        }
        long old = c == null ? 0 : c.value;
        long sum = old + by;
        if (((old ^ sum) & (by ^ sum)) < 0) { // signs of both operands differ from the result's
            ctx.reply().error(OVERFLOW);
            return;
        }
        if (c == null) {
            db.put(key, new CounterValue(sum, 1, 0));
        } else {
            c.value = sum;
            c.increments++;
            db.modified(key);
        }
        ctx.notify(EventClass.MODULE, "cnt.incr", key);
        ctx.reply().integer(sum);
    }

    /** CNT.GET key: the value, or null when the key does not exist. */
    static void get(CommandContext ctx) {
        CounterValue c = lookup(ctx);
        if (c != null) {
            ctx.reply().integer(c.value);
        }
    }

    /** CNT.RESET key: the value before the reset, or null when the key does not exist. */
    static void reset(CommandContext ctx) {
        CounterValue c = lookup(ctx);
        if (c != null) {
            long old = c.value;
            c.value = 0;
            c.resets++;
            ctx.db().modified(ctx.arg(1));
            ctx.notify(EventClass.MODULE, "cnt.reset", ctx.arg(1));
            ctx.reply().integer(old);
        }
    }

    /** CNT.INFO key: a map of value, increments, resets; null when the key does not exist. */
    static void info(CommandContext ctx) {
        KvValue v = ctx.db().get(ctx.arg(1));
        ReplyWriter r = ctx.reply();
        if (v == null) {
            r.nullArray();
        } else if (v instanceof CounterValue c) {
            r.map(3);
            r.bulk("value");
            r.integer(c.value);
            r.bulk("increments");
            r.integer(c.increments);
            r.bulk("resets");
            r.integer(c.resets);
        } else {
            r.wrongType();
        }
    }

    /**
     * The counter at {@code argv[1]}; when there is none, replies (null bulk, or WRONGTYPE) and
     * returns null.
     */
    private static CounterValue lookup(CommandContext ctx) {
        KvValue v = ctx.db().get(ctx.arg(1));
        if (v instanceof CounterValue c) {
            return c;
        }
        if (v == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().wrongType();
        }
        return null;
    }
}
