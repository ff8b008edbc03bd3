package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

import static io.sockudo.kv.types.core.hashes.HashCommands.fastRead;
import static io.sockudo.kv.types.core.hashes.HashCommands.fastWrite;
import static io.sockudo.kv.types.core.hashes.HashCommands.spec;

/**
 * Hash field expiration (Redis 7.4 / 8.0): HEXPIRE HPEXPIRE HEXPIREAT HPEXPIREAT, HTTL HPTTL
 * HEXPIRETIME HPEXPIRETIME, HPERSIST, HGETDEL, HGETEX, HSETEX. Syntax, reply codes and error
 * texts follow the Redis command reference and Redis's own tests (7.0.15, the oracle, has none
 * of these commands).
 */
final class FieldTtlCommands {
    /** Redis's EB_EXPIRE_TIME_MAX: field expiry times are limited to 2^46 - 1 ms. */
    static final long MAX_EXPIRE = (1L << 46) - 1;
    static final String FIELDS_MISSING = "ERR Mandatory argument FIELDS is missing or not at the right position";
    static final String NUMFIELDS_POSITIVE = "ERR Parameter `numFields` should be greater than 0";
    static final String NUMFIELDS_MISMATCH = "ERR The `numfields` parameter must match the number of arguments";
    static final String NEGATIVE_EXPIRE = "ERR invalid expire time, must be >= 0";

    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GT = 3;
    private static final int LT = 4;

    private FieldTtlCommands() {
    }

    static void register(ModuleRegistry r) {
        setter(r, "hexpire", "Set expiry for hash field using relative time to expire (seconds)", "seconds",
                ctx -> hexpire(ctx, "hexpire", true, 1000));
        setter(r, "hpexpire", "Set expiry for hash field using relative time to expire (milliseconds)", "milliseconds",
                ctx -> hexpire(ctx, "hpexpire", true, 1));
        setter(r, "hexpireat", "Set expiry for hash field using an absolute Unix timestamp (seconds)", "unix-time-seconds",
                ctx -> hexpire(ctx, "hexpireat", false, 1000));
        setter(r, "hpexpireat", "Set expiry for hash field using an absolute Unix timestamp (milliseconds)",
                "unix-time-milliseconds", ctx -> hexpire(ctx, "hpexpireat", false, 1));
        reader(r, "httl", "Returns the TTL in seconds of a hash field.", ctx -> httl(ctx, true, 1000));
        reader(r, "hpttl", "Returns the TTL in milliseconds of a hash field.", ctx -> httl(ctx, true, 1));
        reader(r, "hexpiretime", "Returns the expiration time of a hash field as a Unix timestamp, in seconds.",
                ctx -> httl(ctx, false, 1000));
        reader(r, "hpexpiretime", "Returns the expiration time of a hash field as a Unix timestamp, in msec.",
                ctx -> httl(ctx, false, 1));
        r.command(fastWrite(spec("hpersist", -5, true, "Removes the expiration time for each specified field", "7.4.0",
                "O(N) where N is the number of specified fields", "RW", "UPDATE"), false)
                .args(ArgSpec.key("key", 0), fieldsArg())
                .handler(FieldTtlCommands::hpersist).build());
        r.command(fastWrite(spec("hgetdel", -5, true, "Returns the value of a field and deletes it from the hash.", "8.0.0",
                "O(N) where N is the number of specified fields", "RW", "ACCESS", "DELETE"), false)
                .args(ArgSpec.key("key", 0), fieldsArg())
                .handler(FieldTtlCommands::hgetdel).build());
        r.command(fastWrite(spec("hgetex", -5, true,
                "Get the value of one or more fields of a given hash key, and optionally set their expiration.", "8.0.0",
                "O(N) where N is the number of specified fields", "RW", "ACCESS", "UPDATE"), false)
                .args(ArgSpec.key("key", 0), ArgSpec.oneOf("expiration",
                        ArgSpec.integer("seconds").token("EX"), ArgSpec.integer("milliseconds").token("PX"),
                        ArgSpec.unixTime("unix-time-seconds").token("EXAT"),
                        ArgSpec.unixTime("unix-time-milliseconds").token("PXAT"),
                        ArgSpec.pureToken("persist", "PERSIST")).optional(), fieldsArg())
                .handler(FieldTtlCommands::hgetex).build());
        r.command(fastWrite(spec("hsetex", -6, true,
                "Set the value of one or more fields of a given hash key, and optionally set their expiration.", "8.0.0",
                "O(N) where N is the number of fields being set.", "RW", "UPDATE"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.oneOf("condition", ArgSpec.pureToken("fnx", "FNX"),
                                ArgSpec.pureToken("fxx", "FXX")).optional(),
                        ArgSpec.oneOf("expiration",
                                ArgSpec.integer("seconds").token("EX"), ArgSpec.integer("milliseconds").token("PX"),
                                ArgSpec.unixTime("unix-time-seconds").token("EXAT"),
                                ArgSpec.unixTime("unix-time-milliseconds").token("PXAT"),
                                ArgSpec.pureToken("keepttl", "KEEPTTL")).optional(),
                        ArgSpec.block("fields", ArgSpec.integer("numfields"),
                                ArgSpec.block("data", ArgSpec.string("field"), ArgSpec.string("value")).multiple())
                                .token("FIELDS"))
                .handler(FieldTtlCommands::hsetex).build());
    }

    private static ArgSpec fieldsArg() {
        return ArgSpec.block("fields", ArgSpec.integer("numfields"), ArgSpec.string("field").multiple()).token("FIELDS");
    }

    private static void setter(ModuleRegistry r, String name, String summary, String timeArg, CommandHandler h) {
        r.command(fastWrite(spec(name, -6, true, summary, "7.4.0", "O(N) where N is the number of specified fields",
                "RW", "UPDATE"), false)
                .args(ArgSpec.key("key", 0), ArgSpec.integer(timeArg),
                        ArgSpec.oneOf("condition", ArgSpec.pureToken("nx", "NX"), ArgSpec.pureToken("xx", "XX"),
                                ArgSpec.pureToken("gt", "GT"), ArgSpec.pureToken("lt", "LT")).optional(), fieldsArg())
                .handler(h).build());
    }

    private static void reader(ModuleRegistry r, String name, String summary, CommandHandler h) {
        r.command(fastRead(spec(name, -5, false, summary, "7.4.0", "O(N) where N is the number of specified fields", "RO",
                "ACCESS"))
                .tips("nondeterministic_output")
                .args(ArgSpec.key("key", 0), fieldsArg())
                .handler(h).build());
    }

    /**
     * Checks {@code FIELDS numfields field...} with FIELDS at {@code at}; returns the index of the
     * first field. Throws with the given texts.
     */
    static int fields(CommandContext ctx, int at, String notPositive, String mismatch) {
        int argc = ctx.argc();
        if (at >= argc || !Args.is(ctx.arg(at), "fields")) {
            throw new KvException(FIELDS_MISSING);
        }
        if (at + 1 >= argc) {
            throw new KvException(notPositive);
        }
        byte[] n = ctx.arg(at + 1);
        if (!Args.isLong(n)) {
            throw new KvException(notPositive);
        }
        long count = Args.parseLongUnchecked(n, 0, n.length);
        if (count < 1) {
            throw new KvException(notPositive);
        }
        if (count != argc - at - 2) {
            throw new KvException(mismatch);
        }
        return at + 2;
    }

    /** An absolute expiry in ms from a relative or absolute time in {@code unit} ms; Redis's checks. */
    static long expireAt(CommandContext ctx, byte[] arg, boolean relative, long unit, String cmd) {
        long t = Args.toLong(arg);
        if (t < 0) {
            throw new KvException(NEGATIVE_EXPIRE);
        }
        String overflow = "ERR invalid expire time in '" + cmd + "' command";
        if (t > MAX_EXPIRE / unit) {
            throw new KvException(overflow);
        }
        t *= unit;
        long base = relative ? ctx.now() : 0;
        if (t > MAX_EXPIRE - base) {
            throw new KvException(overflow);
        }
        return t + base;
    }

    // ---- HEXPIRE family ----------------------------------------------------------------------

    static void hexpire(CommandContext ctx, String cmd, boolean relative, long unit) {
        byte[] key = ctx.arg(1);
        HashValue h = HashCommands.write(ctx, key);
        long at = expireAt(ctx, ctx.arg(2), relative, unit, cmd);
        int pos = 3;
        int cond = 0;
        byte[] opt = ctx.arg(3);
        if (Args.is(opt, "nx")) {
            cond = NX;
        } else if (Args.is(opt, "xx")) {
            cond = XX;
        } else if (Args.is(opt, "gt")) {
            cond = GT;
        } else if (Args.is(opt, "lt")) {
            cond = LT;
        }
        if (cond != 0) {
            pos++;
        }
        int first = fields(ctx, pos, NUMFIELDS_POSITIVE, NUMFIELDS_MISMATCH);
        int argc = ctx.argc();
        ReplyWriter out = ctx.reply();
        out.array(argc - first);
        if (h == null) {
            for (int i = first; i < argc; i++) {
                out.integer(-2);
            }
            return;
        }
        boolean past = at <= ctx.now();
        int updated = 0;
        int deleted = 0;
        for (int i = first; i < argc; i++) {
            int e = h.find(ctx.arg(i));
            if (e < 0) {
                out.integer(-2);
                continue;
            }
            long prev = h.ttlAt(e);
            boolean ok = switch (cond) {
                case NX -> prev == Entries.NO_TTL;
                case XX -> prev != Entries.NO_TTL;
                case GT -> prev != Entries.NO_TTL && at > prev;
                case LT -> prev == Entries.NO_TTL || at < prev;
                default -> true;
            };
            if (!ok) {
                out.integer(0);
            } else if (past) {
                h.removeAt(e);
                deleted++;
                out.integer(2);
            } else {
                h.setTtlAt(e, at);
                updated++;
                out.integer(1);
            }
        }
        if (updated > 0) {
            ctx.notify(EventClass.HASH, "hexpire", key);
        }
        if (deleted > 0) {
            ctx.notify(EventClass.HASH, "hexpired", key);
        }
        if (updated + deleted > 0) {
            HashCommands.afterRemoval(ctx, key, h);
        }
        // Replicas and the AOF get the absolute time, as Redis propagates HPEXPIREAT.
        // The NX/XX/GT/LT condition goes along: the replica holds the same TTLs, so it decides alike.
        int c = cond != 0 ? 1 : 0;
        byte[][] prop = new byte[argc - first + 5 + c][];
        prop[0] = HPEXPIREAT;
        prop[1] = key;
        prop[2] = Args.bytes(at);
        if (c == 1) {
            prop[3] = ctx.arg(3);
        }
        prop[3 + c] = FIELDS;
        prop[4 + c] = Args.bytes(argc - first);
        for (int i = first; i < argc; i++) {
            prop[i - first + 5 + c] = ctx.arg(i);
        }
        ctx.propagateAs(prop);
    }

    private static final byte[] HPEXPIREAT = Args.bytes("HPEXPIREAT");
    private static final byte[] FIELDS = Args.bytes("FIELDS");

    // ---- HTTL family -------------------------------------------------------------------------

    static void httl(CommandContext ctx, boolean relative, long unit) {
        HashValue h = HashCommands.read(ctx, ctx.arg(1));
        int first = fields(ctx, 2, NUMFIELDS_POSITIVE, NUMFIELDS_MISMATCH);
        int argc = ctx.argc();
        ReplyWriter out = ctx.reply();
        out.array(argc - first);
        long now = ctx.now();
        for (int i = first; i < argc; i++) {
            int e = h == null ? -1 : h.find(ctx.arg(i));
            if (e < 0) {
                out.integer(-2);
                continue;
            }
            long t = h.ttlAt(e);
            if (t == Entries.NO_TTL) {
                out.integer(-1);
                continue;
            }
            long base = relative ? now : 0;
            out.integer(unit == 1000 ? (t + 999 - base) / 1000 : t - base);
        }
    }

    static void hpersist(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        HashValue h = HashCommands.write(ctx, key);
        int first = fields(ctx, 2, NUMFIELDS_POSITIVE, NUMFIELDS_MISMATCH);
        int argc = ctx.argc();
        ReplyWriter out = ctx.reply();
        out.array(argc - first);
        int changed = 0;
        for (int i = first; i < argc; i++) {
            int e = h == null ? -1 : h.find(ctx.arg(i));
            if (e < 0) {
                out.integer(-2);
            } else if (h.ttlAt(e) == Entries.NO_TTL) {
                out.integer(-1);
            } else {
                h.setTtlAt(e, Entries.NO_TTL);
                changed++;
                out.integer(1);
            }
        }
        if (changed > 0) {
            ctx.notify(EventClass.HASH, "hpersist", key);
            ctx.db().modified(key);
        }
    }

    // ---- HGETDEL / HGETEX / HSETEX -----------------------------------------------------------

    static void hgetdel(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        int first = fields(ctx, 2, "ERR Number of fields must be a positive integer", NUMFIELDS_MISMATCH);
        HashValue h = HashCommands.write(ctx, key);
        int argc = ctx.argc();
        ReplyWriter out = ctx.reply();
        out.array(argc - first);
        int deleted = 0;
        for (int i = first; i < argc; i++) {
            int e = h == null ? -1 : h.find(ctx.arg(i));
            if (e < 0) {
                out.nullBulk();
                continue;
            }
            HashCommands.replyValue(ctx, h, e);
            h.removeAt(e);
            deleted++;
        }
        if (deleted > 0) {
            ctx.notify(EventClass.HASH, "hdel", key);
            HashCommands.afterRemoval(ctx, key, h);
        }
    }

    static void hgetex(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        HashValue h = HashCommands.write(ctx, key);
        int argc = ctx.argc();
        int i = 2;
        boolean persist = false;
        boolean hasExpiry = false;
        long at = 0;
        while (i < argc && !Args.is(ctx.arg(i), "fields")) {
            byte[] a = ctx.arg(i);
            boolean ex = Args.is(a, "ex");
            boolean px = Args.is(a, "px");
            boolean exat = Args.is(a, "exat");
            boolean pxat = Args.is(a, "pxat");
            boolean ps = Args.is(a, "persist");
            if (!(ex || px || exat || pxat || ps)) {
                throw new KvException(FIELDS_MISSING);
            }
            if (hasExpiry || persist) {
                throw new KvException("ERR Only one of EX, PX, EXAT, PXAT or PERSIST arguments can be specified");
            }
            if (ps) {
                persist = true;
                i++;
                continue;
            }
            if (i + 1 >= argc) {
                throw new KvException(FIELDS_MISSING);
            }
            at = expireAt(ctx, ctx.arg(i + 1), ex || px, ex || exat ? 1000 : 1, "hgetex");
            hasExpiry = true;
            i += 2;
        }
        int first = fields(ctx, i, "ERR Number of fields must be a positive integer", NUMFIELDS_MISMATCH);
        ReplyWriter out = ctx.reply();
        out.array(argc - first);
        boolean past = hasExpiry && at <= ctx.now();
        int changed = 0;
        int deleted = 0;
        for (int f = first; f < argc; f++) {
            int e = h == null ? -1 : h.find(ctx.arg(f));
            if (e < 0) {
                out.nullBulk();
                continue;
            }
            HashCommands.replyValue(ctx, h, e);
            if (past) {
                h.removeAt(e);
                deleted++;
            } else if (hasExpiry) {
                h.setTtlAt(e, at);
                changed++;
            } else if (persist && h.ttlAt(e) != Entries.NO_TTL) {
                h.setTtlAt(e, Entries.NO_TTL);
                changed++;
            }
        }
        if (changed > 0) {
            ctx.notify(EventClass.HASH, persist ? "hpersist" : "hexpire", key);
        }
        if (deleted > 0) {
            ctx.notify(EventClass.HASH, "hexpired", key);
        }
        if (changed + deleted > 0) {
            HashCommands.afterRemoval(ctx, key, h);
        }
        if (hasExpiry) {
            // relative times go to replicas as an absolute PXAT
            propagateWithPxat(ctx, first, at, 2, first - 2);
        }
    }

    /**
     * Propagates the command with its options replaced by {@code PXAT at} (plus the FNX/FXX
     * condition when {@code cond} names one): {@code argv[0..1] [cond] PXAT at argv[first-2..]}.
     */
    private static void propagateWithPxat(CommandContext ctx, int first, long at, int optFrom, int optTo) {
        int argc = ctx.argc();
        byte[] condArg = null;
        for (int i = optFrom; i < optTo; i++) {
            if (Args.is(ctx.arg(i), "fnx") || Args.is(ctx.arg(i), "fxx")) {
                condArg = ctx.arg(i);
            }
        }
        int tail = argc - (first - 2);
        byte[][] prop = new byte[2 + (condArg != null ? 1 : 0) + 2 + tail][];
        int n = 0;
        prop[n++] = ctx.arg(0);
        prop[n++] = ctx.arg(1);
        if (condArg != null) {
            prop[n++] = condArg;
        }
        prop[n++] = PXAT;
        prop[n++] = Args.bytes(at);
        for (int i = first - 2; i < argc; i++) {
            prop[n++] = ctx.arg(i);
        }
        ctx.propagateAs(prop);
    }

    private static final byte[] PXAT = Args.bytes("PXAT");

    static void hsetex(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        int argc = ctx.argc();
        int i = 2;
        int cond = 0;
        boolean keepTtl = false;
        boolean hasExpiry = false;
        long at = Entries.NO_TTL;
        int first = -1;
        String onlyOneExpiry = "ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified";
        while (i < argc) {
            byte[] a = ctx.arg(i);
            if (Args.is(a, "fields")) {
                if (i + 1 >= argc) {
                    throw new KvException("ERR wrong number of arguments for 'hsetex' command");
                }
                byte[] n = ctx.arg(i + 1);
                long count = Args.isLong(n) ? Args.parseLongUnchecked(n, 0, n.length) : -1;
                if (count < 1) {
                    throw new KvException("ERR invalid number of fields");
                }
                if (count > (argc - i - 2) / 2 || count * 2 != argc - i - 2) {
                    throw new KvException("ERR wrong number of arguments for 'hsetex' command");
                }
                first = i + 2;
                break;
            } else if (Args.is(a, "fnx") || Args.is(a, "fxx")) {
                if (cond != 0) {
                    throw new KvException("ERR Only one of FXX or FNX arguments can be specified");
                }
                cond = Args.is(a, "fnx") ? NX : XX;
                i++;
            } else if (Args.is(a, "keepttl")) {
                if (keepTtl || hasExpiry) {
                    throw new KvException(onlyOneExpiry);
                }
                keepTtl = true;
                i++;
            } else if (Args.is(a, "ex") || Args.is(a, "px") || Args.is(a, "exat") || Args.is(a, "pxat")) {
                if (keepTtl || hasExpiry) {
                    throw new KvException(onlyOneExpiry);
                }
                if (i + 1 >= argc) {
                    throw new KvException(KvException.NOT_INTEGER);
                }
                boolean rel = Args.is(a, "ex") || Args.is(a, "px");
                long unit = Args.is(a, "ex") || Args.is(a, "exat") ? 1000 : 1;
                at = expireAt(ctx, ctx.arg(i + 1), rel, unit, "hsetex");
                hasExpiry = true;
                i += 2;
            } else {
                throw new KvException("ERR unknown argument");
            }
        }
        if (first < 0) {
            throw new KvException("ERR wrong number of arguments for 'hsetex' command");
        }
        HashValue h = HashCommands.write(ctx, key);
        if (cond != 0) {
            for (int f = first; f < argc; f += 2) {
                boolean exists = h != null && h.find(ctx.arg(f)) >= 0;
                if (cond == NX ? exists : !exists) {
                    ctx.reply().integer(0);
                    return;
                }
            }
        }
        boolean created = h == null;
        if (created) {
            h = HashCommands.create(ctx, key);
        }
        long maxEntries = HashCommands.maxEntries(ctx);
        long maxValue = HashCommands.maxValue(ctx);
        boolean past = hasExpiry && at <= ctx.now();
        for (int f = first; f < argc; f += 2) {
            byte[] field = ctx.arg(f);
            byte[] v = ctx.arg(f + 1);
            long ttl = Entries.NO_TTL;
            if (keepTtl) {
                int e = h.find(field);
                ttl = e < 0 ? Entries.NO_TTL : h.ttlAt(e);
            } else if (hasExpiry && !past) {
                ttl = at;
            }
            h.set(field, v, 0, v.length, ttl, maxEntries, maxValue);
        }
        ctx.notify(EventClass.HASH, "hset", key);
        if (past) {
            for (int f = first; f < argc; f += 2) {
                h.delete(ctx.arg(f));
            }
            ctx.notify(EventClass.HASH, "hexpired", key);
            HashCommands.afterRemoval(ctx, key, h);
        } else {
            if (hasExpiry) {
                ctx.notify(EventClass.HASH, "hexpire", key);
            }
            if (!created) {
                ctx.db().modified(key);
            }
        }
        ctx.reply().integer(1);
        if (hasExpiry) {
            propagateWithPxat(ctx, first, at, 2, first - 2);
        }
    }
}
