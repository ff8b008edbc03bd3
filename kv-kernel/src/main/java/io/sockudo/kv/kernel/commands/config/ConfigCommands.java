package io.sockudo.kv.kernel.commands.config;

import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.stats.ServerIdentity;
import io.sockudo.kv.kernel.stats.ServerStats;
import io.sockudo.kv.spi.Glob;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.commands.connection.ConnectionCommands;
import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.config.ConfigRewriter;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ReplyWriter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CONFIG GET/SET/RESETSTAT/REWRITE/HELP with Redis 7.0's reply shapes and error texts. */
public final class ConfigCommands {
    private static final String[] HELP = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
    };

    private ConfigCommands() {
    }

    private static CommandSpec.Builder admin(String name, int arity) {
        return CommandSpec.builder(name).arity(arity)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl("admin", "slow", "dangerous").group("server");
    }

    /**
     * @param identity where CONFIG REWRITE writes (the config file the server started with)
     * @param clients, commands, stats what CONFIG RESETSTAT resets besides {@code stats}
     */
    public static void register(ConfigRegistry config, ServerIdentity identity, ServerStats stats,
                                ClientRegistry clients, CommandTable commands, List<CommandSpec> out) {
        String perParam = "O(N) when N is the number of configuration parameters provided";
        out.add(CommandSpec.builder("config").arity(-2).acl("slow").group("server")
                .summary("A container for server configuration commands").since("2.0.0")
                .complexity("Depends on subcommand.")
                .subcommand(admin("get", -3).summary("Get the values of configuration parameters").since("2.0.0")
                        .complexity(perParam)
                        .history("7.0.0", "Added the ability to pass multiple pattern parameters in one call")
                        .args(ArgSpec.block("parameter", ArgSpec.string("parameter")).multiple())
                        .handler(ctx -> get(config, ctx)).build())
                .subcommand(admin("set", -4).tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .summary("Set configuration parameters to the given values").since("2.0.0")
                        .complexity(perParam)
                        .history("7.0.0", "Added the ability to set multiple parameters in one call.")
                        .args(ArgSpec.block("parameter_value", ArgSpec.string("parameter"), ArgSpec.string("value"))
                                .multiple())
                        .handler(ctx -> set(config, ctx)).build())
                .subcommand(admin("resetstat", 2).summary("Reset the stats returned by INFO").since("2.0.0")
                        .complexity("O(1)").handler(ctx -> {
                            resetStats(stats, clients, commands);
                            ctx.reply().ok();
                        }).build())
                .subcommand(admin("rewrite", 2).summary("Rewrite the configuration file with the in memory configuration")
                        .since("2.8.0").complexity("O(1)").handler(ctx -> rewrite(config, identity, ctx)).build())
                .subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl("slow").group("server").summary("Show helpful text about the different subcommands")
                        .since("5.0.0").complexity("O(1)").handler(ctx -> Help.reply(ctx, HELP)).build())
                .build());
    }

    private static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** CONFIG GET pattern...: every matching name (aliases too) once, as a map. */
    static void get(ConfigRegistry config, CommandContext ctx) {
        Map<String, ConfigOption> matches = new LinkedHashMap<>();
        List<String> names = null;
        for (int i = 2; i < ctx.argc(); i++) {
            String p = Args.str(ctx.arg(i));
            if (!isGlob(p)) {
                ConfigOption o = config.option(p);
                if (o != null && !matches.containsKey(p)) {
                    matches.put(p, o);
                }
                continue;
            }
            if (names == null) {
                names = config.allNames();
            }
            for (String n : names) {
                if (!matches.containsKey(n) && Glob.matches(p.getBytes(StandardCharsets.UTF_8), n.getBytes(StandardCharsets.UTF_8), true)) {
                    matches.put(n, config.option(n));
                }
            }
        }
        ReplyWriter w = ctx.reply();
        w.map(matches.size());
        for (Map.Entry<String, ConfigOption> e : matches.entrySet()) {
            w.bulk(e.getKey());
            String v = config.get(e.getValue().name());
            w.bulk(v == null ? "" : v);
        }
    }

    /** CONFIG SET name value...: all or nothing, with Redis's order of checks and texts. */
    static void set(ConfigRegistry config, CommandContext ctx) {
        if (ctx.argc() % 2 != 0) {
            throw new KvException(KvException.SYNTAX);
        }
        int count = (ctx.argc() - 2) / 2;
        List<ConfigOption> options = new ArrayList<>(count);
        List<String> values = new ArrayList<>(count);
        List<String> typed = new ArrayList<>(count);
        String unknown = null;
        String errArg = null;
        String err = null;
        for (int i = 0; i < count; i++) {
            String name = Args.str(ctx.arg(2 + 2 * i));
            ConfigOption o = config.option(name);
            if (o == null) {
                if (unknown == null && err == null) {
                    unknown = name;
                }
                continue;
            }
            if (unknown != null || err != null) {
                continue;
            }
            if (!o.mutable() || (config.isProtected(o) && !protectedAllowed(config, ctx))) {
                err = o.mutable() ? "can't set protected config" : "can't set immutable config";
                errArg = name;
                continue;
            }
            if (options.contains(o)) {
                err = "duplicate parameter";
                errArg = name;
                continue;
            }
            options.add(o);
            values.add(Args.str(ctx.arg(3 + 2 * i)));
            typed.add(name);
        }
        if (unknown != null) {
            throw new KvException("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'");
        }
        if (err != null) {
            throw new KvException(failed(errArg, err));
        }
        ConfigRegistry.SetFailure f = config.setAll(options, values);
        if (f != null) {
            // Redis names the option as registered under the name used (an alias stays an alias).
            throw new KvException(failed(typed.get(f.index()).toLowerCase(Locale.ROOT), f.reason()));
        }
        ctx.reply().ok();
    }

    private static String failed(String arg, String reason) {
        return "ERR CONFIG SET failed (possibly related to argument '" + arg + "') - " + reason;
    }

    /** Redis's enable-protected-configs: yes, or local for loopback clients. */
    private static boolean protectedAllowed(ConfigRegistry config, CommandContext ctx) {
        String mode = config.get("enable-protected-configs");
        if ("yes".equals(mode)) {
            return true;
        }
        if (!"local".equals(mode)) {
            return false;
        }
        return ConnectionCommands.client(ctx).isLocal();
    }

    /** CONFIG RESETSTAT: the counters behind INFO stats, commandstats and errorstats. */
    static void resetStats(ServerStats stats, ClientRegistry clients, CommandTable commands) {
        stats.reset();
        clients.totalConnections.reset();
        clients.rejectedConnections.reset();
        clients.evictedClients.reset();
        for (RegisteredCommand c : commands.all()) {
            reset(c);
            if (c.subcommands() != null) {
                for (RegisteredCommand sub : c.subcommands().all()) {
                    reset(sub);
                }
            }
        }
    }

    private static void reset(RegisteredCommand c) {
        c.calls.reset();
        c.micros.reset();
        c.rejectedCalls.reset();
        c.failedCalls.reset();
        c.resetLatency();
    }

    static void rewrite(ConfigRegistry config, ServerIdentity identity, CommandContext ctx) {
        Path file = identity.configFile();
        if (file == null) {
            throw new KvException("ERR The server is running without a config file");
        }
        try {
            ConfigRewriter.rewrite(file, config);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new KvException("ERR Rewriting config file: Permission denied");
        } catch (IOException e) {
            throw new KvException("ERR Rewriting config file: " + e.getMessage());
        }
        ctx.reply().ok();
    }
}
