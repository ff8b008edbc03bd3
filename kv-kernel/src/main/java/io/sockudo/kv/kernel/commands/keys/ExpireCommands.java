package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;

import java.nio.charset.StandardCharsets;

/**
 * EXPIRE PEXPIRE EXPIREAT PEXPIREAT (with NX XX GT LT), TTL PTTL EXPIRETIME PEXPIRETIME, PERSIST,
 * following Redis's expireGenericCommand and ttlGenericCommand, error texts and checks in the
 * same order.
 */
final class ExpireCommands {
    static final int NX = 1;
    static final int XX = 2;
    static final int GT = 4;
    static final int LT = 8;

    private static final byte[] PEXPIREAT = {'P', 'E', 'X', 'P', 'I', 'R', 'E', 'A', 'T'};
    private static final byte[] DEL = {'D', 'E', 'L'};

    private ExpireCommands() {
    }

    static void expire(CommandContext ctx) {
        expire(ctx, ctx.now(), true, "expire");
    }

    static void pexpire(CommandContext ctx) {
        expire(ctx, ctx.now(), false, "pexpire");
    }

    static void expireAt(CommandContext ctx) {
        expire(ctx, 0, true, "expireat");
    }

    static void pexpireAt(CommandContext ctx) {
        expire(ctx, 0, false, "pexpireat");
    }

    private static void expire(CommandContext ctx, long base, boolean seconds, String name) {
        int flags = parseFlags(ctx);
        long when = absoluteMillis(Args.toLong(ctx.arg(2)), base, seconds, name);

        byte[] key = ctx.arg(1);
        Keyspace db = ctx.db();
        if (!existsForWrite(db, key)) {
            ctx.reply().integer(0);
            return;
        }
        if (flags != 0 && !conditionHolds(flags, db.expireAt(key), when)) {
            ctx.reply().integer(0);
            return;
        }
        if (when <= ctx.now()) {
            // Already in the past: the key is deleted now, and replicated as a DEL.
            db.delete(key);
            ctx.propagateAs(DEL, key);
            ctx.notify(EventClass.GENERIC, "del", key);
            ctx.reply().integer(1);
            return;
        }
        db.setExpireAt(key, when);
        propagateAbsolute(ctx, when);
        ctx.notify(EventClass.GENERIC, "expire", key);
        ctx.reply().integer(1);
    }

    /**
     * The absolute expiry in Unix ms of an EXPIRE-family argument. Negative and past times are
     * allowed (they delete the key); only overflow is an error, checked as Redis checks it.
     */
    static long absoluteMillis(long value, long base, boolean seconds, String name) {
        long when = value;
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw invalidTime(name);
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - base) {
            throw invalidTime(name);
        }
        return when + base;
    }

    /** Replicates as {@code PEXPIREAT key <absolute ms> [flags]}, so replicas and the AOF get the same instant. */
    private static void propagateAbsolute(CommandContext ctx, long when) {
        int argc = ctx.argc();
        byte[][] argv = new byte[argc][];
        argv[0] = PEXPIREAT;
        argv[1] = ctx.arg(1);
        argv[2] = Args.bytes(when);
        for (int i = 3; i < argc; i++) {
            argv[i] = ctx.arg(i);
        }
        ctx.propagateAs(argv);
    }

    /** NX XX GT LT against the key's current expiry ({@link Keyspace#NO_EXPIRE} counts as infinite). */
    static boolean conditionHolds(int flags, long current, long when) {
        boolean persistent = current == Keyspace.NO_EXPIRE;
        if ((flags & NX) != 0 && !persistent) {
            return false;
        }
        if ((flags & XX) != 0 && persistent) {
            return false;
        }
        if ((flags & GT) != 0 && (persistent || when <= current)) {
            return false;
        }
        return (flags & LT) == 0 || persistent || when < current;
    }

    private static int parseFlags(CommandContext ctx) {
        int flags = 0;
        int argc = ctx.argc();
        for (int i = 3; i < argc; i++) {
            byte[] opt = ctx.arg(i);
            if (Args.is(opt, "nx")) {
                flags |= NX;
            } else if (Args.is(opt, "xx")) {
                flags |= XX;
            } else if (Args.is(opt, "gt")) {
                flags |= GT;
            } else if (Args.is(opt, "lt")) {
                flags |= LT;
            } else {
                throw new KvException("ERR Unsupported option " + cString(opt));
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            throw new KvException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & GT) != 0 && (flags & LT) != 0) {
            throw new KvException("ERR GT and LT options at the same time are not compatible");
        }
        return flags;
    }

    private static KvException invalidTime(String name) {
        return new KvException("ERR invalid expire time in '" + name + "' command");
    }

    /** An argument as C's {@code %s} prints it: up to the first NUL byte. */
    static String cString(byte[] b) {
        return io.sockudo.kv.spi.Args.cString(b);
    }

    static void ttl(CommandContext ctx) {
        ttl(ctx, false, false);
    }

    static void pttl(CommandContext ctx) {
        ttl(ctx, true, false);
    }

    static void expireTime(CommandContext ctx) {
        ttl(ctx, false, true);
    }

    static void pexpireTime(CommandContext ctx) {
        ttl(ctx, true, true);
    }

    private static void ttl(CommandContext ctx, boolean millis, boolean absolute) {
        // A read lookup first (keyspace hit or miss, keymiss), as Redis's ttlGenericCommand.
        Keyspace db = ctx.db();
        byte[] key = ctx.arg(1);
        long at = db.readNoTouch(key) == null ? -2 : db.expireAt(key);
        if (at == -2 || at == Keyspace.NO_EXPIRE) {
            ctx.reply().integer(at);
            return;
        }
        long t = absolute ? at : at - ctx.now();
        if (t < 0) {
            t = 0;
        }
        // Seconds are rounded to the nearest, as Redis does.
        ctx.reply().integer(millis ? t : (t + 500) / 1000);
    }

    /** Redis's lookupKeyWrite as an existence check: a packed key stays packed (see Database.existsForWrite). */
    private static boolean existsForWrite(Keyspace db, byte[] key) {
        return db instanceof io.sockudo.kv.kernel.keyspace.Database d ? d.existsForWrite(key) : db.get(key) != null;
    }

    static void persist(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Keyspace db = ctx.db();
        if (existsForWrite(db, key) && db.persist(key)) {
            ctx.notify(EventClass.GENERIC, "persist", key);
            ctx.reply().integer(1);
        } else {
            ctx.reply().integer(0);
        }
    }
}
