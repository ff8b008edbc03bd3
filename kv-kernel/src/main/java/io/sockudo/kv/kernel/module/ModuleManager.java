package io.sockudo.kv.kernel.module;

import io.sockudo.kv.kernel.command.CommandRegistrar;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.util.WorkerPool;
import io.sockudo.kv.spi.ActiveExpireHook;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.InfoProvider;
import io.sockudo.kv.spi.KeyspaceListener;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds, registers and unregisters modules. Built-in families come from {@link ServiceLoader}
 * at start-up; plugins come through {@link #register(KvModule, String, List, Runnable)} from the
 * plugin loader. Every registration is logged; a module that registers nothing is refused.
 */
public final class ModuleManager {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleManager.class);

    private final CommandRegistrar registrar;
    private final TypeRegistry types;
    private final ConfigRegistry config;
    private final Notifier notifier;
    private final Map<String, LoadedModule> modules = new LinkedHashMap<>();
    private final Map<String, List<InfoSection>> infoSections = new LinkedHashMap<>();
    private final Map<String, List<KeyspaceListener>> listeners = new LinkedHashMap<>();
    private final Map<String, List<String>> configOptions = new LinkedHashMap<>();
    private final Map<String, List<ActiveExpireHook>> expireHooks = new LinkedHashMap<>();
    /** Every module's active expire hooks, read by the active expire cycle without locking. */
    private volatile ActiveExpireHook[] activeExpireHooks = new ActiveExpireHook[0];
    /** Shared by every module: the kernel's worker threads and locked key access. */
    private final ModuleBackground background;

    /** A module-supplied INFO section. */
    public record InfoSection(String name, InfoProvider provider) {
    }

    public ModuleManager(CommandRegistrar registrar, TypeRegistry types, ConfigRegistry config, Notifier notifier,
                         WorkerPool workers, Keyspaces keyspaces) {
        this.registrar = registrar;
        this.types = types;
        this.config = config;
        this.notifier = notifier;
        this.background = new ModuleBackground(workers, keyspaces.locks(), keyspaces::db, keyspaces.count());
    }

    /** Registers every family found by ServiceLoader on the module path or class path. */
    public void loadBuiltins() {
        for (KvModule m : ServiceLoader.load(KvModule.class, KvModule.class.getClassLoader() == null
                ? ClassLoader.getSystemClassLoader() : ModuleManager.class.getClassLoader())) {
            register(m, null, List.of(), () -> { });
        }
    }

    /**
     * Registers a module: runs its {@code register} call against a staging registry, then adds
     * everything at once.
     *
     * @throws IllegalArgumentException if the name or a command name is taken, or it registers nothing
     */
    public synchronized LoadedModule register(KvModule module, String path, List<String> args, Runnable onUnload) {
        String name = module.name();
        if (modules.containsKey(name)) {
            throw new IllegalArgumentException("module '" + name + "' is already loaded");
        }
        Staging staging = new Staging();
        module.register(staging, args);
        if (staging.commands.isEmpty() && staging.types.isEmpty() && staging.options.isEmpty()
                && staging.listeners.isEmpty() && staging.sections.isEmpty() && staging.expireHooks.isEmpty()) {
            // Families without their own issue yet still announce themselves; third-party plugins must provide something.
            if (path != null) {
                throw new IllegalArgumentException("module '" + name + "' registers nothing");
            }
            LOG.warn("module {} registers no commands yet", name);
        }
        for (ConfigOption o : staging.options) {
            // checked up front so a clash leaves nothing half registered
            if (config.option(o.name()) != null) {
                throw new IllegalArgumentException("config option '" + o.name() + "' is already registered");
            }
        }
        List<ValueType> staged = new ArrayList<>();
        for (ValueType t : staging.types) {
            // every type must be persistable, and its RDB identity must not collide with another's
            String problem = types.problem(t, staged);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            staged.add(t);
        }
        registrar.addAll(staging.commands, name);
        for (ValueType t : staging.types) {
            types.add(t, name);
        }
        List<String> optionNames = new ArrayList<>();
        for (ConfigOption o : staging.options) {
            config.register(o);
            optionNames.add(o.name());
        }
        configOptions.put(name, optionNames);
        for (KeyspaceListener l : staging.listeners) {
            notifier.add(l);
        }
        listeners.put(name, staging.listeners);
        infoSections.put(name, staging.sections);
        expireHooks.put(name, staging.expireHooks);
        refreshExpireHooks();
        List<String> commandNames = new ArrayList<>();
        staging.commands.forEach(c -> commandNames.add(c.name()));
        LoadedModule lm = new LoadedModule(module, path, List.copyOf(args), commandNames, onUnload);
        modules.put(name, lm);
        LOG.info("module {} v{} registered {} commands, {} types{}", name, module.version(),
                commandNames.size(), staging.types.size(), path == null ? "" : " from " + path);
        return lm;
    }

    /** Removes a module's commands, types, options and listeners. */
    public synchronized void unregister(String name) {
        LoadedModule lm = modules.remove(name);
        if (lm == null) {
            return;
        }
        registrar.removeModule(name);
        types.removeModule(name);
        for (String o : configOptions.getOrDefault(name, List.of())) {
            config.unregister(o);
        }
        for (KeyspaceListener l : listeners.getOrDefault(name, List.of())) {
            notifier.remove(l);
        }
        listeners.remove(name);
        infoSections.remove(name);
        configOptions.remove(name);
        expireHooks.remove(name);
        refreshExpireHooks();
        lm.onUnload().run();
        LOG.info("module {} unloaded", name);
    }

    private void refreshExpireHooks() {
        List<ActiveExpireHook> all = new ArrayList<>();
        expireHooks.values().forEach(all::addAll);
        activeExpireHooks = all.toArray(new ActiveExpireHook[0]);
    }

    /** The active expire hooks of every loaded module (see {@link ActiveExpireHook}). */
    public ActiveExpireHook[] activeExpireHooks() {
        return activeExpireHooks;
    }

    /** Names of the config options a module registered (MODULE LOADEX CONFIG applies only these). */
    public synchronized List<String> configOptionsOf(String name) {
        return List.copyOf(configOptions.getOrDefault(name, List.of()));
    }

    public synchronized LoadedModule get(String name) {
        return modules.get(name);
    }

    public synchronized List<LoadedModule> all() {
        return new ArrayList<>(modules.values());
    }

    public synchronized List<InfoSection> infoSections() {
        List<InfoSection> out = new ArrayList<>();
        infoSections.values().forEach(out::addAll);
        return out;
    }

    /** Collects a module's registrations before they are applied. */
    private final class Staging implements ModuleRegistry {
        final List<CommandSpec> commands = new ArrayList<>();
        final List<ValueType> types = new ArrayList<>();
        final List<ConfigOption> options = new ArrayList<>();
        final List<KeyspaceListener> listeners = new ArrayList<>();
        final List<InfoSection> sections = new ArrayList<>();
        final List<ActiveExpireHook> expireHooks = new ArrayList<>();

        @Override
        public void command(CommandSpec spec) {
            commands.add(spec);
        }

        @Override
        public void valueType(ValueType type) {
            types.add(type);
        }

        @Override
        public void configOption(ConfigOption option) {
            options.add(option);
        }

        @Override
        public void keyspaceListener(KeyspaceListener listener) {
            listeners.add(listener);
        }

        @Override
        public void infoSection(String name, InfoProvider provider) {
            sections.add(new InfoSection(name, provider));
        }

        @Override
        public void activeExpireHook(ActiveExpireHook hook) {
            expireHooks.add(hook);
        }

        @Override
        public io.sockudo.kv.spi.BackgroundWork background() {
            return background;
        }

        @Override
        public ServerConfigView config() {
            return config;
        }
    }
}
