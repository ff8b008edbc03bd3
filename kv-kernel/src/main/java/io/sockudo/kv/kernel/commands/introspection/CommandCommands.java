package io.sockudo.kv.kernel.commands.introspection;

import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.command.CommandRegistrar;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.KeyExtractor;
import io.sockudo.kv.spi.Glob;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The COMMAND command and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS,
 * HELP), rendered from the registered {@link CommandSpec}s exactly as Redis 7.0 renders its
 * command table.
 */
public final class CommandCommands {
    private static final String[] HELP = {
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
    };

    private CommandCommands() {
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name).arity(arity).flags(CommandFlag.LOADING, CommandFlag.STALE)
                .acl("slow", "connection").group("server");
    }

    public static void register(CommandTable commands, List<CommandSpec> out) {
        ArgSpec commandNames = ArgSpec.string("command-name").optional().multiple();
        out.add(CommandSpec.builder("command").arity(-1).flags(CommandFlag.LOADING, CommandFlag.STALE)
                .acl("slow", "connection").group("server").tips("nondeterministic_output_order")
                .summary("Get array of Redis command details").since("2.8.13")
                .complexity("O(N) where N is the total number of Redis commands")
                .handler(ctx -> infoAll(commands, ctx))
                .subcommand(sub("count", 2).summary("Get total number of Redis commands").since("2.8.13")
                        .complexity("O(1)").handler(ctx -> ctx.reply().integer(commands.size())).build())
                .subcommand(sub("docs", -2).tips("nondeterministic_output_order")
                        .summary("Get array of specific Redis command documentation").since("7.0.0")
                        .complexity("O(N) where N is the number of commands to look up").args(commandNames)
                        .handler(ctx -> docs(commands, ctx)).build())
                .subcommand(sub("getkeys", -4).summary("Extract keys given a full Redis command").since("2.8.13")
                        .complexity("O(N) where N is the number of arguments to the command")
                        .handler(ctx -> getKeys(commands, ctx, false)).build())
                .subcommand(sub("getkeysandflags", -4)
                        .summary("Extract keys and access flags given a full Redis command").since("7.0.0")
                        .complexity("O(N) where N is the number of arguments to the command")
                        .handler(ctx -> getKeys(commands, ctx, true)).build())
                .subcommand(sub("help", 2).summary("Show helpful text about the different subcommands")
                        .since("5.0.0").complexity("O(1)").handler(ctx -> Help.reply(ctx, HELP)).build())
                .subcommand(sub("info", -2).tips("nondeterministic_output_order")
                        .summary("Get array of specific Redis command details, or all when no argument is given.")
                        .since("2.8.13").complexity("O(N) where N is the number of commands to look up")
                        .history("7.0.0", "Allowed to be called with no argument to get info on all commands.")
                        .args(commandNames).handler(ctx -> info(commands, ctx)).build())
                .subcommand(sub("list", -2).tips("nondeterministic_output_order")
                        .summary("Get an array of Redis command names").since("7.0.0")
                        .complexity("O(N) where N is the total number of Redis commands")
                        .args(ArgSpec.oneOf("filterby",
                                ArgSpec.string("module-name").token("MODULE"),
                                ArgSpec.string("category").token("ACLCAT"),
                                ArgSpec.pattern("pattern").token("PATTERN")).token("FILTERBY").optional())
                        .handler(ctx -> list(commands, ctx)).build())
                .build());
    }

    /** COMMAND and COMMAND INFO without names: every command. */
    static void infoAll(CommandTable commands, CommandContext ctx) {
        Collection<RegisteredCommand> all = commands.all();
        ReplyWriter w = ctx.reply();
        w.array(all.size());
        for (RegisteredCommand c : all) {
            CommandInfoReply.write(w, c);
        }
    }

    static void info(CommandTable commands, CommandContext ctx) {
        if (ctx.argc() == 2) {
            infoAll(commands, ctx);
            return;
        }
        ReplyWriter w = ctx.reply();
        w.array(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            RegisteredCommand c = CommandLookup.byFullName(commands, ctx.arg(i));
            if (c == null) {
                w.nullBulk();
            } else {
                CommandInfoReply.write(w, c);
            }
        }
    }

    static void docs(CommandTable commands, CommandContext ctx) {
        List<RegisteredCommand> found = new ArrayList<>();
        if (ctx.argc() == 2) {
            found.addAll(commands.all());
        } else {
            for (int i = 2; i < ctx.argc(); i++) {
                RegisteredCommand c = CommandLookup.byFullName(commands, ctx.arg(i));
                if (c != null) {
                    found.add(c);
                }
            }
        }
        ReplyWriter w = ctx.reply();
        w.map(found.size());
        for (RegisteredCommand c : found) {
            w.bulk(c.fullName());
            CommandDocsReply.write(w, c);
        }
    }

    static void list(CommandTable commands, CommandContext ctx) {
        int filter = 0; // 0 none, 1 module, 2 aclcat, 3 pattern
        String arg = null;
        byte[] pattern = null;
        for (int i = 2; i < ctx.argc(); i++) {
            int more = ctx.argc() - 1 - i;
            if (Args.is(ctx.arg(i), "filterby") && more == 2) {
                byte[] type = ctx.arg(i + 1);
                if (Args.is(type, "module")) {
                    filter = 1;
                } else if (Args.is(type, "aclcat")) {
                    filter = 2;
                } else if (Args.is(type, "pattern")) {
                    filter = 3;
                } else {
                    throw new KvException(KvException.SYNTAX);
                }
                arg = Args.str(ctx.arg(i + 2));
                pattern = ctx.arg(i + 2);
                i += 2;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        List<String> names = new ArrayList<>();
        for (RegisteredCommand c : CommandLookup.allWithSubcommands(commands)) {
            boolean keep = switch (filter) {
                case 1 -> !c.module().equals(CommandRegistrar.KERNEL_MODULE) && c.module().equals(arg);
                case 2 -> RedisNames.ACL_CATEGORIES.contains(arg.toLowerCase(java.util.Locale.ROOT))
                        && RedisNames.inCategory(c.spec(), arg);
                case 3 -> Glob.matches(pattern, c.fullName().getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
                default -> true;
            };
            if (keep) {
                names.add(c.fullName());
            }
        }
        ReplyWriter w = ctx.reply();
        w.array(names.size());
        for (String n : names) {
            w.bulk(n);
        }
    }

    static void getKeys(CommandTable commands, CommandContext ctx, boolean withFlags) {
        byte[][] line = Arrays.copyOfRange(ctx.argv(), 2, ctx.argc());
        RegisteredCommand cmd = CommandLookup.byArgv(commands, line);
        if (cmd == null) {
            throw new KvException("ERR Invalid command specified");
        }
        CommandSpec spec = cmd.spec();
        if (!KeyExtractor.hasKeys(spec)) {
            throw new KvException("ERR The command has no key arguments");
        }
        int n = line.length;
        if ((spec.arity() > 0 && spec.arity() != n) || n < -spec.arity()) {
            throw new KvException("ERR Invalid number of arguments specified for command");
        }
        List<KeyExtractor.Key> keys = KeyExtractor.keys(spec, line);
        ReplyWriter w = ctx.reply();
        if (keys.isEmpty()) {
            if (spec.hasFlag(CommandFlag.NO_MANDATORY_KEYS)) {
                w.array(0);
            } else {
                w.error("ERR Invalid arguments specified for command");
            }
            return;
        }
        w.array(keys.size());
        for (KeyExtractor.Key k : keys) {
            if (withFlags) {
                w.array(2);
                w.bulk(line[k.index()]);
                List<String> flags = RedisNames.keySpecFlags(KeyExtractor.flags(spec, line, k));
                CommandInfoReply.simpleSet(w, flags);
            } else {
                w.bulk(line[k.index()]);
            }
        }
    }
}
