package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.ModuleRegistry;

import java.util.List;

/** The command specs of the stream family, as redis-server 7.0.15's COMMAND INFO / DOCS print them. */
final class StreamSpecs {
    private StreamSpecs() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("xadd").arity(-5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
            .keys(1, 1, 1, "RW", "UPDATE").keySpecNotes("UPDATE instead of INSERT because of the optional trimming feature").acl("write", "stream", "fast").group("stream").tips("nondeterministic_output")
            .summary("Appends a new entry to a stream").since("5.0.0")
            .complexity("O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.")
            .history("6.2.0", "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option.")
            .history("7.0.0", "Added support for the `<ms>-*` explicit ID form.")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.pureToken("nomkstream", "NOMKSTREAM").since("6.2.0").optional(),
                ArgSpec.block("trim",
                    ArgSpec.oneOf("strategy",
                        ArgSpec.pureToken("maxlen", "MAXLEN"),
                        ArgSpec.pureToken("minid", "MINID").since("6.2.0")),
                    ArgSpec.oneOf("operator",
                        ArgSpec.pureToken("equal", "="),
                        ArgSpec.pureToken("approximately", "~")).optional(),
                    ArgSpec.string("threshold"),
                    ArgSpec.integer("count").token("LIMIT").since("6.2.0").optional()).optional(),
                ArgSpec.oneOf("id_or_auto",
                    ArgSpec.pureToken("auto_id", "*"),
                    ArgSpec.string("id")),
                ArgSpec.block("field_value",
                    ArgSpec.string("field"),
                    ArgSpec.string("value")).multiple())
            .handler(StreamCommands::xadd).build());
        r.command(CommandSpec.builder("xrange").arity(-4).flags(CommandFlag.READONLY)
            .keys(1, 1, 1, "RO", "ACCESS").acl("read", "stream", "slow").group("stream")
            .summary("Return a range of elements in a stream, with IDs matching the specified IDs interval").since("5.0.0")
            .complexity("O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).")
            .history("6.2.0", "Added exclusive ranges.")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.string("start"),
                ArgSpec.string("end"),
                ArgSpec.integer("count").token("COUNT").optional())
            .handler(StreamCommands::xrange).build());
        r.command(CommandSpec.builder("xrevrange").arity(-4).flags(CommandFlag.READONLY)
            .keys(1, 1, 1, "RO", "ACCESS").acl("read", "stream", "slow").group("stream")
            .summary("Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE").since("5.0.0")
            .complexity("O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).")
            .history("6.2.0", "Added exclusive ranges.")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.string("end"),
                ArgSpec.string("start"),
                ArgSpec.integer("count").token("COUNT").optional())
            .handler(StreamCommands::xrevrange).build());
        r.command(CommandSpec.builder("xlen").arity(2).flags(CommandFlag.READONLY, CommandFlag.FAST)
            .keys(1, 1, 1, "RO").acl("read", "stream", "fast").group("stream")
            .summary("Return the number of entries in a stream").since("5.0.0")
            .complexity("O(1)")
            .args(
                ArgSpec.key("key", 0))
            .handler(StreamCommands::xlen).build());
        r.command(CommandSpec.builder("xdel").arity(-3).flags(CommandFlag.WRITE, CommandFlag.FAST)
            .keys(1, 1, 1, "RW", "DELETE").acl("write", "stream", "fast").group("stream")
            .summary("Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.").since("5.0.0")
            .complexity("O(1) for each single item to delete in the stream, regardless of the stream size.")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.string("id").multiple())
            .handler(StreamCommands::xdel).build());
        r.command(CommandSpec.builder("xtrim").arity(-4).flags(CommandFlag.WRITE)
            .keys(1, 1, 1, "RW", "DELETE").acl("write", "stream", "slow").group("stream").tips("nondeterministic_output")
            .summary("Trims the stream to (approximately if '~' is passed) a certain size").since("5.0.0")
            .complexity("O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.")
            .history("6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option.")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.block("trim",
                    ArgSpec.oneOf("strategy",
                        ArgSpec.pureToken("maxlen", "MAXLEN"),
                        ArgSpec.pureToken("minid", "MINID").since("6.2.0")),
                    ArgSpec.oneOf("operator",
                        ArgSpec.pureToken("equal", "="),
                        ArgSpec.pureToken("approximately", "~")).optional(),
                    ArgSpec.string("threshold"),
                    ArgSpec.integer("count").token("LIMIT").since("6.2.0").optional()))
            .handler(StreamCommands::xtrim).build());
        r.command(CommandSpec.builder("xsetid").arity(-3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
            .keys(1, 1, 1, "RW", "UPDATE").acl("write", "stream", "fast").group("stream")
            .summary("An internal command for replicating stream values").since("5.0.0")
            .complexity("O(1)")
            .history("7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments.")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.string("last-id"),
                ArgSpec.integer("entries_added").token("ENTRIESADDED").since("7.0.0").optional(),
                ArgSpec.string("max_deleted_entry_id").token("MAXDELETEDID").since("7.0.0").optional())
            .handler(StreamCommands::xsetid).build());
        r.command(CommandSpec.builder("xread").arity(-4).flags(CommandFlag.READONLY, CommandFlag.BLOCKING)
            .keySpec(new KeySpec(List.of("RO", "ACCESS"), 0, "STREAMS", 1, -1, 1, 2, -1, 0)).keyFinder(ReadCommands::streamKeys).acl("read", "stream", "slow", "blocking").group("stream")
            .summary("Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.").since("5.0.0")
            .complexity("For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.")
            .args(
                ArgSpec.integer("count").token("COUNT").optional(),
                ArgSpec.integer("milliseconds").token("BLOCK").optional(),
                ArgSpec.block("streams",
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.string("id").multiple()).token("STREAMS"))
            .handler(ReadCommands::xread).build());
        r.command(CommandSpec.builder("xreadgroup").arity(-7).flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
            .keySpec(new KeySpec(List.of("RO", "ACCESS"), 0, "STREAMS", 4, -1, 1, 2, -1, 0)).keyFinder(ReadCommands::streamKeys).acl("write", "stream", "slow", "blocking").group("stream")
            .summary("Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.").since("5.0.0")
            .complexity("For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.")
            .args(
                ArgSpec.block("group_consumer",
                    ArgSpec.string("group"),
                    ArgSpec.string("consumer")).token("GROUP"),
                ArgSpec.integer("count").token("COUNT").optional(),
                ArgSpec.integer("milliseconds").token("BLOCK").optional(),
                ArgSpec.pureToken("noack", "NOACK").optional(),
                ArgSpec.block("streams",
                    ArgSpec.key("key", 0).multiple(),
                    ArgSpec.string("id").multiple()).token("STREAMS"))
            .handler(ReadCommands::xreadgroup).build());
        r.command(CommandSpec.builder("xack").arity(-4).flags(CommandFlag.WRITE, CommandFlag.FAST)
            .keys(1, 1, 1, "RW", "UPDATE").acl("write", "stream", "fast").group("stream")
            .summary("Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.").since("5.0.0")
            .complexity("O(1) for each message ID processed.")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.string("group"),
                ArgSpec.string("id").multiple())
            .handler(PelCommands::xack).build());
        r.command(CommandSpec.builder("xclaim").arity(-6).flags(CommandFlag.WRITE, CommandFlag.FAST)
            .keys(1, 1, 1, "RW", "UPDATE").acl("write", "stream", "fast").group("stream").tips("nondeterministic_output")
            .summary("Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.").since("5.0.0")
            .complexity("O(log N) with N being the number of messages in the PEL of the consumer group.")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.string("group"),
                ArgSpec.string("consumer"),
                ArgSpec.string("min-idle-time"),
                ArgSpec.string("id").multiple(),
                ArgSpec.integer("ms").token("IDLE").optional(),
                ArgSpec.unixTime("unix-time-milliseconds").token("TIME").optional(),
                ArgSpec.integer("count").token("RETRYCOUNT").optional(),
                ArgSpec.pureToken("force", "FORCE").optional(),
                ArgSpec.pureToken("justid", "JUSTID").optional(),
                ArgSpec.string("id").token("LASTID").optional())
            .handler(PelCommands::xclaim).build());
        r.command(CommandSpec.builder("xautoclaim").arity(-6).flags(CommandFlag.WRITE, CommandFlag.FAST)
            .keys(1, 1, 1, "RW", "DELETE").acl("write", "stream", "fast").group("stream").tips("nondeterministic_output")
            .summary("Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.").since("6.2.0")
            .complexity("O(1) if COUNT is small.")
            .history("7.0.0", "Added an element to the reply array, containing deleted entries the command cleared from the PEL")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.string("group"),
                ArgSpec.string("consumer"),
                ArgSpec.string("min-idle-time"),
                ArgSpec.string("start"),
                ArgSpec.integer("count").token("COUNT").optional(),
                ArgSpec.pureToken("justid", "JUSTID").optional())
            .handler(PelCommands::xautoclaim).build());
        r.command(CommandSpec.builder("xpending").arity(-3).flags(CommandFlag.READONLY)
            .keys(1, 1, 1, "RO", "ACCESS").acl("read", "stream", "slow").group("stream").tips("nondeterministic_output")
            .summary("Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.").since("5.0.0")
            .complexity("O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.")
            .history("6.2.0", "Added the `IDLE` option and exclusive range intervals.")
            .args(
                ArgSpec.key("key", 0),
                ArgSpec.string("group"),
                ArgSpec.block("filters",
                    ArgSpec.integer("min-idle-time").token("IDLE").since("6.2.0").optional(),
                    ArgSpec.string("start"),
                    ArgSpec.string("end"),
                    ArgSpec.integer("count"),
                    ArgSpec.string("consumer").optional()).optional())
            .handler(PelCommands::xpending).build());
        r.command(CommandSpec.builder("xgroup").arity(-2).acl("slow").group("stream")
            .summary("A container for consumer groups commands").since("5.0.0")
            .complexity("Depends on subcommand.")
            .subcommand(CommandSpec.builder("create").arity(-5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(2, 2, 1, "RW", "INSERT").acl("write", "stream", "slow").group("stream")
                .summary("Create a consumer group.").since("5.0.0")
                .complexity("O(1)")
                .history("7.0.0", "Added the `entries_read` named argument.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("groupname"),
                    ArgSpec.oneOf("id",
                        ArgSpec.string("id"),
                        ArgSpec.pureToken("new_id", "$")),
                    ArgSpec.pureToken("mkstream", "MKSTREAM").optional(),
                    ArgSpec.integer("entries_read").token("ENTRIESREAD").optional())
                .handler(GroupCommands::create).build())
            .subcommand(CommandSpec.builder("createconsumer").arity(5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(2, 2, 1, "RW", "INSERT").acl("write", "stream", "slow").group("stream")
                .summary("Create a consumer in a consumer group.").since("6.2.0")
                .complexity("O(1)")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("groupname"),
                    ArgSpec.string("consumername"))
                .handler(GroupCommands::createconsumer).build())
            .subcommand(CommandSpec.builder("delconsumer").arity(5).flags(CommandFlag.WRITE)
                .keys(2, 2, 1, "RW", "DELETE").acl("write", "stream", "slow").group("stream")
                .summary("Delete a consumer from a consumer group.").since("5.0.0")
                .complexity("O(1)")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("groupname"),
                    ArgSpec.string("consumername"))
                .handler(GroupCommands::delconsumer).build())
            .subcommand(CommandSpec.builder("destroy").arity(4).flags(CommandFlag.WRITE)
                .keys(2, 2, 1, "RW", "DELETE").acl("write", "stream", "slow").group("stream")
                .summary("Destroy a consumer group.").since("5.0.0")
                .complexity("O(N) where N is the number of entries in the group's pending entries list (PEL).")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("groupname"))
                .handler(GroupCommands::destroy).build())
            .subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE).acl("stream", "slow").group("stream")
                .summary("Show helpful text about the different subcommands").since("5.0.0")
                .complexity("O(1)")
                .handler(GroupCommands::help).build())
            .subcommand(CommandSpec.builder("setid").arity(-5).flags(CommandFlag.WRITE)
                .keys(2, 2, 1, "RW", "UPDATE").acl("write", "stream", "slow").group("stream")
                .summary("Set a consumer group to an arbitrary last delivered ID value.").since("5.0.0")
                .complexity("O(1)")
                .history("7.0.0", "Added the optional `entries_read` argument.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("groupname"),
                    ArgSpec.oneOf("id",
                        ArgSpec.string("id"),
                        ArgSpec.pureToken("new_id", "$")),
                    ArgSpec.integer("entries_read").token("ENTRIESREAD").optional())
                .handler(GroupCommands::setid).build()).build());
        r.command(CommandSpec.builder("xinfo").arity(-2).acl("slow").group("stream")
            .summary("A container for stream introspection commands").since("5.0.0")
            .complexity("Depends on subcommand.")
            .subcommand(CommandSpec.builder("consumers").arity(4).flags(CommandFlag.READONLY)
                .keys(2, 2, 1, "RO", "ACCESS").acl("read", "stream", "slow").group("stream").tips("nondeterministic_output")
                .summary("List the consumers in a consumer group").since("5.0.0")
                .complexity("O(1)")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("groupname"))
                .handler(InfoCommands::consumers).build())
            .subcommand(CommandSpec.builder("groups").arity(3).flags(CommandFlag.READONLY)
                .keys(2, 2, 1, "RO", "ACCESS").acl("read", "stream", "slow").group("stream")
                .summary("List the consumer groups of a stream").since("5.0.0")
                .complexity("O(1)")
                .history("7.0.0", "Added the `entries-read` and `lag` fields")
                .args(
                    ArgSpec.key("key", 0))
                .handler(InfoCommands::groups).build())
            .subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE).acl("stream", "slow").group("stream")
                .summary("Show helpful text about the different subcommands").since("5.0.0")
                .complexity("O(1)")
                .handler(InfoCommands::help).build())
            .subcommand(CommandSpec.builder("stream").arity(-3).flags(CommandFlag.READONLY)
                .keys(2, 2, 1, "RO", "ACCESS").acl("read", "stream", "slow").group("stream")
                .summary("Get information about a stream").since("5.0.0")
                .complexity("O(1)")
                .history("6.0.0", "Added the `FULL` modifier.")
                .history("7.0.0", "Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.block("full",
                        ArgSpec.integer("count").token("COUNT").optional()).token("FULL").optional())
                .handler(InfoCommands::stream).build()).build());
    }
}
