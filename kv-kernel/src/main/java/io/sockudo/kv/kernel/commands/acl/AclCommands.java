package io.sockudo.kv.kernel.commands.acl;

import io.sockudo.kv.kernel.acl.Acl;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * ACL and its subcommands (Redis 7.0): SETUSER, GETUSER, DELUSER, USERS, LIST, WHOAMI, CAT,
 * GENPASS, LOG, SAVE, LOAD, DRYRUN. The rules themselves live in {@link Acl}.
 */
public final class AclCommands {
    private static final String[] HELP = {
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.",
    };
    static final String NO_ACL_FILE = "ERR This Redis instance is not configured to use an ACL file. You may want to "
            + "specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis "
            + "configuration file set) in order to store users in the Redis configuration.";
    /** Made on first use (ACL GENPASS): creating one costs ~5 ms of the server's start-up. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
    private static final String USERS_COMPLEXITY = "O(N). Where N is the number of configured users.";

    private AclCommands() {
    }

    private static CommandSpec.Builder sub(String name, int arity, boolean admin) {
        CommandSpec.Builder b = CommandSpec.builder(name).arity(arity).group("server").since("6.0.0");
        if (admin) {
            b.flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                    .acl("admin", "slow", "dangerous");
        } else {
            b.flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE).acl("slow");
        }
        return b;
    }

    public static void register(Acl acl, CommandTable commands, List<CommandSpec> out) {
        out.add(CommandSpec.builder("acl").arity(-2).acl("slow").group("server")
                .summary("A container for Access List Control commands ").since("6.0.0")
                .complexity("Depends on subcommand.")
                .subcommand(sub("users", 2, true).summary("List the username of all the configured ACL rules")
                        .complexity(USERS_COMPLEXITY).handler(ctx -> bulks(ctx.reply(), acl.userNames())).build())
                .subcommand(sub("genpass", -2, false)
                        .summary("Generate a pseudorandom secure password to use for ACL users").complexity("O(1)")
                        .args(ArgSpec.integer("bits").optional()).handler(AclCommands::genpass).build())
                .subcommand(sub("getuser", 3, true).summary("Get the rules for a specific ACL user")
                        .complexity("O(N). Where N is the number of password, command and pattern rules that the "
                                + "user has.")
                        .history("6.2.0", "Added Pub/Sub channel patterns.")
                        .history("7.0.0", "Added selectors and changed the format of key and channel patterns from "
                                + "a list to their rule representation.")
                        .args(ArgSpec.string("username")).handler(ctx -> getuser(acl, ctx)).build())
                .subcommand(sub("dryrun", -4, true).since("7.0.0")
                        .summary("Returns whether the user can execute the given command without executing the "
                                + "command.").complexity("O(1).")
                        .args(ArgSpec.string("username"), ArgSpec.string("command"),
                                ArgSpec.string("arg").optional().multiple())
                        .handler(ctx -> dryrun(acl, commands, ctx)).build())
                .subcommand(sub("load", 2, true).summary("Reload the ACLs from the configured ACL file")
                        .complexity(USERS_COMPLEXITY).handler(ctx -> load(acl, ctx)).build())
                .subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl("slow").group("server").since("6.0.0")
                        .summary("Show helpful text about the different subcommands").complexity("O(1)")
                        .handler(ctx -> Help.reply(ctx, HELP)).build())
                .subcommand(sub("setuser", -3, true).summary("Modify or create the rules for a specific ACL user")
                        .complexity("O(N). Where N is the number of rules provided.")
                        .history("6.2.0", "Added Pub/Sub channel patterns.")
                        .history("7.0.0", "Added selectors and key based permissions.")
                        .args(ArgSpec.string("username"), ArgSpec.string("rule").optional().multiple())
                        .handler(ctx -> setuser(acl, ctx)).build())
                .subcommand(sub("list", 2, true).summary("List the current ACL rules in ACL config file format")
                        .complexity(USERS_COMPLEXITY).handler(ctx -> bulks(ctx.reply(), acl.describeAll())).build())
                .subcommand(sub("whoami", 2, false)
                        .summary("Return the name of the user associated to the current connection")
                        .complexity("O(1)").handler(ctx -> ctx.reply().bulk(client(ctx).user())).build())
                .subcommand(sub("deluser", -3, true).summary("Remove the specified ACL users and the associated rules")
                        .complexity("O(1) amortized time considering the typical user.")
                        .args(ArgSpec.string("username").multiple()).handler(ctx -> deluser(acl, ctx)).build())
                .subcommand(sub("log", -2, true).summary("List latest events denied because of ACLs in place")
                        .complexity("O(N) with N being the number of entries shown.")
                        .args(ArgSpec.oneOf("operation", ArgSpec.integer("count"),
                                ArgSpec.pureToken("reset", "RESET")).optional())
                        .handler(ctx -> log(acl, ctx)).build())
                .subcommand(sub("cat", -2, false)
                        .summary("List the ACL categories or the commands inside a category")
                        .complexity("O(1) since the categories and commands are a fixed set.")
                        .args(ArgSpec.string("categoryname").optional()).handler(ctx -> cat(acl, ctx)).build())
                .subcommand(sub("save", 2, true).summary("Save the current ACL rules in the configured ACL file")
                        .complexity(USERS_COMPLEXITY).handler(ctx -> save(acl, ctx)).build())
                .build());
    }

    private static Client client(CommandContext ctx) {
        return ((ExecutionContext) ctx).clientState();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void bulks(ReplyWriter w, List<String> items) {
        w.array(items.size());
        for (String s : items) {
            w.bulk(s);
        }
    }

    private static void setuser(Acl acl, CommandContext ctx) {
        List<String> rules = new ArrayList<>(ctx.argc() - 3);
        for (int i = 3; i < ctx.argc(); i++) {
            rules.add(text(ctx.arg(i)));
        }
        String err = acl.setUser(text(ctx.arg(2)), rules);
        if (err != null) {
            ctx.reply().error(err);
        } else {
            ctx.reply().ok();
        }
    }

    private static void getuser(Acl acl, CommandContext ctx) {
        Acl.UserView u = acl.getUser(text(ctx.arg(2)));
        ReplyWriter w = ctx.reply();
        if (u == null) {
            w.nullBulk();
            return;
        }
        w.map(6);
        w.bulk("flags");
        w.set(u.flags().size());
        for (String f : u.flags()) {
            w.bulk(f);
        }
        w.bulk("passwords");
        bulks(w, u.passwords());
        selector(w, u.root());
        w.bulk("selectors");
        w.array(u.selectors().size());
        for (Acl.SelectorView s : u.selectors()) {
            w.map(3);
            selector(w, s);
        }
    }

    private static void selector(ReplyWriter w, Acl.SelectorView s) {
        w.bulk("commands");
        w.bulk(s.commands());
        w.bulk("keys");
        w.bulk(s.keys());
        w.bulk("channels");
        w.bulk(s.channels());
    }

    private static void deluser(Acl acl, CommandContext ctx) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < ctx.argc(); i++) {
            names.add(text(ctx.arg(i)));
        }
        int removed = acl.deleteUsers(names, client(ctx));
        if (removed < 0) {
            ctx.reply().error("ERR The 'default' user cannot be removed");
        } else {
            ctx.reply().integer(removed);
        }
    }

    private static void cat(Acl acl, CommandContext ctx) {
        if (ctx.argc() > 3) {
            ctx.reply().error(unknownSubcommand(ctx));
            return;
        }
        if (ctx.argc() == 2) {
            bulks(ctx.reply(), acl.categories());
            return;
        }
        String category = text(ctx.arg(2));
        List<String> cmds = acl.commandsIn(category);
        if (cmds == null) {
            ctx.reply().error("ERR Unknown category '" + category + "'");
            return;
        }
        bulks(ctx.reply(), cmds);
    }

    private static String unknownSubcommand(CommandContext ctx) {
        return Help.subcommandSyntaxError(ctx);
    }

    /** GENPASS [bits]: that many random bits (rounded up to whole hex digits), 256 by default. */
    private static void genpass(CommandContext ctx) {
        if (ctx.argc() > 3) {
            ctx.reply().error(unknownSubcommand(ctx));
            return;
        }
        long bits = 256;
        if (ctx.argc() == 3) {
            byte[] a = ctx.arg(2);
            if (!Args.isLong(a)) {
                ctx.reply().error("ERR value is not an integer or out of range");
                return;
            }
            bits = Args.toLong(a);
            if (bits <= 0 || bits > 4096) {
                ctx.reply().error("ERR ACL GENPASS argument must be the number of bits for the output password, "
                        + "a positive number up to 4096");
                return;
            }
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] random = new byte[(chars + 1) / 2];
        Random.INSTANCE.nextBytes(random);
        ctx.reply().bulk(HexFormat.of().formatHex(random).substring(0, chars));
    }

    private static void log(Acl acl, CommandContext ctx) {
        if (ctx.argc() > 3) {
            ctx.reply().error(unknownSubcommand(ctx));
            return;
        }
        long count = 10;
        if (ctx.argc() == 3) {
            byte[] a = ctx.arg(2);
            if (Args.is(a, "RESET")) {
                acl.resetLog();
                ctx.reply().ok();
                return;
            }
            if (!Args.isLong(a)) {
                ctx.reply().error("ERR value is not an integer or out of range");
                return;
            }
            count = Math.max(0, Args.toLong(a));
        }
        List<Acl.LogEntry> entries = acl.logEntries(count);
        long now = System.currentTimeMillis();
        ReplyWriter w = ctx.reply();
        w.array(entries.size());
        for (Acl.LogEntry e : entries) {
            w.map(7);
            w.bulk("count");
            w.integer(e.count());
            w.bulk("reason");
            w.bulk(e.reason());
            w.bulk("context");
            w.bulk(e.context());
            w.bulk("object");
            w.bulk(e.object());
            w.bulk("username");
            w.bulk(e.username());
            w.bulk("age-seconds");
            w.doubleValue((now - e.createdMillis()) / 1000.0);
            w.bulk("client-info");
            w.bulk(e.clientInfo());
        }
    }

    private static void dryrun(Acl acl, CommandTable commands, CommandContext ctx) {
        String user = text(ctx.arg(2));
        if (!acl.userExists(user)) {
            ctx.reply().error("ERR User '" + user + "' not found");
            return;
        }
        byte[][] argv = Arrays.copyOfRange(ctx.argv(), 3, ctx.argc());
        RegisteredCommand cmd = commands.lookup(argv[0]);
        if (cmd != null && cmd.subcommands() != null && argv.length >= 2) {
            cmd = cmd.subcommands().lookup(argv[1]);
        }
        if (cmd == null) {
            ctx.reply().error("ERR Command '" + text(argv[0]) + "' not found");
            return;
        }
        if (!cmd.spec().arityAccepts(argv.length)) {
            ctx.reply().error("ERR wrong number of arguments for '" + cmd.fullName() + "' command");
            return;
        }
        String denied = acl.dryRun(user, cmd, argv);
        if (denied == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().bulk(denied);
        }
    }

    private static void load(Acl acl, CommandContext ctx) {
        if (!acl.hasAclFile()) {
            ctx.reply().error(NO_ACL_FILE);
            return;
        }
        String err = acl.load(client(ctx));
        if (err != null) {
            ctx.reply().error("ERR " + err);
        } else {
            ctx.reply().ok();
        }
    }

    private static void save(Acl acl, CommandContext ctx) {
        if (!acl.hasAclFile()) {
            ctx.reply().error(NO_ACL_FILE);
            return;
        }
        String err = acl.save();
        if (err != null) {
            ctx.reply().error("ERR " + err);
        } else {
            ctx.reply().ok();
        }
    }
}
