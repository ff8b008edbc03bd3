package io.sockudo.kv.kernel.commands.server;

import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.keyspace.ActiveExpireControl;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.persistence.rdb.Digests;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * DEBUG: the subcommands tests and tools rely on (DIGEST, DIGEST-VALUE, SLEEP, SET-ACTIVE-EXPIRE,
 * PROTOCOL, HELP). Like Redis,
 * DEBUG parses its own subcommands (it is not a container) and is always allowed.
 */
final class DebugCommands {
    private static final String[] HELP = {
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
    };

    private DebugCommands() {
    }

    static CommandSpec spec(ActiveExpireControl activeExpire, Keyspaces keyspaces, ServerCommands.Reload reload) {
        return CommandSpec.builder("debug").arity(-2)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                        CommandFlag.PROTECTED)
                .acl("admin", "slow", "dangerous").group("server").docFlags("syscmd")
                .summary("A container for debugging commands").since("1.0.0").complexity("Depends on subcommand.")
                .handler(ctx -> debug(activeExpire, keyspaces, reload, ctx)).build();
    }

    static void debug(ActiveExpireControl activeExpire, Keyspaces keyspaces, ServerCommands.Reload reload, CommandContext ctx) {
        byte[] sub = ctx.arg(1);
        if (ctx.argc() == 2 && Args.is(sub, "help")) {
            Help.reply(ctx, HELP);
        } else if (Args.is(sub, "reload")) {
            boolean save = true;
            boolean flush = true;
            boolean merge = false;
            for (int i = 2; i < ctx.argc(); i++) {
                byte[] opt = ctx.arg(i);
                if (Args.is(opt, "nosave")) {
                    save = false;
                } else if (Args.is(opt, "noflush")) {
                    flush = false;
                } else if (Args.is(opt, "merge")) {
                    merge = true;
                } else {
                    throw new KvException("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                }
            }
            String error = reload.reload(save, flush, merge);
            if (error != null) {
                throw new KvException("ERR " + error);
            }
            ctx.reply().ok();
        } else if (ctx.argc() == 2 && Args.is(sub, "digest")) {
            digest(keyspaces, ctx);
        } else if (Args.is(sub, "digest-value")) {
            digestValue(ctx);
        } else if (ctx.argc() == 3 && Args.is(sub, "sleep")) {
            // Like Redis, this stalls the connection's event loop: that is what the tests use it for.
            long micros = (long) (strtod(Args.str(ctx.arg(2))) * 1_000_000);
            if (micros > 0) {
                long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
                for (long left = micros * 1000; left > 0; left = deadline - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
            ctx.reply().ok();
        } else if (ctx.argc() == 3 && Args.is(sub, "protocol")) {
            protocol(ctx);
        } else if (ctx.argc() == 3 && Args.is(sub, "set-active-expire")) {
            activeExpire.enabled(atoi(Args.str(ctx.arg(2))) != 0);
            ctx.reply().ok();
        } else {
            throw new KvException(Help.subcommandSyntaxError(ctx));
        }
    }

    /** DEBUG DIGEST: the dataset's digest as Redis's computeDatasetDigest, under every shard lock. */
    private static void digest(Keyspaces keyspaces, CommandContext ctx) {
        ((ExecutionContext) ctx).lockKeyspace();
        Database[] dbs = new Database[keyspaces.count()];
        for (int i = 0; i < dbs.length; i++) {
            dbs[i] = keyspaces.db(i);
        }
        ctx.reply().simple(new Digests().dataset(dbs));
    }

    /** DEBUG DIGEST-VALUE key...: each value's digest (40 zeros for a missing key), logically expired keys included. */
    private static void digestValue(CommandContext ctx) {
        int n = ctx.argc() - 2;
        byte[][] keys = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = ctx.arg(i + 2);
        }
        if (n > 0) {
            ctx.lockKeys(keys);
        }
        Database db = (Database) ctx.db();
        Digests d = new Digests();
        ctx.reply().array(n);
        for (byte[] key : keys) {
            KvValue v = db.rawValue(key);
            ctx.reply().simple(d.value(v, v != null && db.rawExpireAt(key) >= 0));
        }
    }

    /**
     * DEBUG PROTOCOL type: one sample reply of each RESP type, as Redis sends them (client
     * libraries test their RESP3 parsers with it).
     */
    private static void protocol(CommandContext ctx) {
        ReplyWriter r = ctx.reply();
        byte[] name = ctx.arg(2);
        if (Args.is(name, "string")) {
            r.bulk("Hello World");
        } else if (Args.is(name, "integer")) {
            r.integer(12345);
        } else if (Args.is(name, "double")) {
            r.doubleValue(3.141);
        } else if (Args.is(name, "bignum")) {
            r.bigNumber("1234567999999999999999999999999999999");
        } else if (Args.is(name, "null")) {
            r.nullBulk();
        } else if (Args.is(name, "array")) {
            r.array(3);
            for (int j = 0; j < 3; j++) {
                r.integer(j);
            }
        } else if (Args.is(name, "set")) {
            r.set(3);
            for (int j = 0; j < 3; j++) {
                r.integer(j);
            }
        } else if (Args.is(name, "map")) {
            r.map(3);
            for (int j = 0; j < 3; j++) {
                r.integer(j);
                r.bool(j == 1);
            }
        } else if (Args.is(name, "attrib")) {
            if (r.protocol() >= 3 && r instanceof io.sockudo.kv.kernel.resp.RespWriter w) {
                w.attribute(1);
                r.bulk("key-popularity");
                r.array(2);
                r.bulk("key:123");
                r.integer(90);
            }
            r.bulk("Some real reply following the attribute");
        } else if (Args.is(name, "push")) {
            if (r.protocol() < 3) {
                r.error("ERR RESP2 is not supported by this command");
                return;
            }
            r.push(2);
            r.bulk("server-cpu-usage");
            r.integer(42);
            r.bulk("Some real reply following the push reply");
        } else if (Args.is(name, "true")) {
            r.bool(true);
        } else if (Args.is(name, "false")) {
            r.bool(false);
        } else if (Args.is(name, "verbatim")) {
            r.verbatim("txt", "This is a verbatim\nstring".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } else {
            r.error("ERR Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    /** C's {@code strtod} without an end pointer: the longest numeric prefix, 0 when there is none. */
    static double strtod(String s) {
        String t = s.stripLeading();
        if (t.length() > 64) {
            t = t.substring(0, 64); // no number is longer; keeps the prefix search cheap
        }
        int end = 0;
        for (int i = 1; i <= t.length(); i++) {
            try {
                Double.parseDouble(t.substring(0, i));
                end = i;
            } catch (NumberFormatException e) {
                // keep looking: "1e" is not a number but "1e3" is
            }
        }
        if (end == 0) {
            return 0;
        }
        String prefix = t.substring(0, end);
        // Java accepts trailing type suffixes ("1d", "2f") that C does not
        char last = prefix.charAt(prefix.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix.isEmpty() ? 0 : Double.parseDouble(prefix);
    }

    /** C's {@code atoi}: optional spaces and sign, then digits up to the first non-digit. */
    static long atoi(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return neg ? -v : v;
    }
}
