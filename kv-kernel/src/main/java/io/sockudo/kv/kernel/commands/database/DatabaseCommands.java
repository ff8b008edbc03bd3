package io.sockudo.kv.kernel.commands.database;

import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.kernel.propagation.PropagatedCommand;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.stats.ServerStats;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.util.IntArg;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;

import java.util.List;

/**
 * Database commands: DBSIZE FLUSHDB FLUSHALL SWAPDB MOVE. The keyless ones take every shard lock
 * (the dispatcher does that for keyless READONLY/WRITE commands); MOVE locks its key's shard,
 * which guards that shard in every database.
 */
public final class DatabaseCommands {
    static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";
    static final String SAME_OBJECT = "ERR source and destination objects are the same";

    private final Keyspaces keyspaces;
    private final ServerConfigView config;
    private final Notifier notifier;
    private final ServerStats stats;

    private DatabaseCommands(Keyspaces keyspaces, ServerConfigView config, Notifier notifier, ServerStats stats) {
        this.keyspaces = keyspaces;
        this.config = config;
        this.notifier = notifier;
        this.stats = stats;
    }

    /** FLUSHDB and FLUSHALL share flags, ACL categories, tips, history and the ASYNC|SYNC argument. */
    private static CommandSpec.Builder flushSpec(String name, String summary, String complexity) {
        return CommandSpec.builder(name).arity(-1).flags(CommandFlag.WRITE)
                .acl("keyspace", "write", "slow", "dangerous").group("server")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .summary(summary).since("1.0.0").complexity(complexity)
                .history("4.0.0", "Added the `ASYNC` flushing mode modifier.")
                .history("6.2.0", "Added the `SYNC` flushing mode modifier.")
                .args(
                    ArgSpec.oneOf("async",
                        ArgSpec.pureToken("async", "ASYNC").since("4.0.0"),
                        ArgSpec.pureToken("sync", "SYNC").since("6.2.0")).optional());
    }

    public static void register(Keyspaces keyspaces, ServerConfigView config, Notifier notifier, ServerStats stats,
                                Runnable afterFlushAll, List<CommandSpec> out) {
        DatabaseCommands c = new DatabaseCommands(keyspaces, config, notifier, stats);
        c.afterFlushAll = afterFlushAll;
        out.add(CommandSpec.builder("dbsize").arity(1).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl("keyspace", "read", "fast").group("server")
                .tips("request_policy:all_shards", "response_policy:agg_sum")
                .summary("Return the number of keys in the selected database").since("1.0.0").complexity("O(1)")
                .handler(ctx -> ctx.reply().integer(ctx.db().size())).build());
        out.add(flushSpec("flushdb", "Remove all keys from the current database",
                "O(N) where N is the number of keys in the selected database").handler(c::flushDb).build());
        out.add(flushSpec("flushall", "Remove all keys from all databases",
                "O(N) where N is the total number of keys in all databases").handler(c::flushAll).build());
        out.add(CommandSpec.builder("swapdb").arity(3).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl("keyspace", "write", "fast", "dangerous").group("server")
                .summary("Swaps two Redis databases").since("4.0.0")
                .complexity("O(N) where N is the count of clients watching or blocking on keys from both databases.")
                .args(ArgSpec.integer("index1"), ArgSpec.integer("index2"))
                .handler(c::swapDb).build());
        out.add(CommandSpec.builder("move").arity(3).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE").acl("keyspace", "write", "fast")
                .summary("Move a key to another database").since("1.0.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("db"))
                .handler(c::move).build());
    }

    /** FLUSHDB/FLUSHALL accept SYNC or ASYNC; both free at once here (the garbage collector reclaims). */
    private static void checkFlushMode(CommandContext ctx) {
        if (ctx.argc() > 2 || (ctx.argc() == 2 && !Args.is(ctx.arg(1), "sync") && !Args.is(ctx.arg(1), "async"))) {
            throw new KvException(KvException.SYNTAX);
        }
    }

    /** The persistence side of FLUSHALL (see {@code RdbSnapshots#afterFlushAll}). */
    private Runnable afterFlushAll = () -> { };

    void flushDb(CommandContext ctx) {
        checkFlushMode(ctx);
        Database db = keyspaces.db(ctx.db().index());
        stats.dirty.add(db.size());
        db.clear();
        notifier.flushed(db.index());
        // Propagated even when the database was already empty, as Redis forces it.
        ((ExecutionContext) ctx).forcePropagation(PropagatedCommand.ALL);
        ctx.reply().ok();
    }

    void flushAll(CommandContext ctx) {
        checkFlushMode(ctx);
        long removed = 0;
        for (int i = 0; i < keyspaces.count(); i++) {
            Database db = keyspaces.db(i);
            removed += db.size();
            db.clear();
        }
        // Redis counts one more change so that even an empty FLUSHALL reaches replicas and the AOF.
        stats.dirty.add(removed + 1);
        notifier.flushed(-1);
        afterFlushAll.run(); // a running BGSAVE is dropped; with save points an empty RDB is written
        ((ExecutionContext) ctx).forcePropagation(PropagatedCommand.ALL);
        ctx.reply().ok();
    }

    void swapDb(CommandContext ctx) {
        if (config.getBoolean("cluster-enabled")) {
            throw new KvException("ERR SWAPDB is not allowed in cluster mode");
        }
        int a = IntArg.parse(ctx.arg(1), "ERR invalid first DB index");
        int b = IntArg.parse(ctx.arg(2), "ERR invalid second DB index");
        int n = keyspaces.count();
        if (a < 0 || a >= n || b < 0 || b >= n) {
            throw new KvException(DB_OUT_OF_RANGE);
        }
        if (a != b) {
            keyspaces.db(a).swapWith(keyspaces.db(b));
            notifier.swapped(a, b);
        }
        stats.dirty.increment();
        ((ExecutionContext) ctx).forcePropagation(PropagatedCommand.ALL);
        ctx.reply().ok();
    }

    void move(CommandContext ctx) {
        if (config.getBoolean("cluster-enabled")) {
            throw new KvException("ERR MOVE is not allowed in cluster mode");
        }
        Database src = keyspaces.db(ctx.db().index());
        int target = IntArg.parse(ctx.arg(2));
        if (target < 0 || target >= keyspaces.count()) {
            throw new KvException(DB_OUT_OF_RANGE);
        }
        if (target == src.index()) {
            throw new KvException(SAME_OBJECT);
        }
        byte[] key = ctx.arg(1);
        Database dst = keyspaces.db(target);
        if (src.get(key) == null || dst.exists(key)) {
            ctx.reply().integer(0);
            return;
        }
        src.transfer(key, dst, key);
        notifier.notify(src, EventClass.GENERIC, "move_from", key);
        notifier.notify(dst, EventClass.GENERIC, "move_to", key);
        ctx.reply().integer(1);
    }
}
