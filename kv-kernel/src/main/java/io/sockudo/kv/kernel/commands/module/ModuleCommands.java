package io.sockudo.kv.kernel.commands.module;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.module.ModuleManager;
import io.sockudo.kv.kernel.module.PluginLoader;
import io.sockudo.kv.kernel.module.TypeRegistry;
import io.sockudo.kv.kernel.keyspace.ShardLocks;
import io.sockudo.kv.kernel.module.LoadedModule;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.ReplyWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MODULE LIST/LOAD/LOADEX/UNLOAD/HELP. Modules are the built-in families (found at start-up) and
 * plugins loaded from files through the {@link PluginLoader} (PF4J). Loading errors get Redis's
 * generic reply, with the reason in the server log, as Redis does.
 */
public final class ModuleCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleCommands.class);

    /** The path MODULE LIST shows for a family that was built in rather than loaded from a file. */
    public static final String BUILTIN_PATH = "builtin";
    static final String LOAD_FAILED = "ERR Error loading the extension. Please check the server logs.";

    private static final String[] HELP = {
        "MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LIST",
        "    Return a list of loaded modules.",
        "LOAD <path> [<arg> ...]",
        "    Load a module library from <path>, passing to it any optional arguments.",
        "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
        "    Load a module library from <path>, while passing it module configurations and optional arguments.",
        "UNLOAD <name>",
        "    Unload a module.",
        "HELP",
        "    Prints this help.",
    };

    private ModuleCommands() {
    }

    /** The collaborators of the MODULE commands. */
    private record Modules(ModuleManager manager, PluginLoader plugins, TypeRegistry types, Keyspaces keyspaces,
                           ConfigRegistry config) {
    }

    public static void register(ModuleManager manager, PluginLoader plugins, TypeRegistry types, Keyspaces keyspaces,
                                ConfigRegistry config, List<CommandSpec> out) {
        Modules mods = new Modules(manager, plugins, types, keyspaces, config);
        out.add(CommandSpec.builder("module").arity(-2).acl("slow").group("server")
                .summary("A container for module commands").since("4.0.0").complexity("Depends on subcommand.")
                .subcommand(CommandSpec.builder("help").arity(2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl("slow").group("server").summary("Show helpful text about the different subcommands")
                        .since("5.0.0").complexity("O(1)").handler(ModuleCommands::help).build())
                .subcommand(CommandSpec.builder("list").arity(2).flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT)
                        .acl("admin", "slow", "dangerous").group("server")
                        .summary("List all modules loaded by the server").since("4.0.0")
                        .complexity("O(N) where N is the number of loaded modules.")
                        .tips("nondeterministic_output_order")
                        .handler(ctx -> writeList(mods.manager(), ctx.reply())).build())
                .subcommand(CommandSpec.builder("load").arity(-3)
                        .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING,
                                CommandFlag.PROTECTED)
                        .acl("admin", "slow", "dangerous").group("server").summary("Load a module")
                        .since("4.0.0").complexity("O(1)")
                        .args(ArgSpec.string("path"), ArgSpec.string("arg").optional().multiple())
                        .handler(ctx -> load(mods, ctx)).build())
                .subcommand(CommandSpec.builder("loadex").arity(-3)
                        .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING,
                                CommandFlag.PROTECTED)
                        .acl("admin", "slow", "dangerous").group("server")
                        .summary("Load a module with extended parameters")
                        .since("7.0.0").complexity("O(1)")
                        .args(
                            ArgSpec.string("path"),
                            ArgSpec.block("configs",
                                ArgSpec.string("name"),
                                ArgSpec.string("value")).token("CONFIG").optional().multiple().multipleToken(),
                            ArgSpec.block("args",
                                ArgSpec.string("arg")).token("ARGS").optional().multiple())
                        .handler(ctx -> loadex(mods, ctx)).build())
                .subcommand(CommandSpec.builder("unload").arity(3)
                        .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING,
                                CommandFlag.PROTECTED)
                        .acl("admin", "slow", "dangerous").group("server").summary("Unload a module")
                        .since("4.0.0").complexity("O(1)")
                        .args(ArgSpec.string("name"))
                        .handler(ctx -> unload(mods, ctx)).build())
                .build());
    }

    static void help(CommandContext ctx) {
        ReplyWriter r = ctx.reply();
        r.array(HELP.length);
        for (String line : HELP) {
            r.simple(line);
        }
    }

    /**
     * Writes the module list in Redis 7.0's shape: an array of maps {@code name}, {@code ver},
     * {@code path}, {@code args} (also what HELLO's {@code modules} field carries).
     */
    public static void writeList(ModuleManager manager, ReplyWriter r) {
        writeList(manager.all(), r);
    }

    /** Writes the given modules in the shape of {@link #writeList(ModuleManager, ReplyWriter)}. */
    public static void writeList(List<LoadedModule> all, ReplyWriter r) {
        r.array(all.size());
        for (LoadedModule m : all) {
            r.map(4);
            r.bulk("name");
            r.bulk(m.module().name());
            r.bulk("ver");
            r.integer(m.module().version());
            r.bulk("path");
            r.bulk(m.path() == null ? BUILTIN_PATH : m.path());
            r.bulk("args");
            r.array(m.args().size());
            for (String a : m.args()) {
                r.bulk(a);
            }
        }
    }

    static void load(Modules mods, CommandContext ctx) {
        List<String> args = new ArrayList<>();
        for (int i = 3; i < ctx.argc(); i++) {
            args.add(Args.str(ctx.arg(i)));
        }
        String path = Args.str(ctx.arg(2));
        if (loadWithConfigs(mods, path, args, Map.of())) {
            ctx.reply().ok();
        } else {
            ctx.reply().error(LOAD_FAILED);
        }
    }

    static void loadex(Modules mods, CommandContext ctx) {
        String path = Args.str(ctx.arg(2));
        LoadexArgs parsed = LoadexArgs.parse(ctx.argv(), 3);
        if (parsed.error() != null) {
            LOG.warn("Module {} failed to load: {}", path, parsed.error());
            ctx.reply().error(LOAD_FAILED);
            return;
        }
        if (loadWithConfigs(mods, path, parsed.args(), parsed.configs())) {
            ctx.reply().ok();
        } else {
            ctx.reply().error(LOAD_FAILED);
        }
    }

    /**
     * Loads a plugin and applies LOADEX configs to the options it registered. Runs under every
     * shard lock, as Redis loads modules on its only thread: no command sees a half-configured
     * module. Returns false (after logging why) when it failed; nothing stays loaded then.
     */
    static boolean loadWithConfigs(Modules mods, String path, List<String> args, Map<String, String> configs) {
        ShardLocks locks = mods.keyspaces().locks();
        long all = locks.allMask();
        locks.lockMask(all);
        try {
            String name;
            try {
                name = mods.plugins().load(path, args);
            } catch (RuntimeException e) {
                LOG.warn("Module {} failed to load: {}", path, e.getMessage(), e.getCause());
                return false;
            }
            String err = applyConfigs(mods, name, configs);
            if (err != null) {
                LOG.warn("Module {} failed to load: {}; unloading it", path, err);
                mods.manager().unregister(name);
                return false;
            }
            return true;
        } finally {
            locks.unlockMask(all);
        }
    }

    /** Sets each config, which must name an option of the module; returns the first error or null. */
    private static String applyConfigs(Modules mods, String module, Map<String, String> configs) {
        if (configs.isEmpty()) {
            return null;
        }
        List<String> own = mods.manager().configOptionsOf(module);
        for (Map.Entry<String, String> c : configs.entrySet()) {
            ConfigOption o = mods.config().option(c.getKey());
            if (o == null || !own.contains(o.name())) {
                return "module '" + module + "' has no config option '" + c.getKey() + "'";
            }
            String err = mods.config().set(o.name(), c.getValue());
            if (err != null) {
                return "config '" + c.getKey() + "': " + err;
            }
        }
        return null;
    }

    static void unload(Modules mods, CommandContext ctx) {
        String err = ModuleUnloader.unload(mods.manager(), mods.types(), mods.keyspaces(), Args.str(ctx.arg(2)));
        if (err == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().error(err);
        }
    }
}
