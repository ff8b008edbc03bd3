package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvValue;

/** DEL UNLINK EXISTS TOUCH TYPE RANDOMKEY. */
final class BasicKeyCommands {
    private BasicKeyCommands() {
    }

    /**
     * DEL and UNLINK: values are freed by the garbage collector either way, so UNLINK's
     * background freeing comes for free.
     */
    static void del(CommandContext ctx) {
        Keyspace db = ctx.db();
        int n = ctx.argc();
        long deleted = 0;
        for (int i = 1; i < n; i++) {
            byte[] key = ctx.arg(i);
            if (db.delete(key)) {
                ctx.notify(EventClass.GENERIC, "del", key);
                deleted++;
            }
        }
        ctx.reply().integer(deleted);
    }

    /**
     * EXISTS counts repeated keys once per mention and does not count as an access; each key is a
     * read lookup (keyspace hit or miss, keymiss), as in Redis.
     */
    static void exists(CommandContext ctx) {
        Keyspace db = ctx.db();
        int n = ctx.argc();
        long count = 0;
        for (int i = 1; i < n; i++) {
            if (db.readNoTouch(ctx.arg(i)) != null) {
                count++;
            }
        }
        ctx.reply().integer(count);
    }

    /** TOUCH: a read of each key that updates its access time (or LFU counter). */
    static void touch(CommandContext ctx) {
        Keyspace db = ctx.db();
        int n = ctx.argc();
        long count = 0;
        for (int i = 1; i < n; i++) {
            if (db.read(ctx.arg(i)) != null) {
                count++;
            }
        }
        ctx.reply().integer(count);
    }

    static void type(CommandContext ctx) {
        KvValue v = ctx.db().readNoTouch(ctx.arg(1));
        ctx.reply().simple(v == null ? "none" : v.type().name());
    }

    static void randomKey(CommandContext ctx) {
        byte[] key = ctx.db().randomKey();
        if (key == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(key);
        }
    }
}
