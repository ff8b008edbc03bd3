package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.keyspace.LruClock;
import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.DumpPayload;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ServerConfigView;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * DUMP and RESTORE as Redis 7.0's {@code cluster.c} implements them. DUMP serializes a value with
 * its type's codec ({@link DumpPayload}: the RDB value, the RDB version, CRC64), honouring
 * {@code rdbcompression}; RESTORE checks its options, the target key, the TTL and the payload's
 * footer in Redis's order and with its error texts, builds the value (every codec validates what
 * it reads, so a corrupt payload is "Bad data format", never a half-built value), and propagates a
 * relative TTL as an absolute one with ABSTTL appended, or a restore whose TTL already passed as
 * the DEL of the key it replaced.
 */
final class DumpRestoreCommands {
    static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    static final String BAD_TTL = "ERR Invalid TTL value, must be >= 0";
    static final String BAD_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
    static final String BAD_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
    static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
    static final String BAD_FORMAT = "ERR Bad data format";

    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);

    private final CodecRegistry codecs;
    private final ServerConfigView config;
    private final LruClock lruClock;

    DumpRestoreCommands(CodecRegistry codecs, ServerConfigView config, LruClock lruClock) {
        this.codecs = codecs;
        this.config = config;
        this.lruClock = lruClock;
    }

    void dump(CommandContext ctx) {
        KvValue v = ctx.db().read(ctx.arg(1));
        if (v == null) {
            ctx.reply().nullBulk();
            return;
        }
        ctx.reply().bulk(DumpPayload.create(v, codecs, config.getBoolean("rdbcompression")));
    }

    void restore(CommandContext ctx) {
        int argc = ctx.argc();
        boolean replace = false;
        boolean absTtl = false;
        long lruIdle = -1;
        long lfuFreq = -1;
        for (int j = 4; j < argc; j++) {
            byte[] opt = ctx.arg(j);
            int additional = argc - j - 1;
            if (Args.is(opt, "replace")) {
                replace = true;
            } else if (Args.is(opt, "absttl")) {
                absTtl = true;
            } else if (Args.is(opt, "idletime") && additional >= 1 && lfuFreq == -1) {
                lruIdle = Args.toLong(ctx.arg(++j));
                if (lruIdle < 0) {
                    throw new KvException(BAD_IDLETIME);
                }
            } else if (Args.is(opt, "freq") && additional >= 1 && lruIdle == -1) {
                lfuFreq = Args.toLong(ctx.arg(++j));
                if (lfuFreq < 0 || lfuFreq > 255) {
                    throw new KvException(BAD_FREQ);
                }
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        Database db = (Database) ctx.db();
        byte[] key = ctx.arg(1);
        // a write lookup, as Redis's: an expired key is gone and does not count as taken
        if (!replace && db.existsForWrite(key)) {
            throw new KvException(BUSYKEY);
        }
        long ttl = Args.toLong(ctx.arg(2));
        if (ttl < 0) {
            throw new KvException(BAD_TTL);
        }
        KvValue value;
        try {
            value = DumpPayload.parse(ctx.arg(3), codecs, config, !"no".equalsIgnoreCase(
                    config.get("sanitize-dump-payload")), false);
        } catch (DumpPayload.Refused e) {
            throw new KvException(e.problem() == DumpPayload.Problem.VERSION_OR_CHECKSUM ? BAD_PAYLOAD : BAD_FORMAT);
        }
        boolean deleted = replace && db.delete(key);
        long now = ctx.now();
        if (ttl != 0 && !absTtl) {
            ttl += now;
        }
        if (ttl != 0 && ttl <= now) {
            // already expired: nothing is created; a replaced key is simply gone
            if (deleted) {
                ctx.propagateAs(DEL, key);
                ctx.notify(EventClass.GENERIC, "del", key);
            }
            ctx.reply().ok();
            return;
        }
        db.put(key, value, ttl != 0 ? ttl : -1);
        if (ttl != 0 && !absTtl) {
            ctx.propagateAs(absolute(ctx, ttl));
        }
        int access = lruClock.accessFor(lruIdle, (int) lfuFreq);
        if (access >= 0) {
            db.setAccess(key, access);
        }
        ctx.notify(EventClass.GENERIC, "restore", key);
        ctx.reply().ok();
    }

    /** The command as received with the TTL made absolute and ABSTTL appended (Redis's rewrite). */
    private static byte[][] absolute(CommandContext ctx, long expireAt) {
        byte[][] argv = Arrays.copyOf(ctx.argv(), ctx.argc() + 1);
        argv[2] = Args.bytes(expireAt);
        argv[argv.length - 1] = ABSTTL;
        return argv;
    }
}
