package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.types.core.common.CKeyword;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

/** Single-key reads and writes of whole values: GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX. */
final class GetSetCommands {
    private GetSetCommands() {
    }

    private static final java.util.List<String> OVERWRITTEN_KEY = java.util.List.of("OW", "UPDATE");
    private static final java.util.List<String> READ_AND_WRITTEN_KEY = java.util.List.of("RW", "ACCESS", "UPDATE");

    /** SET only overwrites its key, unless GET (after the value) also reads it, as Redis resolves the flags. */
    static java.util.List<String> setKeyFlags(byte[][] argv, int argc, int index) {
        for (int i = 3; i < argc; i++) {
            if (io.sockudo.kv.spi.Args.is(argv[i], "GET")) {
                return READ_AND_WRITTEN_KEY;
            }
        }
        return OVERWRITTEN_KEY;
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("get").arity(2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "string", "fast").group("string")
                .summary("Get the value of a key").since("1.0.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0))
                .handler(GetSetCommands::get).build());
        r.command(CommandSpec.builder("set").arity(-3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE", "VARIABLE_FLAGS")
                .keySpecNotes("RW and ACCESS due to the optional `GET` argument").acl("write", "string", "slow")
                .variableKeyFlags(GetSetCommands::setKeyFlags)
                .group("string").summary("Set the string value of a key").since("1.0.0").complexity("O(1)")
                .history("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options.")
                .history("6.0.0", "Added the `KEEPTTL` option.")
                .history("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option.")
                .history("7.0.0", "Allowed the `NX` and `GET` options to be used together.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("value"),
                    ArgSpec.oneOf("condition",
                        ArgSpec.pureToken("nx", "NX"),
                        ArgSpec.pureToken("xx", "XX")).since("2.6.12").optional(),
                    ArgSpec.pureToken("get", "GET").since("6.2.0").optional(),
                    ArgSpec.oneOf("expiration",
                        ArgSpec.integer("seconds").token("EX").since("2.6.12"),
                        ArgSpec.integer("milliseconds").token("PX").since("2.6.12"),
                        ArgSpec.unixTime("unix-time-seconds").token("EXAT").since("6.2.0"),
                        ArgSpec.unixTime("unix-time-milliseconds").token("PXAT").since("6.2.0"),
                        ArgSpec.pureToken("keepttl", "KEEPTTL").since("6.0.0")).optional())
                .handler(GetSetCommands::set).build());
        r.command(CommandSpec.builder("setnx").arity(3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1, "OW", "INSERT").acl("write", "string", "fast").group("string")
                .summary("Set the value of a key, only if the key does not exist").since("1.0.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.string("value"))
                .handler(GetSetCommands::setnx).build());
        r.command(CommandSpec.builder("setex").arity(4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "OW", "UPDATE").acl("write", "string", "slow").group("string")
                .summary("Set the value and expiration of a key").since("2.0.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("seconds"), ArgSpec.string("value"))
                .handler(GetSetCommands::setex).build());
        r.command(CommandSpec.builder("psetex").arity(4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "OW", "UPDATE").acl("write", "string", "slow").group("string")
                .summary("Set the value and expiration in milliseconds of a key").since("2.6.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("milliseconds"), ArgSpec.string("value"))
                .handler(GetSetCommands::psetex).build());
        r.command(CommandSpec.builder("getset").arity(3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE").acl("write", "string", "fast").group("string")
                .summary("Set the string value of a key and return its old value").since("1.0.0").complexity("O(1)")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`SET` with the `!GET` argument")
                .args(ArgSpec.key("key", 0), ArgSpec.string("value"))
                .handler(GetSetCommands::getset).build());
        r.command(CommandSpec.builder("getdel").arity(2).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "ACCESS", "DELETE").acl("write", "string", "fast").group("string")
                .summary("Get the value of a key and delete the key").since("6.2.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0))
                .handler(GetSetCommands::getdel).build());
        r.command(CommandSpec.builder("getex").arity(-2).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE").keySpecNotes("RW and UPDATE because it changes the TTL")
                .acl("write", "string", "fast").group("string")
                .summary("Get the value of a key and optionally set its expiration").since("6.2.0").complexity("O(1)")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.oneOf("expiration",
                        ArgSpec.integer("seconds").token("EX"),
                        ArgSpec.integer("milliseconds").token("PX"),
                        ArgSpec.unixTime("unix-time-seconds").token("EXAT"),
                        ArgSpec.unixTime("unix-time-milliseconds").token("PXAT"),
                        ArgSpec.pureToken("persist", "PERSIST")).optional())
                .handler(GetSetCommands::getex).build());
    }

    static void get(CommandContext ctx) {
        StringValue s = StringCommands.readOrReply(ctx, ctx.arg(1));
        if (s != null) {
            StringCommands.replyValue(ctx, s);
        }
    }

    static void set(CommandContext ctx) {
        int parsed = ctx.argc() > 3 ? ExtendedArgs.parse(ctx, 3, true) : 0;
        int expireIdx = ExtendedArgs.expireIndex(parsed);
        setGeneric(ctx, ExtendedArgs.flags(parsed), ctx.arg(2), expireIdx == 0 ? null : ctx.arg(expireIdx), "set", false);
    }

    static void setnx(CommandContext ctx) {
        setGeneric(ctx, ExtendedArgs.NX, ctx.arg(2), null, "setnx", true);
    }

    static void setex(CommandContext ctx) {
        setGeneric(ctx, ExtendedArgs.EX, ctx.arg(3), ctx.arg(2), "setex", false);
    }

    static void psetex(CommandContext ctx) {
        setGeneric(ctx, ExtendedArgs.PX, ctx.arg(3), ctx.arg(2), "psetex", false);
    }

    /**
     * Redis's {@code setGenericCommand}. Replies OK / null-on-abort, or 1 / 0 for SETNX
     * ({@code intReply}); with GET it replies the old value instead.
     */
    private static void setGeneric(CommandContext ctx, int flags, byte[] value, byte[] expireArg,
                                   String command, boolean intReply) {
        byte[] key = ctx.arg(1);
        long expireAt = expireArg == null ? 0 : ExtendedArgs.expireAtMillis(ctx, expireArg, flags, command);
        Keyspace db = ctx.db();
        ReplyWriter reply = ctx.reply();
        boolean withGet = (flags & ExtendedArgs.GET) != 0;
        boolean found = false;
        if (withGet) {
            KvValue old = ctx.db().read(key);
            if (old == null) {
                reply.nullBulk();
            } else if (old instanceof StringValue s) {
                StringCommands.replyValue(ctx, s);
                found = true;
            } else {
                reply.wrongType();
                return;
            }
        } else if ((flags & (ExtendedArgs.NX | ExtendedArgs.XX)) != 0) {
            found = db.get(key) != null;
        }
        if (((flags & ExtendedArgs.NX) != 0 && found) || ((flags & ExtendedArgs.XX) != 0 && !found)) {
            if (!withGet) {
                if (intReply) {
                    reply.integer(0);
                } else {
                    reply.nullBulk();
                }
            }
            return;
        }
        StringValue v = StringValue.of(value);
        if (expireArg != null) {
            db.put(key, v, expireAt);
        } else if ((flags & ExtendedArgs.KEEPTTL) != 0) {
            db.putKeepTtl(key, v);
        } else {
            db.put(key, v);
        }
        ctx.notify(EventClass.STRING, "set", key);
        if (expireArg != null) {
            // replicas and the AOF get an absolute time, so the key expires at the same moment everywhere
            ctx.propagateAs(StringCommands.SET, key, value, StringCommands.PXAT, Numbers.toBytes(expireAt));
            ctx.notify(EventClass.GENERIC, "expire", key);
        }
        if (!withGet) {
            if (intReply) {
                reply.integer(1);
            } else {
                reply.ok();
            }
        } else if (expireArg == null) {
            propagateWithoutGet(ctx);
        }
    }

    /** SET ... GET is propagated without its GET options (a replica must not reply). */
    private static void propagateWithoutGet(CommandContext ctx) {
        int argc = ctx.argc();
        int kept = 0;
        for (int j = 0; j < argc; j++) {
            if (j < 3 || !CKeyword.is(ctx.arg(j), "GET")) {
                kept++;
            }
        }
        byte[][] argv = new byte[kept][];
        int n = 0;
        for (int j = 0; j < argc; j++) {
            if (j < 3 || !CKeyword.is(ctx.arg(j), "GET")) {
                argv[n++] = ctx.arg(j);
            }
        }
        ctx.propagateAs(argv);
    }

    static void getset(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        byte[] value = ctx.arg(2);
        KvValue old = ctx.db().read(key);
        if (old == null) {
            ctx.reply().nullBulk();
        } else if (old instanceof StringValue s) {
            StringCommands.replyValue(ctx, s);
        } else {
            ctx.reply().wrongType();
            return;
        }
        ctx.db().put(key, StringValue.of(value));
        ctx.notify(EventClass.STRING, "set", key);
        ctx.propagateAs(StringCommands.SET, key, value);
    }

    static void getdel(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        StringValue s = StringCommands.readOrReply(ctx, key);
        if (s == null) {
            return;
        }
        StringCommands.replyValue(ctx, s);
        ctx.db().delete(key);
        ctx.propagateAs(StringCommands.DEL, key);
        ctx.notify(EventClass.GENERIC, "del", key);
    }

    static void getex(CommandContext ctx) {
        int parsed = ExtendedArgs.parse(ctx, 2, false);
        int flags = ExtendedArgs.flags(parsed);
        int expireIdx = ExtendedArgs.expireIndex(parsed);
        byte[] key = ctx.arg(1);
        StringValue s = StringCommands.readOrReply(ctx, key);
        if (s == null) {
            return;
        }
        // validated only once the key is known to exist, as Redis does
        long expireAt = expireIdx == 0 ? 0 : ExtendedArgs.expireAtMillis(ctx, ctx.arg(expireIdx), flags, "getex");
        StringCommands.replyValue(ctx, s);
        Keyspace db = ctx.db();
        if ((flags & (ExtendedArgs.EXAT | ExtendedArgs.PXAT)) != 0 && expireAt <= ctx.now()) {
            // an absolute time already past deletes the key at once
            db.delete(key);
            ctx.propagateAs(StringCommands.DEL, key);
            ctx.notify(EventClass.GENERIC, "del", key);
        } else if (expireIdx != 0) {
            db.setExpireAt(key, expireAt);
            ctx.propagateAs(StringCommands.PEXPIREAT, key, Numbers.toBytes(expireAt));
            ctx.notify(EventClass.GENERIC, "expire", key);
        } else if ((flags & ExtendedArgs.PERSIST) != 0) {
            if (db.persist(key)) {
                ctx.propagateAs(StringCommands.PERSIST, key);
                ctx.notify(EventClass.GENERIC, "persist", key);
            }
        }
    }
}
