package io.sockudo.kv.kernel.commands.module;

import io.sockudo.kv.kernel.command.BlockedClients;
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
    /** Redis's text for a failed load, followed here by the one-line reason (the log has the details). */
    static final String LOAD_FAILED_PREFIX = "ERR Error loading the extension. ";

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
                           ConfigRegistry config, BlockedClients blocked) {
    }

    public static void register(ModuleManager manager, PluginLoader plugins, TypeRegistry types, Keyspaces keyspaces,
                                ConfigRegistry config, BlockedClients blocked, List<CommandSpec> out) {
        Modules mods = new Modules(manager, plugins, types, keyspaces, config, blocked);
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

    /**
     * {@code MODULE RELOAD}, our extension: registered beside the MODULE container's subcommands
     * rather than in its spec, so MODULE HELP, COMMAND INFO and COMMAND DOCS of MODULE stay
     * redis-server's byte for byte (see {@code CommandRegistrar.addHiddenSubcommand}).
     */
    public static CommandSpec reloadSubcommand(ModuleManager manager, PluginLoader plugins, TypeRegistry types,
                                               Keyspaces keyspaces, ConfigRegistry config, BlockedClients blocked) {
        Modules mods = new Modules(manager, plugins, types, keyspaces, config, blocked);
        return CommandSpec.builder("reload").arity(-3)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING, CommandFlag.PROTECTED)
                .acl("admin", "slow", "dangerous").group("server")
                .summary("Replace a plugin with a new version, keeping its keys (sockudo-kv extension)")
                .since("0.1.0").complexity("O(N) where N is the number of keys of the module's types.")
                .args(ArgSpec.string("name"), ArgSpec.string("path").optional())
                .handler(ctx -> reload(mods, ctx)).build();
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
        loadAsync(mods, ctx, Args.str(ctx.arg(2)), args, Map.of());
    }

    static void loadex(Modules mods, CommandContext ctx) {
        String path = Args.str(ctx.arg(2));
        LoadexArgs parsed = LoadexArgs.parse(ctx.argv(), 3);
        if (parsed.error() != null) {
            LOG.warn("Module {} failed to load: {}", path, parsed.error());
            ctx.reply().error(LOAD_FAILED_PREFIX + parsed.error());
            return;
        }
        loadAsync(mods, ctx, path, parsed.args(), parsed.configs());
    }

    /** What preparing a plugin off the event loop gave: the staged plugin, or why it failed. */
    private record Preparation(PluginLoader.Prepared prepared, String error) {
    }

    /**
     * MODULE LOAD/LOADEX: the slow part (opening the jar, loading classes, the modules' register
     * calls) runs on a worker thread while the event loop serves everyone else; the switch
     * (registering everything, applying LOADEX configs) then runs on the event loop under every
     * shard lock, so no command sees a half-loaded module.
     */
    private static void loadAsync(Modules mods, CommandContext ctx, String path, List<String> args,
                                  Map<String, String> configs) {
        ctx.offload(() -> prepare(mods, path, args, null), (c, prep) -> {
            String err = prep.error() != null ? prep.error() : commitWithConfigs(mods, path, prep.prepared(), configs);
            if (err == null) {
                c.reply().ok();
            } else {
                c.reply().error(LOAD_FAILED_PREFIX + err);
            }
        });
    }

    private static Preparation prepare(Modules mods, String path, List<String> args, String replacing) {
        try {
            return new Preparation(mods.plugins().prepare(path, args, replacing), null);
        } catch (RuntimeException e) {
            logFailure(path, e);
            return new Preparation(null, oneLine(e.getMessage()));
        }
    }

    private static void logFailure(String path, RuntimeException e) {
        if (e.getCause() != null) {
            LOG.warn("Module {} failed to load: {}", path, e.getMessage(), e.getCause());
        } else {
            LOG.warn("Module {} failed to load: {}", path, e.getMessage());
        }
    }

    private static String oneLine(String s) {
        return String.valueOf(s).replace('\r', ' ').replace('\n', ' ');
    }

    /**
     * Loads a plugin at once and applies LOADEX-style configs (start-up {@code loadmodule} goes
     * through {@link PluginLoader#load}; this is for callers that have configs). Returns null or
     * the reason it failed; nothing stays loaded then.
     */
    static String loadWithConfigs(Modules mods, String path, List<String> args, Map<String, String> configs) {
        Preparation p = prepare(mods, path, args, null);
        return p.error() != null ? p.error() : commitWithConfigs(mods, path, p.prepared(), configs);
    }

    /** The switch: registers the prepared plugin and applies the configs, under every shard lock. */
    private static String commitWithConfigs(Modules mods, String path, PluginLoader.Prepared prepared,
                                            Map<String, String> configs) {
        ShardLocks locks = mods.keyspaces().locks();
        long all = locks.allMask();
        List<ModuleManager.Staged> undo = new ArrayList<>();
        locks.lockMask(all);
        try {
            List<LoadedModule> loaded;
            try {
                loaded = prepared.commit();
            } catch (RuntimeException e) {
                logFailure(path, e);
                return oneLine(e.getMessage());
            }
            String name = loaded.get(0).module().name();
            String err = applyConfigs(mods, name, configs);
            if (err == null) {
                return null;
            }
            LOG.warn("Module {} failed to load: {}; unloading it", path, err);
            for (LoadedModule m : loaded) {
                undo.add(mods.manager().retire(m.module().name()));
            }
            return err;
        } finally {
            locks.unlockMask(all);
            undo.forEach(mods.manager()::finishUnload);
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

    /**
     * MODULE UNLOAD: the switch first (under every shard lock: the key check, then the module's
     * commands, types, options... go at once), then the slow part off the event loop (the module's
     * unload hook, closing its class loader), then the reply.
     */
    static void unload(Modules mods, CommandContext ctx) {
        ModuleUnloader.Result r = ModuleUnloader.retire(mods.manager(), mods.types(), mods.keyspaces(), mods.blocked(),
                Args.str(ctx.arg(2)));
        if (r.error() != null) {
            ctx.reply().error(r.error());
            return;
        }
        ctx.offload(() -> {
            mods.manager().finishUnload(r.retired());
            return Boolean.TRUE;
        }, (c, done) -> c.reply().ok());
    }

    /**
     * MODULE RELOAD name [path]: an extension of ours. Loads the new version of the plugin that
     * provides {@code name} off the event loop, then under every shard lock serialises every key
     * of the old version's types with the old codec, reads them back with the new one (the
     * record's encoding version passed in), and swaps the versions; the old one is then unloaded
     * off the event loop. If the new version cannot read a key, the old one stays loaded.
     */
    static void reload(Modules mods, CommandContext ctx) {
        String name = Args.str(ctx.arg(2));
        LoadedModule lm = mods.manager().get(name);
        if (lm == null) {
            ctx.reply().error(ModuleReloader.RELOAD_FAILED + "no such module with that name");
            return;
        }
        String pluginId = mods.plugins().pluginOf(name);
        if (pluginId == null) {
            ctx.reply().error(ModuleReloader.RELOAD_FAILED + "module '" + name
                    + "' was not loaded from a plugin file");
            return;
        }
        String path = ctx.argc() > 3 ? Args.str(ctx.arg(3)) : lm.path();
        List<String> args = lm.args();
        ctx.offload(() -> prepare(mods, path, args, pluginId), (c, prep) -> {
            if (prep.error() != null) {
                c.reply().error(ModuleReloader.RELOAD_FAILED + prep.error());
                return;
            }
            ModuleReloader.Outcome o = ModuleReloader.swap(mods.manager(), mods.plugins(), mods.types(),
                    mods.keyspaces(), mods.config(), pluginId, prep.prepared());
            if (o.error() != null) {
                c.reply().error(ModuleReloader.RELOAD_FAILED + o.error());
                return;
            }
            // the old version's unload hook and class loader, off the event loop
            Thread t = new Thread(() -> o.replaced().forEach(mods.manager()::finishUnload), "kv-module-unload");
            t.setDaemon(true);
            t.start();
            c.reply().ok();
        });
    }
}
