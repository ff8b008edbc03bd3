package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.DumpPayload;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ServerConfigView;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE as Redis 7.0's {@code migrateCommand} (cluster.c): the keys found are serialized as DUMP
 * payloads and sent as RESTORE (RESTORE-ASKING in cluster mode) to the target, after AUTH and a
 * SELECT when the cached connection has another database selected; each key the target
 * acknowledges is deleted here unless COPY (and the command propagates as the DEL of those keys).
 * Like Redis, the I/O is synchronous: the command holds its keys' locks (and its event loop) until
 * the target answered or the timeout passed, so the keys move atomically. A socket error before
 * the first reply is retried once on a fresh connection (a cached one the target closed); errors
 * and replies use Redis's texts (NOKEY, IOERR, "Target instance replied with error: ...").
 */
final class MigrateCommand {
    private static final String KEYS_NEED_EMPTY_KEY =
            "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";
    private static final byte[] DEL = MigrateSockets.ascii("DEL");

    private final CodecRegistry codecs;
    private final ServerConfigView config;
    private final MigrateSockets sockets;

    MigrateCommand(CodecRegistry codecs, ServerConfigView config, MigrateSockets sockets) {
        this.codecs = codecs;
        this.config = config;
        this.sockets = sockets;
    }

    /** The key positions: argument 3, or everything after KEYS (Redis's migrateGetKeys). */
    static int[] keys(byte[][] argv, int argc) {
        if (argc > 6) {
            for (int i = 6; i < argc; i++) {
                if (Args.is(argv[i], "auth")) {
                    i++;
                } else if (Args.is(argv[i], "auth2")) {
                    i += 2;
                } else if (Args.is(argv[i], "keys")) {
                    if (argv[3].length > 0) {
                        return new int[0];
                    }
                    int[] out = new int[argc - i - 1];
                    for (int k = 0; k < out.length; k++) {
                        out[k] = i + 1 + k;
                    }
                    return out;
                }
            }
        }
        return new int[] {3};
    }

    void migrate(CommandContext ctx) {
        int argc = ctx.argc();
        boolean copy = false;
        boolean replace = false;
        byte[] username = null;
        byte[] password = null;
        int firstKey = 3;
        int numKeys = 1;
        for (int j = 6; j < argc; j++) {
            int moreArgs = argc - 1 - j;
            byte[] opt = ctx.arg(j);
            if (Args.is(opt, "copy")) {
                copy = true;
            } else if (Args.is(opt, "replace")) {
                replace = true;
            } else if (Args.is(opt, "auth")) {
                if (moreArgs == 0) {
                    throw new KvException(KvException.SYNTAX);
                }
                password = ctx.arg(++j);
            } else if (Args.is(opt, "auth2")) {
                if (moreArgs < 2) {
                    throw new KvException(KvException.SYNTAX);
                }
                username = ctx.arg(++j);
                password = ctx.arg(++j);
            } else if (Args.is(opt, "keys")) {
                if (ctx.arg(3).length != 0) {
                    throw new KvException(KEYS_NEED_EMPTY_KEY);
                }
                firstKey = j + 1;
                numKeys = argc - j - 1;
                break;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        long timeout = Args.toLong(ctx.arg(5));
        long dbid = Args.toLong(ctx.arg(4));
        if (timeout <= 0) {
            timeout = 1000;
        }
        // the keys that exist (a read lookup each, as Redis's); none: NOKEY, not an error, since a
        // key that expired meanwhile is a normal condition for the caller
        Keyspace db = ctx.db();
        List<byte[]> keys = new ArrayList<>(numKeys);
        List<KvValue> values = new ArrayList<>(numKeys);
        for (int j = 0; j < numKeys; j++) {
            byte[] k = ctx.arg(firstKey + j);
            KvValue v = db.read(k);
            if (v != null) {
                keys.add(k);
                values.add(v);
            }
        }
        if (keys.isEmpty()) {
            ctx.reply().simple("NOKEY");
            return;
        }
        String host = new String(ctx.arg(1), StandardCharsets.UTF_8);
        String port = new String(ctx.arg(2), StandardCharsets.UTF_8);
        boolean mayRetry = true;
        while (true) {
            MigrateSockets.Target target;
            Attempt a;
            Outcome o;
            try {
                target = sockets.take(host, port, timeout);
                a = new Attempt(ctx, target, keys, values, dbid, timeout, copy, replace, username, password);
                o = a.run();
            } catch (MigrateSockets.BadAddress e) {
                ctx.reply().error("IOERR error or timeout connecting to the client");
                return;
            } catch (IOException e) {
                // refused or timed out: redis-server 7.0 sees this as a failed first write
                if (!(e instanceof SocketTimeoutException) && mayRetry) {
                    mayRetry = false;
                    continue;
                }
                ctx.reply().error("IOERR error or timeout writing to target instance");
                return;
            }
            if (o == Outcome.DONE) {
                sockets.release(target);
                return;
            }
            target.close();
            if (o == Outcome.CLOSED) {
                return;
            }
            if (o == Outcome.RETRY && mayRetry) {
                mayRetry = false;
                continue;
            }
            ctx.reply().error("IOERR error or timeout " + (a.writeError ? "writing" : "reading")
                    + " to target instance");
            return;
        }
    }

    private enum Outcome {
        /** Replied (OK or the target's error); the connection goes back to the cache. */
        DONE,
        /** The target's error was replied, then the connection failed: it is closed, not reused. */
        CLOSED,
        /** A socket error before anything was acknowledged, not a timeout: may try again once. */
        RETRY,
        /** A socket error that allows no retry: IOERR. */
        FAILED
    }

    /** One try over one connection (Redis's code between try_again and socket_err). */
    private final class Attempt {
        private final CommandContext ctx;
        private final MigrateSockets.Target target;
        private final List<byte[]> keys;
        private final List<KvValue> values;
        private final long dbid;
        private final long timeout;
        private final boolean copy;
        private final boolean replace;
        private final byte[] username;
        private final byte[] password;
        boolean writeError;

        Attempt(CommandContext ctx, MigrateSockets.Target target, List<byte[]> keys, List<KvValue> values, long dbid,
                long timeout, boolean copy, boolean replace, byte[] username, byte[] password) {
            this.ctx = ctx;
            this.target = target;
            this.keys = keys;
            this.values = values;
            this.dbid = dbid;
            this.timeout = timeout;
            this.copy = copy;
            this.replace = replace;
            this.username = username;
            this.password = password;
        }

        Outcome run() {
            ByteArrayOutputStream cmd = new ByteArrayOutputStream();
            if (password != null) {
                header(cmd, username != null ? 3 : 2);
                bulk(cmd, MigrateSockets.ascii("AUTH"));
                if (username != null) {
                    bulk(cmd, username);
                }
                bulk(cmd, password);
            }
            boolean select = target.lastDb != dbid;
            if (select) {
                header(cmd, 2);
                bulk(cmd, MigrateSockets.ascii("SELECT"));
                bulk(cmd, Args.bytes(dbid));
            }
            byte[] restore = MigrateSockets.ascii(config.getBoolean("cluster-enabled") ? "RESTORE-ASKING" : "RESTORE");
            boolean compress = config.getBoolean("rdbcompression");
            List<byte[]> sent = new ArrayList<>(keys.size());
            long now = ctx.now();
            for (int j = 0; j < keys.size(); j++) {
                byte[] key = keys.get(j);
                long ttl = 0;
                long expireAt = ctx.db().expireAt(key);
                if (expireAt >= 0) {
                    ttl = expireAt - now;
                    if (ttl < 0) {
                        continue; // expired since it was looked up
                    }
                    if (ttl < 1) {
                        ttl = 1;
                    }
                }
                sent.add(key);
                header(cmd, replace ? 5 : 4);
                bulk(cmd, restore);
                bulk(cmd, key);
                bulk(cmd, Args.bytes(ttl));
                bulk(cmd, DumpPayload.create(values.get(j), codecs, compress));
                if (replace) {
                    bulk(cmd, MigrateSockets.ascii("REPLACE"));
                }
            }
            try {
                target.write(cmd.toByteArray(), timeout);
            } catch (IOException e) {
                writeError = true;
                return e instanceof SocketTimeoutException ? Outcome.FAILED : Outcome.RETRY;
            }
            String authReply = null;
            String selectReply = null;
            try {
                if (password != null) {
                    authReply = target.readLine(timeout);
                }
                if (select) {
                    selectReply = target.readLine(timeout);
                }
            } catch (IOException e) {
                return e instanceof SocketTimeoutException ? Outcome.FAILED : Outcome.RETRY;
            }
            boolean errorFromTarget = false;
            List<byte[]> deleted = new ArrayList<>();
            int j = 0;
            IOException socketError = null;
            for (; j < sent.size(); j++) {
                String reply;
                try {
                    reply = target.readLine(timeout);
                } catch (IOException e) {
                    socketError = e;
                    break;
                }
                String error = authReply != null && authReply.startsWith("-") ? authReply
                        : selectReply != null && selectReply.startsWith("-") ? selectReply
                        : reply.startsWith("-") ? reply : null;
                if (error != null) {
                    if (!errorFromTarget) {
                        target.lastDb = -1; // on error the selected database is no longer known
                        errorFromTarget = true;
                        ctx.reply().error("ERR Target instance replied with error: " + error.substring(1));
                    }
                } else if (!copy) {
                    byte[] key = sent.get(j);
                    ctx.db().delete(key);
                    ctx.notify(EventClass.GENERIC, "del", key);
                    deleted.add(key);
                }
            }
            if (!deleted.isEmpty()) {
                // propagated as the DEL of the keys the target acknowledged
                byte[][] del = new byte[deleted.size() + 1][];
                del[0] = DEL;
                for (int k = 0; k < deleted.size(); k++) {
                    del[k + 1] = deleted.get(k);
                }
                ctx.propagateAs(del);
            }
            if (socketError != null && !errorFromTarget) {
                if (j == 0 && !(socketError instanceof SocketTimeoutException) && deleted.isEmpty()) {
                    return Outcome.RETRY;
                }
                return Outcome.FAILED;
            }
            if (socketError != null) {
                return Outcome.CLOSED; // the target's error was replied already
            }
            if (!errorFromTarget) {
                target.lastDb = dbid;
                ctx.reply().ok();
            }
            return Outcome.DONE;
        }
    }

    private static void header(ByteArrayOutputStream out, int n) {
        out.write('*');
        out.writeBytes(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    private static void bulk(ByteArrayOutputStream out, byte[] b) {
        out.write('$');
        out.writeBytes(Long.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
        out.writeBytes(b);
        out.write('\r');
        out.write('\n');
    }
}
