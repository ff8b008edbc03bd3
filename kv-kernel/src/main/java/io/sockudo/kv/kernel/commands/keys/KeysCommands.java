package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.kernel.keyspace.LruClock;
import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;

import java.util.List;

/**
 * Key space commands (Redis's db.c and expire.c): DEL UNLINK EXISTS TOUCH TYPE KEYS SCAN RANDOMKEY
 * RENAME RENAMENX COPY EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST
 * OBJECT. This class holds the command table entries, with what redis-server 7.0 reports in
 * COMMAND INFO / COMMAND DOCS; the handlers live in one class per concern.
 */
public final class KeysCommands {
    private static final CommandFlag WRITE = CommandFlag.WRITE;
    private static final CommandFlag READONLY = CommandFlag.READONLY;
    private static final CommandFlag FAST = CommandFlag.FAST;

    private KeysCommands() {
    }

    public static void register(ServerConfigView config, Notifier notifier, LruClock lruClock, CodecRegistry codecs,
                                MigrateSockets migrateSockets, List<CommandSpec> out) {
        registerBasics(out);
        registerIteration(out);
        registerRename(config, notifier, out);
        registerExpire(out);
        out.add(ObjectCommand.spec(config, lruClock));
        registerDumpRestore(new DumpRestoreCommands(codecs, config, lruClock), out);
        out.add(migrateSpec(new MigrateCommand(codecs, config, migrateSockets)));
    }

    private static CommandSpec migrateSpec(MigrateCommand m) {
        return CommandSpec.builder("migrate").arity(-6).flags(WRITE)
                .keys(3, 3, 1, "RW", "ACCESS", "DELETE")
                .keySpec(KeySpec.range(3, 3, 1, "RW", "ACCESS", "DELETE"))
                .keySpec(new KeySpec(List.of("RW", "ACCESS", "DELETE", "INCOMPLETE"), 0, "KEYS", -2, -1, 1, 0, -1, 0))
                .keyFinder(MigrateCommand::keys)
                .acl("keyspace", "write", "slow", "dangerous").tips("nondeterministic_output")
                .summary("Atomically transfer a key from a Redis instance to another one.").since("2.6.0")
                .complexity("This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the "
                        + "target instance. See the pages of these commands for time complexity. Also an O(N) data "
                        + "transfer between the two instances is performed.")
                .history("3.0.0", "Added the `COPY` and `REPLACE` options.")
                .history("3.0.6", "Added the `KEYS` option.")
                .history("4.0.7", "Added the `AUTH` option.")
                .history("6.0.0", "Added the `AUTH2` option.")
                .args(
                    ArgSpec.string("host"),
                    ArgSpec.integer("port"),
                    ArgSpec.oneOf("key_or_empty_string", ArgSpec.key("key", 0), ArgSpec.pureToken("empty_string", "")),
                    ArgSpec.integer("destination-db"),
                    ArgSpec.integer("timeout"),
                    ArgSpec.pureToken("copy", "COPY").since("3.0.0").optional(),
                    ArgSpec.pureToken("replace", "REPLACE").since("3.0.0").optional(),
                    ArgSpec.oneOf("authentication",
                        ArgSpec.string("password").token("AUTH").since("4.0.7").optional(),
                        ArgSpec.block("username_password", ArgSpec.string("username"), ArgSpec.string("password"))
                            .token("AUTH2").since("6.0.0").optional()).optional(),
                    ArgSpec.key("key", 1).token("KEYS").since("3.0.6").optional().multiple())
                .handler(m::migrate).build();
    }

    private static void registerDumpRestore(DumpRestoreCommands dr, List<CommandSpec> out) {
        out.add(CommandSpec.builder("dump").arity(2).flags(READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("keyspace", "read", "slow")
                .tips("nondeterministic_output")
                .summary("Return a serialized version of the value stored at the specified key.").since("2.6.0")
                .complexity("O(1) to access the key and additional O(N*M) to serialize it, where N is the number of "
                        + "Redis objects composing the value and M their average size. For small string values the "
                        + "time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).")
                .args(ArgSpec.key("key", 0))
                .handler(dr::dump).build());
        out.add(CommandSpec.builder("restore").arity(-4).flags(WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "OW", "UPDATE").acl("keyspace", "write", "slow", "dangerous")
                .summary("Create a key using the provided serialized value, previously obtained using DUMP.")
                .since("2.6.0")
                .complexity("O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, "
                        + "where N is the number of Redis objects composing the value and M their average size. For "
                        + "small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply "
                        + "O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting "
                        + "values into sorted sets is O(log(N)).")
                .history("3.0.0", "Added the `REPLACE` modifier.")
                .history("5.0.0", "Added the `ABSTTL` modifier.")
                .history("5.0.0", "Added the `IDLETIME` and `FREQ` options.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.integer("ttl"),
                    ArgSpec.string("serialized-value"),
                    ArgSpec.pureToken("replace", "REPLACE").since("3.0.0").optional(),
                    ArgSpec.pureToken("absttl", "ABSTTL").since("5.0.0").optional(),
                    ArgSpec.integer("seconds").token("IDLETIME").since("5.0.0").optional(),
                    ArgSpec.integer("frequency").token("FREQ").since("5.0.0").optional())
                .handler(dr::restore).build());
        // RESTORE-ASKING: RESTORE for a key of a slot being imported (the ASKING flag lets it
        // through cluster redirection); what MIGRATE sends in cluster mode
        out.add(CommandSpec.builder("restore-asking").arity(-4).flags(WRITE, CommandFlag.DENYOOM, CommandFlag.ASKING)
                .keys(1, 1, 1, "OW", "UPDATE").acl("keyspace", "write", "slow", "dangerous")
                .group("server").docFlags("syscmd")
                .summary("An internal command for migrating keys in a cluster").since("3.0.0")
                .complexity("O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, "
                        + "where N is the number of Redis objects composing the value and M their average size. For "
                        + "small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply "
                        + "O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting "
                        + "values into sorted sets is O(log(N)).")
                .history("3.0.0", "Added the `REPLACE` modifier.")
                .history("5.0.0", "Added the `ABSTTL` modifier.")
                .history("5.0.0", "Added the `IDLETIME` and `FREQ` options.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.integer("ttl"),
                    ArgSpec.string("serialized-value"),
                    ArgSpec.pureToken("replace", "REPLACE").since("3.0.0").optional(),
                    ArgSpec.pureToken("absttl", "ABSTTL").since("5.0.0").optional(),
                    ArgSpec.integer("seconds").token("IDLETIME").since("5.0.0").optional(),
                    ArgSpec.integer("frequency").token("FREQ").since("5.0.0").optional())
                .handler(dr::restore).build());
    }

    private static void registerBasics(List<CommandSpec> out) {
        out.add(CommandSpec.builder("del").arity(-2).flags(WRITE)
                .keys(1, -1, 1, "RM", "DELETE").acl("keyspace", "write", "slow")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .summary("Delete a key").since("1.0.0")
                .complexity("O(N) where N is the number of keys that will be removed. When a key to remove holds a "
                        + "value other than a string, the individual complexity for this key is O(M) where M is the "
                        + "number of elements in the list, set, sorted set or hash. Removing a single key that holds "
                        + "a string value is O(1).")
                .args(ArgSpec.key("key", 0).multiple())
                .handler(BasicKeyCommands::del).build());
        out.add(CommandSpec.builder("unlink").arity(-2).flags(WRITE, FAST)
                .keys(1, -1, 1, "RM", "DELETE").acl("keyspace", "write", "fast")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .summary("Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.")
                .since("4.0.0")
                .complexity("O(1) for each key removed regardless of its size. Then the command does O(N) work in a "
                        + "different thread in order to reclaim memory, where N is the number of allocations the "
                        + "deleted objects where composed of.")
                .args(ArgSpec.key("key", 0).multiple())
                .handler(BasicKeyCommands::del).build());
        out.add(CommandSpec.builder("exists").arity(-2).flags(READONLY, FAST)
                .keys(1, -1, 1, "RO").acl("keyspace", "read", "fast")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .summary("Determine if a key exists").since("1.0.0")
                .complexity("O(N) where N is the number of keys to check.")
                .history("3.0.3", "Accepts multiple `key` arguments.")
                .args(ArgSpec.key("key", 0).multiple())
                .handler(BasicKeyCommands::exists).build());
        out.add(CommandSpec.builder("touch").arity(-2).flags(READONLY, FAST)
                .keys(1, -1, 1, "RO").acl("keyspace", "read", "fast")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .summary("Alters the last access time of a key(s). Returns the number of existing keys specified.")
                .since("3.2.1").complexity("O(N) where N is the number of keys that will be touched.")
                .args(ArgSpec.key("key", 0).multiple())
                .handler(BasicKeyCommands::touch).build());
        out.add(CommandSpec.builder("type").arity(2).flags(READONLY, FAST)
                .keys(1, 1, 1, "RO").acl("keyspace", "read", "fast")
                .summary("Determine the type stored at key").since("1.0.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0))
                .handler(BasicKeyCommands::type).build());
        out.add(CommandSpec.builder("randomkey").arity(1).flags(READONLY)
                .acl("keyspace", "read", "slow")
                .tips("request_policy:all_shards", "nondeterministic_output")
                .summary("Return a random key from the keyspace").since("1.0.0").complexity("O(1)")
                .handler(BasicKeyCommands::randomKey).build());
    }

    private static void registerIteration(List<CommandSpec> out) {
        out.add(CommandSpec.builder("keys").arity(2).flags(READONLY)
                .acl("keyspace", "read", "slow", "dangerous")
                .tips("request_policy:all_shards", "nondeterministic_output_order")
                .summary("Find all keys matching the given pattern").since("1.0.0")
                .complexity("O(N) with N being the number of keys in the database, under the assumption that the "
                        + "key names in the database and the given pattern have limited length.")
                .args(ArgSpec.pattern("pattern"))
                .handler(IterationCommands::keys).build());
        out.add(CommandSpec.builder("scan").arity(-2).flags(READONLY)
                .acl("keyspace", "read", "slow")
                .tips("nondeterministic_output", "request_policy:special")
                .summary("Incrementally iterate the keys space").since("2.8.0")
                .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for "
                        + "the cursor to return back to 0. N is the number of elements inside the collection.")
                .history("6.0.0", "Added the `TYPE` subcommand.")
                .args(
                    ArgSpec.integer("cursor"),
                    ArgSpec.pattern("pattern").token("MATCH").optional(),
                    ArgSpec.integer("count").token("COUNT").optional(),
                    ArgSpec.string("type").token("TYPE").since("6.0.0").optional())
                .handler(IterationCommands::scan).build());
    }

    private static void registerRename(ServerConfigView config, Notifier notifier, List<CommandSpec> out) {
        RenameCommands rename = new RenameCommands(config, notifier);
        out.add(CommandSpec.builder("rename").arity(3).flags(WRITE)
                .keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RW", "ACCESS", "DELETE"))
                .keySpec(KeySpec.range(2, 2, 1, "OW", "UPDATE"))
                .acl("keyspace", "write", "slow")
                .summary("Rename a key").since("1.0.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.key("newkey", 1))
                .handler(rename::rename).build());
        out.add(CommandSpec.builder("renamenx").arity(3).flags(WRITE, FAST)
                .keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RW", "ACCESS", "DELETE"))
                .keySpec(KeySpec.range(2, 2, 1, "OW", "INSERT"))
                .acl("keyspace", "write", "fast")
                .summary("Rename a key, only if the new key does not exist").since("1.0.0").complexity("O(1)")
                .history("3.2.0", "The command no longer returns an error when source and destination names are the same.")
                .args(ArgSpec.key("key", 0), ArgSpec.key("newkey", 1))
                .handler(rename::renameNx).build());
        out.add(CommandSpec.builder("copy").arity(-3).flags(WRITE, CommandFlag.DENYOOM)
                .keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RO", "ACCESS"))
                .keySpec(KeySpec.range(2, 2, 1, "OW", "UPDATE"))
                .acl("keyspace", "write", "slow")
                .summary("Copy a key").since("6.2.0")
                .complexity("O(N) worst case for collections, where N is the number of nested items. O(1) for "
                        + "string values.")
                .args(
                    ArgSpec.key("source", 0),
                    ArgSpec.key("destination", 1),
                    ArgSpec.integer("destination-db").token("DB").optional(),
                    ArgSpec.pureToken("replace", "REPLACE").optional())
                .handler(rename::copy).build());
    }

    /** The NX | XX | GT | LT option of the four EXPIRE commands (7.0). */
    private static final ArgSpec EXPIRE_CONDITION = ArgSpec.oneOf("condition",
            ArgSpec.pureToken("nx", "NX"),
            ArgSpec.pureToken("xx", "XX"),
            ArgSpec.pureToken("gt", "GT"),
            ArgSpec.pureToken("lt", "LT")).since("7.0.0").optional();

    private static void registerExpire(List<CommandSpec> out) {
        out.add(expireSpec("expire", "Set a key's time to live in seconds", "1.0.0", ExpireCommands::expire)
                .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("seconds"), EXPIRE_CONDITION)
                .build());
        out.add(expireSpec("pexpire", "Set a key's time to live in milliseconds", "2.6.0", ExpireCommands::pexpire)
                .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("milliseconds"), EXPIRE_CONDITION)
                .build());
        out.add(expireSpec("expireat", "Set the expiration for a key as a UNIX timestamp", "1.2.0",
                ExpireCommands::expireAt)
                .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
                .args(ArgSpec.key("key", 0), ArgSpec.unixTime("unix-time-seconds"), EXPIRE_CONDITION)
                .build());
        out.add(expireSpec("pexpireat", "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
                "2.6.0", ExpireCommands::pexpireAt)
                .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
                .args(ArgSpec.key("key", 0), ArgSpec.unixTime("unix-time-milliseconds"), EXPIRE_CONDITION)
                .build());
        out.add(ttlSpec("ttl", "Get the time to live for a key in seconds", "1.0.0", true, ExpireCommands::ttl)
                .history("2.8.0", "Added the -2 reply.")
                .args(ArgSpec.key("key", 0))
                .build());
        out.add(ttlSpec("pttl", "Get the time to live for a key in milliseconds", "2.6.0", true,
                ExpireCommands::pttl)
                .history("2.8.0", "Added the -2 reply.")
                .args(ArgSpec.key("key", 0))
                .build());
        out.add(ttlSpec("expiretime", "Get the expiration Unix timestamp for a key", "7.0.0", false,
                ExpireCommands::expireTime)
                .args(ArgSpec.key("key", 0))
                .build());
        out.add(ttlSpec("pexpiretime", "Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", false,
                ExpireCommands::pexpireTime)
                .args(ArgSpec.key("key", 0))
                .build());
        out.add(CommandSpec.builder("persist").arity(2).flags(WRITE, FAST)
                .keys(1, 1, 1, "RW", "UPDATE").acl("keyspace", "write", "fast")
                .summary("Remove the expiration from a key").since("2.2.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0))
                .handler(ExpireCommands::persist).build());
    }

    /** The spec shared by EXPIRE PEXPIRE EXPIREAT PEXPIREAT; callers add the docs and build. */
    private static CommandSpec.Builder expireSpec(String name, String summary, String since,
                                                  io.sockudo.kv.spi.CommandHandler handler) {
        return CommandSpec.builder(name).arity(-3).flags(WRITE, FAST)
                .keys(1, 1, 1, "RW", "UPDATE").acl("keyspace", "write", "fast")
                .summary(summary).since(since).complexity("O(1)")
                .handler(handler);
    }

    /** The spec shared by TTL PTTL EXPIRETIME PEXPIRETIME; callers add the docs and build. */
    private static CommandSpec.Builder ttlSpec(String name, String summary, String since, boolean nondeterministic,
                                               io.sockudo.kv.spi.CommandHandler handler) {
        CommandSpec.Builder b = CommandSpec.builder(name).arity(2).flags(READONLY, FAST)
                .keys(1, 1, 1, "RO", "ACCESS").acl("keyspace", "read", "fast")
                .summary(summary).since(since).complexity("O(1)")
                .handler(handler);
        if (nondeterministic) {
            b.tips("nondeterministic_output");
        }
        return b;
    }
}
