package io.sockudo.kv.kernel.commands.persistence;

import io.sockudo.kv.kernel.persistence.RdbSnapshots;
import io.sockudo.kv.kernel.persistence.aof.AppendOnlyFile;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;

import java.util.List;

/** SAVE, BGSAVE [SCHEDULE] and LASTSAVE over the {@link RdbSnapshots} of the server. */
public final class PersistenceCommands {
    private PersistenceCommands() {
    }

    public static void register(RdbSnapshots snapshots, AppendOnlyFile aof, List<CommandSpec> out) {
        out.add(CommandSpec.builder("bgrewriteaof").arity(1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Asynchronously rewrite the append-only file").since("1.0.0").complexity("O(1)")
                .handler(ctx -> bgrewriteaof(aof, ctx)).build());
        out.add(CommandSpec.builder("save").arity(1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING, CommandFlag.NO_MULTI)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Synchronously save the dataset to disk").since("1.0.0")
                .complexity("O(N) where N is the total number of keys in all databases")
                .handler(ctx -> save(snapshots, ctx)).build());
        out.add(CommandSpec.builder("bgsave").arity(-1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Asynchronously save the dataset to disk").since("1.0.0").complexity("O(1)")
                .history("3.2.2", "Added the `SCHEDULE` option.")
                .args(ArgSpec.pureToken("schedule", "SCHEDULE").since("3.2.2").optional())
                .handler(ctx -> bgsave(snapshots, ctx)).build());
        out.add(CommandSpec.builder("lastsave").arity(1)
                .flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl("admin", "fast", "dangerous").group("server").tips("nondeterministic_output")
                .summary("Get the UNIX time stamp of the last successful save to disk").since("1.0.0")
                .complexity("O(1)")
                .handler(ctx -> ctx.reply().integer(snapshots.lastSaveSeconds())).build());
    }

    static void bgrewriteaof(AppendOnlyFile aof, CommandContext ctx) {
        // Inside MULTI (EXEC holds shard locks the image needs) it is scheduled, as Redis does in_exec.
        if (!ctx.canBlock()) {
            if (aof.rewriteInProgress()) {
                throw new KvException("ERR Background append only file rewriting already in progress");
            }
            aof.scheduleRewrite();
            ctx.reply().simple("Background append only file rewriting scheduled");
            return;
        }
        try {
            ctx.reply().simple(aof.bgrewrite());
        } catch (IllegalStateException e) {
            throw new KvException("ERR " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new KvException("ERR Can't rewrite append only file in background: " + e.getMessage());
        }
    }

    static void save(RdbSnapshots snapshots, CommandContext ctx) {
        if (snapshots.inProgress()) {
            throw new KvException("ERR Background save already in progress");
        }
        boolean ok;
        try {
            ok = snapshots.save();
        } catch (IllegalStateException e) {
            throw new KvException("ERR " + e.getMessage());
        }
        if (ok) {
            ctx.reply().ok();
        } else {
            ctx.reply().error("ERR");
        }
    }

    static void bgsave(RdbSnapshots snapshots, CommandContext ctx) {
        boolean schedule = false;
        if (ctx.argc() == 2 && Args.is(ctx.arg(1), "schedule")) {
            schedule = true;
        } else if (ctx.argc() > 1) {
            throw new KvException(KvException.SYNTAX);
        }
        // Inside MULTI/EXEC (which cannot block) the save is scheduled, as Redis does in_exec: the
        // image takes every shard lock, which must not happen while EXEC holds some of them.
        if (!ctx.canBlock()) {
            if (snapshots.inProgress()) {
                throw new KvException("ERR Background save already in progress");
            }
            snapshots.schedule();
            ctx.reply().simple("Background saving scheduled");
            return;
        }
        try {
            ctx.reply().simple(snapshots.bgsave(schedule));
        } catch (IllegalStateException e) {
            throw new KvException("ERR " + e.getMessage());
        }
    }
}
