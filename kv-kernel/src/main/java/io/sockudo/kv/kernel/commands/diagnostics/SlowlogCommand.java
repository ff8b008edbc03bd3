package io.sockudo.kv.kernel.commands.diagnostics;

import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.kernel.slowlog.SlowLog;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.List;

/** SLOWLOG GET [count] / LEN / RESET / HELP, as Redis 7.0's {@code slowlogCommand}. */
final class SlowlogCommand {
    private static final String[] HELP = {
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
    };

    private SlowlogCommand() {
    }

    private static CommandSpec.Builder admin(String name, int arity) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.ADMIN, CommandFlag.LOADING, CommandFlag.STALE)
                .acl("admin", "slow", "dangerous").group("server");
    }

    static CommandSpec spec(SlowLog log) {
        return CommandSpec.builder("slowlog").arity(-2).acl("slow").group("server")
                .summary("A container for slow log commands").since("2.2.12").complexity("Depends on subcommand.")
                .subcommand(admin("get", -2).tips("request_policy:all_nodes", "nondeterministic_output")
                        .summary("Get the slow log's entries").since("2.2.12")
                        .complexity("O(N) where N is the number of entries returned")
                        .history("4.0.0", "Added client IP address, port and name to the reply.")
                        .args(ArgSpec.integer("count").optional())
                        .handler(ctx -> get(log, ctx)).build())
                .subcommand(admin("len", 2).tips("request_policy:all_nodes", "response_policy:agg_sum",
                                "nondeterministic_output")
                        .summary("Get the slow log's length").since("2.2.12").complexity("O(1)")
                        .handler(ctx -> ctx.reply().integer(log.size())).build())
                .subcommand(admin("reset", 2).tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .summary("Clear all entries from the slow log").since("2.2.12")
                        .complexity("O(N) where N is the number of entries in the slowlog")
                        .handler(ctx -> {
                            log.reset();
                            ctx.reply().ok();
                        }).build())
                .subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl("slow").group("server").summary("Show helpful text about the different subcommands")
                        .since("6.2.0").complexity("O(1)").handler(ctx -> Help.reply(ctx, HELP)).build())
                .build();
    }

    static void get(SlowLog log, CommandContext ctx) {
        if (ctx.argc() > 3) {
            ctx.reply().error(Help.subcommandSyntaxError(ctx));
            return;
        }
        long count = 10;
        if (ctx.argc() == 3) {
            byte[] a = ctx.arg(2);
            if (!Args.isLong(a) || Args.toLong(a) < -1) {
                ctx.reply().error("ERR count should be greater than or equal to -1");
                return;
            }
            count = Args.toLong(a);
            if (count == -1) {
                count = Long.MAX_VALUE;
            }
        }
        List<SlowLog.Entry> entries = log.latest(count);
        ReplyWriter w = ctx.reply();
        w.array(entries.size());
        for (SlowLog.Entry e : entries) {
            w.array(6);
            w.integer(e.id());
            w.integer(e.timeSeconds());
            w.integer(e.durationMicros());
            w.array(e.argv().length);
            for (byte[] a : e.argv()) {
                w.bulk(a);
            }
            w.bulk(e.peer());
            w.bulk(e.name());
        }
    }
}
