package io.sockudo.kv.kernel.commands.client;

import io.sockudo.kv.kernel.blocking.BlockingManager;
import io.sockudo.kv.kernel.client.Authentication;
import io.sockudo.kv.kernel.client.ClientDescriber;
import io.sockudo.kv.kernel.client.ClientPause;
import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.client.ConnectionListeners;
import io.sockudo.kv.kernel.command.CommandPipeline;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.module.ModuleManager;
import io.sockudo.kv.kernel.pubsub.PubSub;
import io.sockudo.kv.kernel.tracking.Tracking;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ClientPause;
import io.sockudo.kv.kernel.client.ConnectionListener;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Connection management: HELLO, AUTH, RESET and the CLIENT container (ID, INFO, LIST, SETNAME,
 * GETNAME, KILL, PAUSE, UNPAUSE, REPLY, NO-EVICT, NO-TOUCH, SETINFO, GETREDIR, TRACKINGINFO,
 * CACHING, HELP), with Redis 7.0's replies and error texts. NO-TOUCH and SETINFO are Redis 7.2
 * commands that Redis clients send on connect.
 */
public final class ClientCommands {
    static final String SYNTAX_ERROR = "ERR syntax error";
    static final String BAD_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

    private static final String[] HELP = {
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
            "HELP",
            "    Prints this help.",
    };

    private ClientCommands() {
    }

    /** Renders a client as its CLIENT LIST line, for log lines outside a command. */
    public static ClientDescriber describer(ClientRegistry clients, PubSub pubsub, Tracking tracking) {
        return new ClientListing(clients, pubsub, tracking)::describe;
    }

    /**
     * Registers the connection and CLIENT commands (AUTH, HELLO, RESET, CLIENT ...) and what they
     * hook into: the PAUSE stage of the pipeline and a connection listener (authentication state
     * of a new connection).
     */
    public static void register(ClientRegistry clients, ClientPause pause, Authentication authentication,
                                io.sockudo.kv.kernel.acl.Acl acl, ConfigRegistry config, ModuleManager modules, BlockingManager blocking,
                                CommandPipeline pipeline, ConnectionListeners connectionListeners, PubSub pubsub,
                                Tracking tracking, List<CommandSpec> out) {
        ConnectionAuth auth = new ConnectionAuth(authentication, acl, config, modules, connectionListeners);
        ClientListing listing = new ClientListing(clients, pubsub, tracking);
        ClientKill kill = new ClientKill(clients, acl::userExists);
        pipeline.add(CommandPipeline.Stage.PAUSE, new PauseStage(pause));

        out.add(CommandSpec.builder("hello").arity(-1)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                        CommandFlag.NO_AUTH, CommandFlag.ALLOW_BUSY)
                .acl("fast", "connection").group("connection").summary("Handshake with Redis")
                .since("6.0.0").complexity("O(1)")
                .history("6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context.")
                .args(
                    ArgSpec.block("arguments",
                        ArgSpec.integer("protover"),
                        ArgSpec.block("username_password",
                            ArgSpec.string("username"),
                            ArgSpec.string("password")).token("AUTH").optional(),
                        ArgSpec.string("clientname").token("SETNAME").optional()).optional())
                .handler(auth::hello).build());
        out.add(CommandSpec.builder("auth").arity(-2)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                        CommandFlag.NO_AUTH, CommandFlag.ALLOW_BUSY)
                .acl("fast", "connection").group("connection").summary("Authenticate to the server")
                .since("1.0.0").complexity("O(N) where N is the number of passwords defined for the user")
                .history("6.0.0", "Added ACL style (username and password).")
                .args(ArgSpec.string("username").since("6.0.0").optional(), ArgSpec.string("password"))
                .handler(auth::auth).build());
        out.add(CommandSpec.builder("reset").arity(1)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                        CommandFlag.NO_AUTH, CommandFlag.ALLOW_BUSY)
                .acl("fast", "connection").group("connection").summary("Reset the connection")
                .since("6.2.0").complexity("O(1)")
                .handler(auth::reset).build());

        CommandSpec.Builder client = CommandSpec.builder("client").arity(-2).acl("slow").group("connection")
                .summary("A container for client connection commands").since("2.4.0")
                .complexity("Depends on subcommand.");
        client.subcommand(sub("setname", 3, "Set the current connection name", "2.6.9", "O(1)")
                .args(ArgSpec.string("connection-name"))
                .handler(ClientCommands::setName).build());
        client.subcommand(sub("id", 2, "Returns the client ID for the current connection", "5.0.0", "O(1)")
                .handler(ctx -> ctx.reply().integer(ctx.client().id())).build());
        client.subcommand(sub("getredir", 2, "Get tracking notifications redirection client ID if any", "6.0.0",
                "O(1)").handler(ctx -> ctx.reply().integer(tracking.redirect(client(ctx)))).build());
        client.subcommand(sub("caching", 3, "Instruct the server about tracking or not keys in the next request",
                "6.0.0", "O(1)")
                .args(
                    ArgSpec.oneOf("mode",
                        ArgSpec.pureToken("yes", "YES"),
                        ArgSpec.pureToken("no", "NO")))
                .handler(ctx -> caching(tracking, ctx)).build());
        client.subcommand(CommandSpec.builder("tracking").arity(-3)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl("slow", "connection").group("connection")
                .summary("Enable or disable server assisted client side caching support").since("6.0.0")
                .complexity("O(1). Some options may introduce additional complexity.")
                .args(ArgSpec.oneOf("status", ArgSpec.pureToken("on", "ON"), ArgSpec.pureToken("off", "OFF")),
                        ArgSpec.integer("client-id").token("REDIRECT").optional(),
                        ArgSpec.string("prefix").token("PREFIX").optional().multiple().multipleToken(),
                        ArgSpec.pureToken("bcast", "BCAST").optional(),
                        ArgSpec.pureToken("optin", "OPTIN").optional(),
                        ArgSpec.pureToken("optout", "OPTOUT").optional(),
                        ArgSpec.pureToken("noloop", "NOLOOP").optional())
                .handler(ctx -> trackingCommand(clients, tracking, ctx)).build());
        client.subcommand(admin("kill", -3, "Kill the connection of a client", "2.4.0",
                "O(N) where N is the number of client connections")
                .history("2.8.12", "Added new filter format.")
                .history("2.8.12", "`ID` option.")
                .history("3.2.0", "Added `master` type in for `TYPE` option.")
                .history("5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.")
                .history("6.2.0", "`LADDR` option.")
                .args(
                    ArgSpec.oneOf("filter",
                        ArgSpec.string("ip:port").deprecatedSince("2.8.12"),
                        ArgSpec.oneOf("new-format",
                            ArgSpec.integer("client-id").token("ID").since("2.8.12").optional(),
                            ArgSpec.oneOf("normal_master_slave_pubsub",
                                ArgSpec.pureToken("normal", "NORMAL"),
                                ArgSpec.pureToken("master", "MASTER").since("3.2.0"),
                                ArgSpec.pureToken("slave", "SLAVE"),
                                ArgSpec.pureToken("replica", "REPLICA").since("5.0.0"),
                                ArgSpec.pureToken("pubsub", "PUBSUB")).token("TYPE").since("2.8.12").optional(),
                            ArgSpec.string("username").token("USER").optional(),
                            ArgSpec.string("ip:port").token("ADDR").optional(),
                            ArgSpec.string("ip:port").token("LADDR").since("6.2.0").optional(),
                            ArgSpec.string("yes/no").token("SKIPME").optional()).multiple()))
                .handler(kill::kill).build());
        client.subcommand(sub("reply", 3, "Instruct the server whether to reply to commands", "3.2.0", "O(1)")
                .args(
                    ArgSpec.oneOf("on_off_skip",
                        ArgSpec.pureToken("on", "ON"),
                        ArgSpec.pureToken("off", "OFF"),
                        ArgSpec.pureToken("skip", "SKIP")))
                .handler(ClientCommands::reply).build());
        client.subcommand(sub("getname", 2, "Get the current connection name", "2.6.9", "O(1)")
                .handler(ClientCommands::getName).build());
        client.subcommand(sub("trackinginfo", 2,
                "Return information about server assisted client side caching for the current connection",
                "6.2.0", "O(1)").handler(ctx -> trackingInfo(tracking, ctx)).build());
        client.subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                .acl("slow", "connection").group("connection")
                .summary("Show helpful text about the different subcommands").since("5.0.0").complexity("O(1)")
                .handler(ClientCommands::help).build());
        client.subcommand(sub("info", 2, "Returns information about the current client connection.", "6.2.0",
                "O(1)").tips("nondeterministic_output").handler(listing::info).build());
        client.subcommand(admin("no-evict", 3, "Set client eviction mode for the current connection", "7.0.0",
                "O(1)")
                .args(
                    ArgSpec.oneOf("enabled",
                        ArgSpec.pureToken("on", "ON"),
                        ArgSpec.pureToken("off", "OFF")))
                .handler(ClientCommands::noEvict).build());
        client.subcommand(admin("unblock", -3, "Unblock a client blocked in a blocking command from a different connection",
                "5.0.0", "O(log N) where N is the number of client connections")
                .args(
                    ArgSpec.integer("client-id"),
                    ArgSpec.oneOf("timeout_error",
                        ArgSpec.pureToken("timeout", "TIMEOUT"),
                        ArgSpec.pureToken("error", "ERROR")).optional())
                .handler(ctx -> unblock(clients, blocking, ctx)).build());
        client.subcommand(admin("unpause", 2, "Resume processing of clients that were paused", "6.2.0",
                "O(N) Where N is the number of paused clients").handler(ctx -> unpause(pause, ctx)).build());
        client.subcommand(admin("list", -2, "Get the list of client connections", "2.4.0",
                "O(N) where N is the number of client connections").tips("nondeterministic_output")
                .history("2.8.12", "Added unique client `id` field.")
                .history("5.0.0", "Added optional `TYPE` filter.")
                .history("6.0.0", "Added `user` field.")
                .history("6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.")
                .history("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields.")
                .history("7.0.3", "Added `ssub` field.")
                .args(
                    ArgSpec.oneOf("normal_master_replica_pubsub",
                        ArgSpec.pureToken("normal", "NORMAL"),
                        ArgSpec.pureToken("master", "MASTER"),
                        ArgSpec.pureToken("replica", "REPLICA"),
                        ArgSpec.pureToken("pubsub", "PUBSUB")).token("TYPE").since("5.0.0").optional(),
                    ArgSpec.block("id",
                        ArgSpec.integer("client-id").multiple()).token("ID").since("6.2.0").optional())
                .handler(listing::list).build());
        client.subcommand(admin("pause", -3, "Stop processing commands from clients for some time", "2.9.50",
                "O(1)")
                .history("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option.")
                .args(
                    ArgSpec.integer("timeout"),
                    ArgSpec.oneOf("mode",
                        ArgSpec.pureToken("write", "WRITE"),
                        ArgSpec.pureToken("all", "ALL")).since("6.2.0").optional())
                .handler(ctx -> pause(pause, ctx)).build());
        client.subcommand(sub("no-touch", 3,
                "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.", "7.2.0",
                "O(1)").handler(ClientCommands::noTouch).build());
        client.subcommand(sub("setinfo", 4, "Sets information specific to the client or connection.", "7.2.0",
                "O(1)").handler(ClientCommands::setInfo).build());
        out.add(client.build());
    }

    /** A CLIENT subcommand with the flags and ACL categories most of them share. */
    private static CommandSpec.Builder sub(String name, int arity, String summary, String since, String complexity) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl("slow", "connection").group("connection").summary(summary).since(since).complexity(complexity);
    }

    /** A CLIENT subcommand reserved to administrators (KILL, LIST, PAUSE...). */
    private static CommandSpec.Builder admin(String name, int arity, String summary, String since, String complexity) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl("admin", "slow", "dangerous", "connection").group("connection")
                .summary(summary).since(since).complexity(complexity);
    }

    static Client client(CommandContext ctx) {
        return ((ExecutionContext) ctx).clientState();
    }

    /** Redis's rule for names and SETINFO values: printable ASCII without spaces. */
    static boolean validName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets (or with an empty name, clears) the connection name; false, with the error written,
     * when the name is not acceptable.
     */
    static boolean setNameOrReply(Client c, byte[] name, CommandContext ctx) {
        if (!validName(name)) {
            ctx.reply().error(BAD_NAME);
            return false;
        }
        c.name(name.length == 0 ? null : new String(name, StandardCharsets.US_ASCII));
        return true;
    }

    static void setName(CommandContext ctx) {
        if (setNameOrReply(client(ctx), ctx.arg(2), ctx)) {
            ctx.reply().ok();
        }
    }

    static void getName(CommandContext ctx) {
        String name = ctx.client().name();
        if (name == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(name);
        }
    }

    static void reply(CommandContext ctx) {
        Client c = client(ctx);
        byte[] mode = ctx.arg(2);
        if (Args.is(mode, "ON")) {
            // Also ends a SKIP that covers this very command, so its OK is sent (as Redis does).
            c.replyOff(false);
            c.replySkipNext(false);
            c.replySkip(false);
            ((ExecutionContext) ctx).writer().discard(false);
            ctx.reply().ok();
        } else if (Args.is(mode, "OFF")) {
            c.replyOff(true);
        } else if (Args.is(mode, "SKIP")) {
            if (!c.replyOff()) {
                c.replySkipNext(true);
            }
        } else {
            ctx.reply().error(SYNTAX_ERROR);
        }
    }

    static void noEvict(CommandContext ctx) {
        byte[] v = ctx.arg(2);
        if (Args.is(v, "ON")) {
            client(ctx).noEvict(true);
        } else if (Args.is(v, "OFF")) {
            client(ctx).noEvict(false);
        } else {
            ctx.reply().error(SYNTAX_ERROR);
            return;
        }
        ctx.reply().ok();
    }

    static void noTouch(CommandContext ctx) {
        byte[] v = ctx.arg(2);
        if (Args.is(v, "ON")) {
            client(ctx).noTouch(true);
        } else if (Args.is(v, "OFF")) {
            client(ctx).noTouch(false);
        } else {
            ctx.reply().error(SYNTAX_ERROR);
            return;
        }
        ctx.reply().ok();
    }

    /** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2): shown by CLIENT LIST/INFO. */
    static void setInfo(CommandContext ctx) {
        byte[] attr = ctx.arg(2);
        boolean libName = Args.is(attr, "LIB-NAME");
        if (!libName && !Args.is(attr, "LIB-VER")) {
            ctx.reply().error("ERR Unrecognized option '" + text(attr) + "'");
            return;
        }
        byte[] value = ctx.arg(3);
        if (!validName(value)) {
            ctx.reply().error("ERR " + text(attr) + " cannot contain spaces, newlines or special characters.");
            return;
        }
        String v = value.length == 0 ? null : new String(value, StandardCharsets.US_ASCII);
        if (libName) {
            client(ctx).libName(v);
        } else {
            client(ctx).libVer(v);
        }
        ctx.reply().ok();
    }

    /** CLIENT TRACKINGINFO: flags, redirect and prefixes, as Redis 7.0 reports them. */
    static void trackingInfo(Tracking tracking, CommandContext ctx) {
        Client c = client(ctx);
        List<String> flags = tracking.flags(c);
        ctx.reply().map(3);
        ctx.reply().bulk("flags");
        ctx.reply().set(flags.size());
        for (String f : flags) {
            ctx.reply().bulk(f);
        }
        ctx.reply().bulk("redirect");
        ctx.reply().integer(tracking.redirect(c));
        ctx.reply().bulk("prefixes");
        List<byte[]> prefixes = tracking.prefixes(c);
        ctx.reply().array(prefixes.size());
        for (byte[] p : prefixes) {
            ctx.reply().bulk(p);
        }
    }

    static void caching(Tracking tracking, CommandContext ctx) {
        byte[] opt = ctx.arg(2);
        Client c = client(ctx);
        String err;
        if (tracking.redirect(c) < 0) {
            err = tracking.caching(c, true); // not tracking: Redis's first error, whatever the option
        } else if (Args.is(opt, "yes")) {
            err = tracking.caching(c, true);
        } else if (Args.is(opt, "no")) {
            err = tracking.caching(c, false);
        } else {
            err = SYNTAX_ERROR;
        }
        if (err != null) {
            ctx.reply().error(err);
        } else {
            ctx.reply().ok();
        }
    }

    /** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p]... [BCAST] [OPTIN] [OPTOUT] [NOLOOP], as Redis parses it. */
    static void trackingCommand(ClientRegistry clients, Tracking tracking, CommandContext ctx) {
        long redirect = 0;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        boolean noloop = false;
        List<byte[]> prefixes = new java.util.ArrayList<>();
        int argc = ctx.argc();
        for (int j = 3; j < argc; j++) {
            byte[] a = ctx.arg(j);
            boolean more = j + 1 < argc;
            if (Args.is(a, "redirect") && more) {
                j++;
                if (redirect != 0) {
                    ctx.reply().error("ERR A client can only redirect to a single other client");
                    return;
                }
                if (!Args.isLong(ctx.arg(j))) {
                    ctx.reply().error("ERR value is not an integer or out of range");
                    return;
                }
                redirect = Args.toLong(ctx.arg(j));
                if (clients.get(redirect) == null) {
                    ctx.reply().error("ERR The client ID you want redirect to does not exist");
                    return;
                }
            } else if (Args.is(a, "bcast")) {
                bcast = true;
            } else if (Args.is(a, "optin")) {
                optin = true;
            } else if (Args.is(a, "optout")) {
                optout = true;
            } else if (Args.is(a, "noloop")) {
                noloop = true;
            } else if (Args.is(a, "prefix") && more) {
                prefixes.add(ctx.arg(++j));
            } else {
                ctx.reply().error(SYNTAX_ERROR);
                return;
            }
        }
        Client c = client(ctx);
        if (Args.is(ctx.arg(2), "on")) {
            String err = tracking.enable(c, new Tracking.Options(redirect, bcast, optin, optout, noloop, prefixes));
            if (err != null) {
                ctx.reply().error(err);
                return;
            }
        } else if (Args.is(ctx.arg(2), "off")) {
            tracking.disable(c);
        } else {
            ctx.reply().error(SYNTAX_ERROR);
            return;
        }
        ctx.reply().ok();
    }

    static void help(CommandContext ctx) {
        ctx.reply().array(HELP.length);
        for (String line : HELP) {
            ctx.reply().simple(line);
        }
    }

    /** CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked first, then the timeout, as Redis does. */
    static void pause(ClientPause pause, CommandContext ctx) {
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (ctx.argc() == 4) {
            byte[] m = ctx.arg(3);
            if (Args.is(m, "ALL")) {
                mode = ClientPause.Mode.ALL;
            } else if (Args.is(m, "WRITE")) {
                mode = ClientPause.Mode.WRITE;
            } else {
                ctx.reply().error("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        } else if (ctx.argc() != 3) {
            ctx.reply().error("ERR unknown subcommand or wrong number of arguments for '" + text(ctx.arg(1))
                    + "'. Try CLIENT HELP.");
            return;
        }
        byte[] t = ctx.arg(2);
        if (!Args.isLong(t)) {
            ctx.reply().error("ERR timeout is not an integer or out of range");
            return;
        }
        long timeout = Args.toLong(t);
        if (timeout < 0) {
            ctx.reply().error("ERR timeout is negative");
            return;
        }
        // Redis 7.0 adds the clock without an overflow check: a huge timeout wraps and pauses nothing.
        long end = timeout == 0 ? 0 : timeout + System.currentTimeMillis();
        pause.pause(mode, end);
        ctx.reply().ok();
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: releases a blocked client with its timeout reply or an error. */
    static void unblock(ClientRegistry clients, BlockingManager blocking, CommandContext ctx) {
        if (ctx.argc() > 4) {
            throw new KvException("ERR unknown subcommand or wrong number of arguments for '"
                    + Args.cString(ctx.arg(1)) + "'. Try CLIENT HELP.");
        }
        long id = Args.toLong(ctx.arg(2));
        String error = null;
        if (ctx.argc() == 4) {
            if (Args.is(ctx.arg(3), "ERROR")) {
                error = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
            } else if (!Args.is(ctx.arg(3), "TIMEOUT")) {
                throw new KvException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        Client target = clients.get(id);
        ctx.reply().integer(target != null && blocking.unblock(target, error) ? 1 : 0);
    }

    static void unpause(ClientPause pause, CommandContext ctx) {
        pause.unpause();
        ctx.reply().ok();
    }

    /** An argument as C's %s would print it (up to a NUL). */
    static String text(byte[] b) {
        return io.sockudo.kv.spi.Args.cString(b);
    }
}
