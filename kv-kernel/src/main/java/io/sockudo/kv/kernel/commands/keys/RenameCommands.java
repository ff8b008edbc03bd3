package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.util.IntArg;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;

import java.util.Arrays;

/** RENAME, RENAMENX and COPY (Redis's renameGenericCommand and copyCommand). */
final class RenameCommands {
    static final String NO_SUCH_KEY = "ERR no such key";
    static final String SAME_OBJECT = "ERR source and destination objects are the same";
    static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";

    private final ServerConfigView config;
    private final Notifier notifier;

    RenameCommands(ServerConfigView config, Notifier notifier) {
        this.config = config;
        this.notifier = notifier;
    }

    void rename(CommandContext ctx) {
        rename(ctx, false);
    }

    void renameNx(CommandContext ctx) {
        rename(ctx, true);
    }

    private void rename(CommandContext ctx, boolean nx) {
        byte[] from = ctx.arg(1);
        byte[] to = ctx.arg(2);
        Database db = (Database) ctx.db();
        // A write lookup: counts as an access of the source, whose access data then moves with it.
        if (!db.existsForWrite(from)) {
            throw new KvException(NO_SUCH_KEY);
        }
        if (Arrays.equals(from, to)) {
            // Nothing to do; RENAMENX reports that nothing was renamed.
            reply(ctx, nx, false);
            return;
        }
        if (nx && db.exists(to)) {
            ctx.reply().integer(0);
            return;
        }
        if (!nx) {
            // Lets an expired destination expire (and notify) before it is replaced, as Redis's lookup does.
            db.exists(to);
        }
        db.transfer(from, db, to);
        ctx.notify(EventClass.GENERIC, "rename_from", from);
        ctx.notify(EventClass.GENERIC, "rename_to", to);
        reply(ctx, nx, true);
    }

    private static void reply(CommandContext ctx, boolean nx, boolean done) {
        if (nx) {
            ctx.reply().integer(done ? 1 : 0);
        } else {
            ctx.reply().ok();
        }
    }

    void copy(CommandContext ctx) {
        Keyspace src = ctx.db();
        int dstIndex = src.index();
        boolean replace = false;
        int argc = ctx.argc();
        for (int i = 3; i < argc; i++) {
            byte[] opt = ctx.arg(i);
            if (Args.is(opt, "replace")) {
                replace = true;
            } else if (Args.is(opt, "db") && i + 1 < argc) {
                dstIndex = IntArg.parse(ctx.arg(i + 1));
                if (dstIndex < 0 || dstIndex >= ctx.databases()) {
                    throw new KvException(DB_OUT_OF_RANGE);
                }
                i++;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        if (config.getBoolean("cluster-enabled") && (src.index() != 0 || dstIndex != 0)) {
            throw new KvException("ERR Copying to another database is not allowed in cluster mode");
        }
        byte[] key = ctx.arg(1);
        byte[] newKey = ctx.arg(2);
        if (dstIndex == src.index() && Arrays.equals(key, newKey)) {
            throw new KvException(SAME_OBJECT);
        }
        // The source is a read lookup in Redis (a keyspace hit or miss, keymiss).
        KvValue value = src.read(key);
        if (value == null) {
            ctx.reply().integer(0);
            return;
        }
        long expireAt = src.expireAt(key);
        Keyspace dst = ctx.db(dstIndex);
        if (dst.exists(newKey)) {
            if (!replace) {
                ctx.reply().integer(0);
                return;
            }
            // Redis deletes and re-adds: the copy starts with fresh access data.
            dst.delete(newKey);
        }
        dst.put(newKey, value.copy(), expireAt);
        notifier.notify(dst, EventClass.GENERIC, "copy_to", newKey);
        ctx.reply().integer(1);
    }
}
