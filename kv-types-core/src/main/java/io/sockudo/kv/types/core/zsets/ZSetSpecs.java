package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.ModuleRegistry;

import java.util.List;

/**
 * The command specs of the sorted-set family, exactly as redis-server 7.0.15 reports them in
 * {@code COMMAND INFO} and {@code COMMAND DOCS} (ZRANK/ZREVRANK take Redis 7.2's optional
 * {@code WITHSCORE}, so their arity is -3).
 */
final class ZSetSpecs {
    private ZSetSpecs() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("zadd").arity(-4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RW", "UPDATE"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "sortedset", "fast").group("sorted-set")
                .summary("Add one or more members to a sorted set, or update its score if it already exists").since("1.2.0")
                .complexity("O(log(N)) for each item added, where N is the number of elements in the sorted set.")
                .history("2.4.0", "Accepts multiple elements.")
                .history("3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options.")
                .history("6.2.0", "Added the `GT` and `LT` options.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.oneOf("condition",
                        ArgSpec.pureToken("nx", "NX"),
                        ArgSpec.pureToken("xx", "XX")).since("3.0.2").optional(),
                    ArgSpec.oneOf("comparison",
                        ArgSpec.pureToken("gt", "GT"),
                        ArgSpec.pureToken("lt", "LT")).since("6.2.0").optional(),
                    ArgSpec.pureToken("change", "CH").since("3.0.2").optional(),
                    ArgSpec.pureToken("increment", "INCR").since("3.0.2").optional(),
                    ArgSpec.block("score_member",
                        ArgSpec.doubleArg("score"),
                        ArgSpec.string("member")).multiple())
                .handler(ZWriteCommands::zadd).build());
        r.command(CommandSpec.builder("zincrby").arity(4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RW", "ACCESS", "UPDATE"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "sortedset", "fast").group("sorted-set")
                .summary("Increment the score of a member in a sorted set").since("1.2.0")
                .complexity("O(log(N)) where N is the number of elements in the sorted set.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.integer("increment"),
                    ArgSpec.string("member"))
                .handler(ZWriteCommands::zincrby).build());
        r.command(CommandSpec.builder("zrem").arity(-3).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RW", "DELETE"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "sortedset", "fast").group("sorted-set")
                .summary("Remove one or more members from a sorted set").since("1.2.0")
                .complexity("O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.")
                .history("2.4.0", "Accepts multiple elements.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member").multiple())
                .handler(ZWriteCommands::zrem).build());
        r.command(CommandSpec.builder("zremrangebyrank").arity(4).flags(CommandFlag.WRITE)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RW", "DELETE"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "sortedset", "slow").group("sorted-set")
                .summary("Remove all members in a sorted set within the given indexes").since("2.0.0")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.integer("start"),
                    ArgSpec.integer("stop"))
                .handler(ZWriteCommands::zremrangebyrank).build());
        r.command(CommandSpec.builder("zremrangebyscore").arity(4).flags(CommandFlag.WRITE)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RW", "DELETE"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "sortedset", "slow").group("sorted-set")
                .summary("Remove all members in a sorted set within the given scores").since("1.2.0")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.doubleArg("min"),
                    ArgSpec.doubleArg("max"))
                .handler(ZWriteCommands::zremrangebyscore).build());
        r.command(CommandSpec.builder("zremrangebylex").arity(4).flags(CommandFlag.WRITE)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RW", "DELETE"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "sortedset", "slow").group("sorted-set")
                .summary("Remove all members in a sorted set between the given lexicographical range").since("2.8.9")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("min"),
                    ArgSpec.string("max"))
                .handler(ZWriteCommands::zremrangebylex).build());
        r.command(CommandSpec.builder("zcard").arity(2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "fast").group("sorted-set")
                .summary("Get the number of members in a sorted set").since("1.2.0")
                .complexity("O(1)")
                .args(
                    ArgSpec.key("key", 0))
                .handler(ZReadCommands::zcard).build());
        r.command(CommandSpec.builder("zscore").arity(3).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "fast").group("sorted-set")
                .summary("Get the score associated with the given member in a sorted set").since("1.2.0")
                .complexity("O(1)")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member"))
                .handler(ZReadCommands::zscore).build());
        r.command(CommandSpec.builder("zmscore").arity(-3).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "fast").group("sorted-set")
                .summary("Get the score associated with the given members in a sorted set").since("6.2.0")
                .complexity("O(N) where N is the number of members being requested.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member").multiple())
                .handler(ZReadCommands::zmscore).build());
        r.command(CommandSpec.builder("zcount").arity(4).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "fast").group("sorted-set")
                .summary("Count the members in a sorted set with scores within the given values").since("2.0.0")
                .complexity("O(log(N)) with N being the number of elements in the sorted set.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.doubleArg("min"),
                    ArgSpec.doubleArg("max"))
                .handler(ZReadCommands::zcount).build());
        r.command(CommandSpec.builder("zlexcount").arity(4).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "fast").group("sorted-set")
                .summary("Count the number of members in a sorted set between a given lexicographical range").since("2.8.9")
                .complexity("O(log(N)) with N being the number of elements in the sorted set.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("min"),
                    ArgSpec.string("max"))
                .handler(ZReadCommands::zlexcount).build());
        r.command(CommandSpec.builder("zrank").arity(-3).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "fast").group("sorted-set")
                .summary("Determine the index of a member in a sorted set").since("2.0.0")
                .complexity("O(log(N))")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member"))
                .handler(ZReadCommands::zrank).build());
        r.command(CommandSpec.builder("zrevrank").arity(-3).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "fast").group("sorted-set")
                .summary("Determine the index of a member in a sorted set, with scores ordered from high to low").since("2.0.0")
                .complexity("O(log(N))")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member"))
                .handler(ZReadCommands::zrevrank).build());
        r.command(CommandSpec.builder("zrange").arity(-4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Return a range of members in a sorted set").since("1.2.0")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")
                .history("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("start"),
                    ArgSpec.string("stop"),
                    ArgSpec.oneOf("sortby",
                        ArgSpec.pureToken("byscore", "BYSCORE"),
                        ArgSpec.pureToken("bylex", "BYLEX")).since("6.2.0").optional(),
                    ArgSpec.pureToken("rev", "REV").since("6.2.0").optional(),
                    ArgSpec.block("offset_count",
                        ArgSpec.integer("offset"),
                        ArgSpec.integer("count")).token("LIMIT").since("6.2.0").optional(),
                    ArgSpec.pureToken("withscores", "WITHSCORES").optional())
                .handler(ZReadCommands::zrange).build());
        r.command(CommandSpec.builder("zrangestore").arity(-5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 2, 1)
                .keySpec(new KeySpec(List.of("OW", "UPDATE"), 1, null, 0, 0, 1, 0, -1, 0))
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 2, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "sortedset", "slow").group("sorted-set")
                .summary("Store a range of members from sorted set into another key").since("6.2.0")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.")
                .args(
                    ArgSpec.key("dst", 0),
                    ArgSpec.key("src", 1),
                    ArgSpec.string("min"),
                    ArgSpec.string("max"),
                    ArgSpec.oneOf("sortby",
                        ArgSpec.pureToken("byscore", "BYSCORE"),
                        ArgSpec.pureToken("bylex", "BYLEX")).optional(),
                    ArgSpec.pureToken("rev", "REV").optional(),
                    ArgSpec.block("offset_count",
                        ArgSpec.integer("offset"),
                        ArgSpec.integer("count")).token("LIMIT").optional())
                .handler(ZReadCommands::zrangestore).build());
        r.command(CommandSpec.builder("zrevrange").arity(-4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Return a range of members in a sorted set, by index, with scores ordered from high to low").since("1.2.0")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`ZRANGE` with the `REV` argument")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.integer("start"),
                    ArgSpec.integer("stop"),
                    ArgSpec.pureToken("withscores", "WITHSCORES").optional())
                .handler(ZReadCommands::zrevrange).build());
        r.command(CommandSpec.builder("zrangebyscore").arity(-4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Return a range of members in a sorted set, by score").since("1.0.5")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
                .history("2.0.0", "Added the `WITHSCORES` modifier.")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`ZRANGE` with the `BYSCORE` argument")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.doubleArg("min"),
                    ArgSpec.doubleArg("max"),
                    ArgSpec.pureToken("withscores", "WITHSCORES").since("2.0.0").optional(),
                    ArgSpec.block("offset_count",
                        ArgSpec.integer("offset"),
                        ArgSpec.integer("count")).token("LIMIT").optional())
                .handler(ZReadCommands::zrangebyscore).build());
        r.command(CommandSpec.builder("zrevrangebyscore").arity(-4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Return a range of members in a sorted set, by score, with scores ordered from high to low").since("2.2.0")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
                .history("2.1.6", "`min` and `max` can be exclusive.")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`ZRANGE` with the `REV` and `BYSCORE` arguments")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.doubleArg("max"),
                    ArgSpec.doubleArg("min"),
                    ArgSpec.pureToken("withscores", "WITHSCORES").optional(),
                    ArgSpec.block("offset_count",
                        ArgSpec.integer("offset"),
                        ArgSpec.integer("count")).token("LIMIT").optional())
                .handler(ZReadCommands::zrevrangebyscore).build());
        r.command(CommandSpec.builder("zrangebylex").arity(-4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Return a range of members in a sorted set, by lexicographical range").since("2.8.9")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`ZRANGE` with the `BYLEX` argument")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("min"),
                    ArgSpec.string("max"),
                    ArgSpec.block("offset_count",
                        ArgSpec.integer("offset"),
                        ArgSpec.integer("count")).token("LIMIT").optional())
                .handler(ZReadCommands::zrangebylex).build());
        r.command(CommandSpec.builder("zrevrangebylex").arity(-4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.").since("2.8.9")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`ZRANGE` with the `REV` and `BYLEX` arguments")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("max"),
                    ArgSpec.string("min"),
                    ArgSpec.block("offset_count",
                        ArgSpec.integer("offset"),
                        ArgSpec.integer("count")).token("LIMIT").optional())
                .handler(ZReadCommands::zrevrangebylex).build());
        r.command(CommandSpec.builder("zscan").arity(-3).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Incrementally iterate sorted sets elements and associated scores").since("2.8.0")
                .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
                .tips("nondeterministic_output")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.integer("cursor"),
                    ArgSpec.pattern("pattern").token("MATCH").optional(),
                    ArgSpec.integer("count").token("COUNT").optional())
                .handler(ZReadCommands::zscan).build());
        r.command(CommandSpec.builder("zpopmin").arity(-2).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RW", "ACCESS", "DELETE"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "sortedset", "fast").group("sorted-set")
                .summary("Remove and return members with the lowest scores in a sorted set").since("5.0.0")
                .complexity("O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.integer("count").optional())
                .handler(ZPopCommands::zpopmin).build());
        r.command(CommandSpec.builder("zpopmax").arity(-2).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RW", "ACCESS", "DELETE"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "sortedset", "fast").group("sorted-set")
                .summary("Remove and return members with the highest scores in a sorted set").since("5.0.0")
                .complexity("O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.integer("count").optional())
                .handler(ZPopCommands::zpopmax).build());
        r.command(CommandSpec.builder("zmpop").arity(-4).flags(CommandFlag.WRITE)
                .keys(0, 0, 0)
                .keySpec(new KeySpec(List.of("RW", "ACCESS", "DELETE"), 1, null, 0, 0, 1, 0, 0, 1))
                .acl("write", "sortedset", "slow").group("sorted-set")
                .summary("Remove and return members with scores in a sorted set").since("7.0.0")
                .complexity("O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
                .args(
                    ArgSpec.integer("numkeys"),
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.oneOf("where",
                        ArgSpec.pureToken("min", "MIN"),
                        ArgSpec.pureToken("max", "MAX")),
                    ArgSpec.integer("count").token("COUNT").optional())
                .keyFinder(ZKeyFinders.NUMKEYS_AT_1)
                .handler(ZPopCommands::zmpop).build());
        r.command(CommandSpec.builder("bzpopmin").arity(-3).flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING, CommandFlag.FAST)
                .keys(1, -2, 1)
                .keySpec(new KeySpec(List.of("RW", "ACCESS", "DELETE"), 1, null, 0, -2, 1, 0, -1, 0))
                .acl("write", "sortedset", "fast", "blocking").group("sorted-set")
                .summary("Remove and return the member with the lowest score from one or more sorted sets, or block until one is available").since("5.0.0")
                .complexity("O(log(N)) with N being the number of elements in the sorted set.")
                .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
                .args(
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.doubleArg("timeout"))
                .handler(ZPopCommands::bzpopmin).build());
        r.command(CommandSpec.builder("bzpopmax").arity(-3).flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING, CommandFlag.FAST)
                .keys(1, -2, 1)
                .keySpec(new KeySpec(List.of("RW", "ACCESS", "DELETE"), 1, null, 0, -2, 1, 0, -1, 0))
                .acl("write", "sortedset", "fast", "blocking").group("sorted-set")
                .summary("Remove and return the member with the highest score from one or more sorted sets, or block until one is available").since("5.0.0")
                .complexity("O(log(N)) with N being the number of elements in the sorted set.")
                .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
                .args(
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.doubleArg("timeout"))
                .handler(ZPopCommands::bzpopmax).build());
        r.command(CommandSpec.builder("bzmpop").arity(-5).flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                .keys(0, 0, 0)
                .keySpec(new KeySpec(List.of("RW", "ACCESS", "DELETE"), 2, null, 0, 0, 1, 0, 0, 1))
                .acl("write", "sortedset", "slow", "blocking").group("sorted-set")
                .summary("Remove and return members with scores in a sorted set or block until one is available").since("7.0.0")
                .complexity("O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
                .args(
                    ArgSpec.doubleArg("timeout"),
                    ArgSpec.integer("numkeys"),
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.oneOf("where",
                        ArgSpec.pureToken("min", "MIN"),
                        ArgSpec.pureToken("max", "MAX")),
                    ArgSpec.integer("count").token("COUNT").optional())
                .keyFinder(ZKeyFinders.NUMKEYS_AT_2)
                .handler(ZPopCommands::bzmpop).build());
        r.command(CommandSpec.builder("zrandmember").arity(-2).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Get one or multiple random elements from a sorted set").since("6.2.0")
                .complexity("O(N) where N is the number of elements returned")
                .tips("nondeterministic_output")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.block("options",
                        ArgSpec.integer("count"),
                        ArgSpec.pureToken("withscores", "WITHSCORES").optional()).optional())
                .handler(ZPopCommands::zrandmember).build());
        r.command(CommandSpec.builder("zunion").arity(-3).flags(CommandFlag.READONLY)
                .keys(0, 0, 0)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, 0, 1))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Add multiple sorted sets").since("6.2.0")
                .complexity("O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
                .args(
                    ArgSpec.integer("numkeys"),
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.integer("weight").token("WEIGHTS").optional().multiple(),
                    ArgSpec.oneOf("aggregate",
                        ArgSpec.pureToken("sum", "SUM"),
                        ArgSpec.pureToken("min", "MIN"),
                        ArgSpec.pureToken("max", "MAX")).token("AGGREGATE").optional(),
                    ArgSpec.pureToken("withscores", "WITHSCORES").optional())
                .keyFinder(ZKeyFinders.NUMKEYS_AT_1)
                .handler(ZSetOpCommands::zunion).build());
        r.command(CommandSpec.builder("zinter").arity(-3).flags(CommandFlag.READONLY)
                .keys(0, 0, 0)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, 0, 1))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Intersect multiple sorted sets").since("6.2.0")
                .complexity("O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
                .args(
                    ArgSpec.integer("numkeys"),
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.integer("weight").token("WEIGHTS").optional().multiple(),
                    ArgSpec.oneOf("aggregate",
                        ArgSpec.pureToken("sum", "SUM"),
                        ArgSpec.pureToken("min", "MIN"),
                        ArgSpec.pureToken("max", "MAX")).token("AGGREGATE").optional(),
                    ArgSpec.pureToken("withscores", "WITHSCORES").optional())
                .keyFinder(ZKeyFinders.NUMKEYS_AT_1)
                .handler(ZSetOpCommands::zinter).build());
        r.command(CommandSpec.builder("zdiff").arity(-3).flags(CommandFlag.READONLY)
                .keys(0, 0, 0)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, 0, 1))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Subtract multiple sorted sets").since("6.2.0")
                .complexity("O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
                .args(
                    ArgSpec.integer("numkeys"),
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.pureToken("withscores", "WITHSCORES").optional())
                .keyFinder(ZKeyFinders.NUMKEYS_AT_1)
                .handler(ZSetOpCommands::zdiff).build());
        r.command(CommandSpec.builder("zunionstore").arity(-4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("OW", "UPDATE"), 1, null, 0, 0, 1, 0, -1, 0))
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 2, null, 0, 0, 1, 0, 0, 1))
                .acl("write", "sortedset", "slow").group("sorted-set")
                .summary("Add multiple sorted sets and store the resulting sorted set in a new key").since("2.0.0")
                .complexity("O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
                .args(
                    ArgSpec.key("destination", 0),
                    ArgSpec.integer("numkeys"),
                    ArgSpec.key("key", 1).multiple(),
                    ArgSpec.integer("weight").token("WEIGHTS").optional().multiple(),
                    ArgSpec.oneOf("aggregate",
                        ArgSpec.pureToken("sum", "SUM"),
                        ArgSpec.pureToken("min", "MIN"),
                        ArgSpec.pureToken("max", "MAX")).token("AGGREGATE").optional())
                .keyFinder(ZKeyFinders.DEST_NUMKEYS_AT_2)
                .handler(ZSetOpCommands::zunionstore).build());
        r.command(CommandSpec.builder("zinterstore").arity(-4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("OW", "UPDATE"), 1, null, 0, 0, 1, 0, -1, 0))
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 2, null, 0, 0, 1, 0, 0, 1))
                .acl("write", "sortedset", "slow").group("sorted-set")
                .summary("Intersect multiple sorted sets and store the resulting sorted set in a new key").since("2.0.0")
                .complexity("O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
                .args(
                    ArgSpec.key("destination", 0),
                    ArgSpec.integer("numkeys"),
                    ArgSpec.key("key", 1).multiple(),
                    ArgSpec.integer("weight").token("WEIGHTS").optional().multiple(),
                    ArgSpec.oneOf("aggregate",
                        ArgSpec.pureToken("sum", "SUM"),
                        ArgSpec.pureToken("min", "MIN"),
                        ArgSpec.pureToken("max", "MAX")).token("AGGREGATE").optional())
                .keyFinder(ZKeyFinders.DEST_NUMKEYS_AT_2)
                .handler(ZSetOpCommands::zinterstore).build());
        r.command(CommandSpec.builder("zdiffstore").arity(-4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("OW", "UPDATE"), 1, null, 0, 0, 1, 0, -1, 0))
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 2, null, 0, 0, 1, 0, 0, 1))
                .acl("write", "sortedset", "slow").group("sorted-set")
                .summary("Subtract multiple sorted sets and store the resulting sorted set in a new key").since("6.2.0")
                .complexity("O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
                .args(
                    ArgSpec.key("destination", 0),
                    ArgSpec.integer("numkeys"),
                    ArgSpec.key("key", 1).multiple())
                .keyFinder(ZKeyFinders.DEST_NUMKEYS_AT_2)
                .handler(ZSetOpCommands::zdiffstore).build());
        r.command(CommandSpec.builder("zintercard").arity(-3).flags(CommandFlag.READONLY)
                .keys(0, 0, 0)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, 0, 1))
                .acl("read", "sortedset", "slow").group("sorted-set")
                .summary("Intersect multiple sorted sets and return the cardinality of the result").since("7.0.0")
                .complexity("O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.")
                .args(
                    ArgSpec.integer("numkeys"),
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.integer("limit").token("LIMIT").optional())
                .keyFinder(ZKeyFinders.NUMKEYS_AT_1)
                .handler(ZSetOpCommands::zintercard).build());
    }
}
