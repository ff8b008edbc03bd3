package io.sockudo.kv.kernel.commands.pubsub;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ConnectionListener;
import io.sockudo.kv.kernel.client.ConnectionListeners;
import io.sockudo.kv.kernel.command.CommandPipeline;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.Rejections;
import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.kernel.propagation.PropagatedCommand;
import io.sockudo.kv.kernel.pubsub.PubSub;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntBiFunction;

/**
 * SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH SSUBSCRIBE SUNSUBSCRIBE SPUBLISH PUBSUB, as
 * Redis 7.0's pubsub.c: a confirmation per channel as a push ({@code subscribe channel count}),
 * the unsubscribe-all forms, and the RESP2 subscribed context in which only (P|S)SUBSCRIBE,
 * (P|S)UNSUBSCRIBE, PING, QUIT and RESET may run (a pipeline stage).
 */
public final class PubSubCommands {
    private static final String[] HELP = {
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
    };

    private PubSubCommands() {
    }

    /**
     * Registers the commands and what pub/sub hooks into: the SUBSCRIBED stage (the RESP2
     * subscribed context) and a connection listener (a closed or reset client unsubscribes).
     */
    public static void register(PubSub pubsub, CommandPipeline pipeline, Rejections rejections,
                                ConnectionListeners connectionListeners, List<CommandSpec> out) {
        pipeline.add(CommandPipeline.Stage.SUBSCRIBED, new SubscribedContextStage(rejections));
        connectionListeners.add(new ConnectionListener() {
            @Override
            public void closed(Client client) {
                pubsub.unsubscribeAll(client);
            }

            @Override
            public void reset(Client client) {
                pubsub.unsubscribeAll(client);
            }
        });
        out.add(subscription("subscribe", -2, "Listen for messages published to the given channels", "2.0.0",
                "O(N) where N is the number of channels to subscribe to.",
                ArgSpec.string("channel").multiple(),
                ctx -> subscribe(ctx, "subscribe", pubsub::subscribe)).build());
        out.add(subscription("unsubscribe", -1, "Stop listening for messages posted to the given channels", "2.0.0",
                "O(N) where N is the number of clients already subscribed to a channel.",
                ArgSpec.string("channel").optional().multiple(),
                ctx -> unsubscribe(ctx, "unsubscribe", pubsub::unsubscribe, pubsub::channelsOf,
                        c -> countOf(pubsub, c, false))).build());
        out.add(subscription("psubscribe", -2, "Listen for messages published to channels matching the given patterns",
                "2.0.0", "O(N) where N is the number of patterns the client is already subscribed to.",
                ArgSpec.block("pattern", ArgSpec.pattern("pattern")).multiple(),
                ctx -> subscribe(ctx, "psubscribe", pubsub::psubscribe)).build());
        out.add(subscription("punsubscribe", -1,
                "Stop listening for messages posted to channels matching the given patterns", "2.0.0",
                "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of "
                        + "total patterns subscribed in the system (by any client).",
                ArgSpec.pattern("pattern").optional().multiple(),
                ctx -> unsubscribe(ctx, "punsubscribe", pubsub::punsubscribe, pubsub::patternsOf,
                        c -> countOf(pubsub, c, false))).build());
        out.add(CommandSpec.builder("publish").arity(3)
                .flags(CommandFlag.PUBSUB, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl("pubsub", "fast").group("pubsub").summary("Post a message to a channel").since("2.0.0")
                .complexity("O(N+M) where N is the number of clients subscribed to the receiving channel and M is "
                        + "the total number of subscribed patterns (by any client).")
                .args(ArgSpec.string("channel"), ArgSpec.string("message"))
                .handler(ctx -> publish(ctx, pubsub.publish(ctx.arg(1), ctx.arg(2)))).build());
        out.add(subscription("ssubscribe", -2, "Listen for messages published to the given shard channels", "7.0.0",
                "O(N) where N is the number of shard channels to subscribe to.",
                ArgSpec.string("shardchannel").multiple(),
                ctx -> subscribe(ctx, "ssubscribe", pubsub::ssubscribe))
                .keys(1, -1, 1, "not_key").build());
        out.add(subscription("sunsubscribe", -1, "Stop listening for messages posted to the given shard channels",
                "7.0.0", "O(N) where N is the number of clients already subscribed to a shard channel.",
                ArgSpec.string("shardchannel").optional().multiple(),
                ctx -> unsubscribe(ctx, "sunsubscribe", pubsub::sunsubscribe, pubsub::shardChannelsOf,
                        c -> countOf(pubsub, c, true)))
                .keys(1, -1, 1, "not_key").build());
        out.add(CommandSpec.builder("spublish").arity(3)
                .flags(CommandFlag.PUBSUB, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl("pubsub", "fast").group("pubsub").summary("Post a message to a shard channel").since("7.0.0")
                .complexity("O(N) where N is the number of clients subscribed to the receiving shard channel.")
                .keys(1, 1, 1, "not_key")
                .args(ArgSpec.string("shardchannel"), ArgSpec.string("message"))
                .handler(ctx -> publish(ctx, pubsub.spublish(ctx.arg(1), ctx.arg(2)))).build());
        out.add(pubsubContainer(pubsub));
    }

    /** A (P|S)(UN)SUBSCRIBE spec builder (the caller adds key specs for the shard forms). */
    private static CommandSpec.Builder subscription(String name, int arity, String summary, String since,
                                                    String complexity, ArgSpec arg, CommandHandler handler) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.PUBSUB, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl("pubsub", "slow").group("pubsub").summary(summary).since(since).complexity(complexity)
                .args(arg).handler(handler);
    }

    private static CommandSpec pubsubContainer(PubSub pubsub) {
        return CommandSpec.builder("pubsub").arity(-2).acl("slow").group("pubsub")
                .summary("A container for Pub/Sub commands").since("2.8.0").complexity("Depends on subcommand.")
                .subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl("slow").group("pubsub").summary("Show helpful text about the different subcommands")
                        .since("6.2.0").complexity("O(1)").handler(ctx -> Help.reply(ctx, HELP)).build())
                .subcommand(introspection("numsub", -2, "Get the count of subscribers for channels", "2.8.0",
                        "O(N) for the NUMSUB subcommand, where N is the number of requested channels",
                        ArgSpec.string("channel").optional().multiple(), ctx -> numsub(ctx, pubsub::numsub)))
                .subcommand(introspection("channels", -2, "List active channels", "2.8.0",
                        "O(N) where N is the number of active channels, and assuming constant time pattern matching "
                                + "(relatively short channels and patterns)",
                        ArgSpec.pattern("pattern").optional(), ctx -> names(ctx, pubsub.channels(patternArg(ctx)))))
                .subcommand(introspection("numpat", 2, "Get the count of unique patterns pattern subscriptions",
                        "2.8.0", "O(1)", null, ctx -> ctx.reply().integer(pubsub.numpat())))
                .subcommand(introspection("shardnumsub", -2, "Get the count of subscribers for shard channels",
                        "7.0.0", "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
                        ArgSpec.string("shardchannel").optional().multiple(), ctx -> numsub(ctx, pubsub::shardNumsub)))
                .subcommand(introspection("shardchannels", -2, "List active shard channels", "7.0.0",
                        "O(N) where N is the number of active shard channels, and assuming constant time pattern "
                                + "matching (relatively short shard channels).",
                        ArgSpec.pattern("pattern").optional(),
                        ctx -> names(ctx, pubsub.shardChannels(patternArg(ctx)))))
                .build();
    }

    private static CommandSpec introspection(String name, int arity, String summary, String since,
                                             String complexity, ArgSpec arg, CommandHandler handler) {
        CommandSpec.Builder b = CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.PUBSUB, CommandFlag.LOADING, CommandFlag.STALE)
                .acl("pubsub", "slow").group("pubsub").summary(summary).since(since).complexity(complexity)
                .handler(handler);
        if (arg != null) {
            b.args(arg);
        }
        return b.build();
    }

    // ---------------------------------------------------------------- handlers

    /** PUBLISH/SPUBLISH reach replicas (not the AOF), so their subscribers get the message too. */
    private static void publish(CommandContext ctx, long receivers) {
        ((ExecutionContext) ctx).forcePropagation(PropagatedCommand.REPLICAS);
        ctx.reply().integer(receivers);
    }

    /** One confirmation per name: {@code kind name count}, a push even under CLIENT REPLY OFF, as Redis. */
    private static void subscribe(CommandContext ctx, String kind, ToIntBiFunction<Client, byte[]> op) {
        Client c = ((ExecutionContext) ctx).clientState();
        ReplyWriter w = confirmationWriter(ctx);
        for (int i = 1; i < ctx.argc(); i++) {
            int count = op.applyAsInt(c, ctx.arg(i));
            confirm(w, kind, ctx.arg(i), count);
        }
    }

    private static void unsubscribe(CommandContext ctx, String kind, ToIntBiFunction<Client, byte[]> op,
                                    java.util.function.Function<Client, List<byte[]>> all,
                                    java.util.function.ToIntFunction<Client> count) {
        Client c = ((ExecutionContext) ctx).clientState();
        ReplyWriter w = confirmationWriter(ctx);
        if (ctx.argc() > 1) {
            for (int i = 1; i < ctx.argc(); i++) {
                confirm(w, kind, ctx.arg(i), op.applyAsInt(c, ctx.arg(i)));
            }
            return;
        }
        List<byte[]> names = all.apply(c);
        if (names.isEmpty()) {
            confirm(w, kind, null, count.applyAsInt(c));
            return;
        }
        for (byte[] n : names) {
            confirm(w, kind, n, op.applyAsInt(c, n));
        }
    }

    /** The channel + pattern count (or the shard channel count) a confirmation reports. */
    private static int countOf(PubSub pubsub, Client c, boolean shard) {
        int[] n = pubsub.counts(c);
        return shard ? n[2] : n[0] + n[1];
    }

    /**
     * Confirmations are pushes in Redis (CLIENT_PUSHING): CLIENT REPLY OFF/SKIP do not drop them.
     */
    private static ReplyWriter confirmationWriter(CommandContext ctx) {
        ExecutionContext e = (ExecutionContext) ctx;
        Client c = e.clientState();
        if (c.replyOff() || c.replySkip()) {
            e.writer().discard(false);
        }
        return ctx.reply();
    }

    private static void confirm(ReplyWriter w, String kind, byte[] name, int count) {
        w.push(3);
        w.bulk(kind);
        if (name == null) {
            w.nullBulk();
        } else {
            w.bulk(name);
        }
        w.integer(count);
    }

    private static byte[] patternArg(CommandContext ctx) {
        if (ctx.argc() > 3) {
            throw new KvException("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(ctx.arg(1), StandardCharsets.UTF_8) + "'. Try PUBSUB HELP.");
        }
        return ctx.argc() == 3 ? ctx.arg(2) : null;
    }

    private static void names(CommandContext ctx, List<byte[]> names) {
        ReplyWriter w = ctx.reply();
        w.array(names.size());
        for (byte[] n : names) {
            w.bulk(n);
        }
    }

    private static void numsub(CommandContext ctx, java.util.function.ToIntFunction<byte[]> count) {
        ReplyWriter w = ctx.reply();
        int n = ctx.argc() - 2;
        w.array(n * 2);
        for (int i = 2; i < ctx.argc(); i++) {
            w.bulk(ctx.arg(i));
            w.integer(count.applyAsInt(ctx.arg(i)));
        }
    }
}
