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
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.SpiVersion;
import io.sockudo.kv.spi.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;

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
    private final Map<String, List<ModuleAuxData>> auxData = new LinkedHashMap<>();
    /** Every module's aux data, read by persistence engines without locking. */
    private volatile List<ModuleAuxData> allAuxData = List.of();
    private final WorkerPool workers;
    private final Keyspaces keyspaces;
    /** What each loaded module staged (re-applied when a RELOAD is given up). */
    private final Map<String, Staged> stagedByName = new LinkedHashMap<>();
    /** Failures of each module's code outside its handlers. */
    private final Map<String, AtomicLong> failures = new LinkedHashMap<>();

    /** A module-supplied INFO section. */
    public record InfoSection(String name, InfoProvider provider) {
    }

    public ModuleManager(CommandRegistrar registrar, TypeRegistry types, ConfigRegistry config, Notifier notifier,
                         WorkerPool workers, Keyspaces keyspaces) {
        this.registrar = registrar;
        this.types = types;
        this.config = config;
        this.notifier = notifier;
        this.workers = workers;
        this.keyspaces = keyspaces;
    }

    /**
     * System property: comma-separated {@code KvModule} class names that are not built-in
     * families although ServiceLoader finds them (a plugin's own tests, whose class path holds the
     * plugin's classes while the server loads its jar as a plugin; see kv-testkit's
     * {@code EmbeddedServer.startWithPlugin}).
     */
    public static final String SKIP_BUILTINS = "sockudo.kv.skipBuiltins";

    /** Registers every family found by ServiceLoader on the module path or class path. */
    public void loadBuiltins() {
        List<String> skip = List.of(System.getProperty(SKIP_BUILTINS, "").split(","));
        for (ServiceLoader.Provider<KvModule> p : ServiceLoader.load(KvModule.class,
                KvModule.class.getClassLoader() == null ? ClassLoader.getSystemClassLoader()
                        : ModuleManager.class.getClassLoader()).stream().toList()) {
            if (!skip.contains(p.type().getName())) {
                register(p.get(), null, List.of(), () -> { });
            }
        }
    }

    /**
     * A module whose {@code register} call ran against a staging registry, not applied yet: the
     * slow part of loading (it runs module code), done off the event loop; {@link #commit} applies it.
     */
    public static final class Staged {
        final KvModule module;
        final String name;
        final String path;
        final List<String> args;
        final Runnable onUnload;
        final Staging staging;
        /** Its commands as they were when it was last retired (for {@link #linkSuccessors}). */
        List<io.sockudo.kv.kernel.command.RegisteredCommand> retiredCommands = List.of();

        private Staged(KvModule module, String name, String path, List<String> args, Runnable onUnload,
                       Staging staging) {
            this.module = module;
            this.name = name;
            this.path = path;
            this.args = List.copyOf(args);
            this.onUnload = onUnload;
            this.staging = staging;
        }

        public String name() {
            return name;
        }

        public KvModule module() {
            return module;
        }

        /** The value types it registers. */
        public List<ValueType> types() {
            return List.copyOf(staging.types);
        }
    }

    /**
     * Registers a module at once (built-in families at start-up, embedding, tests): {@link #stage}
     * then {@link #commit}.
     *
     * @throws IllegalArgumentException with a one-line reason (clash, SPI version, register() failing...)
     */
    public LoadedModule register(KvModule module, String path, List<String> args, Runnable onUnload) {
        return commit(List.of(stage(module, path, args, onUnload))).get(0);
    }

    /**
     * Runs the module's {@code register} against a staging registry and checks what it registered
     * on its own (no clash with loaded modules is checked yet: {@link #commit} does). Module code
     * runs here, so this is what MODULE LOAD does off the event loop. Touches no shared state.
     *
     * @param path where a plugin was loaded from; null for a built-in family
     * @throws IllegalArgumentException with a one-line reason, the module's exception as its cause
     */
    public Staged stage(KvModule module, String path, List<String> args, Runnable onUnload) {
        String name;
        String spi;
        try {
            name = module.name();
            spi = module.spiVersion();
        } catch (Throwable e) {
            throw new IllegalArgumentException("module class " + module.getClass().getName() + " failed: " + e, e);
        }
        if (name == null || name.isEmpty() || name.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("module class " + module.getClass().getName()
                    + " has no valid name (KvModule.name() returned '" + name + "')");
        }
        if (spi == null) {
            if (path != null) {
                LOG.warn("module {} does not declare the SPI version it was built against (KvModule.spiVersion()); "
                        + "this server has SPI {}", name, SpiVersion.CURRENT);
            }
        } else {
            String why = SpiVersion.incompatibility(spi);
            if (why != null) {
                throw new IllegalArgumentException("module '" + name + "' " + why);
            }
        }
        Staging staging = new Staging(name);
        try {
            module.register(staging, args);
        } catch (Throwable e) {
            throw new IllegalArgumentException("module '" + name + "': register() failed: " + e, e);
        } finally {
            staging.closed = true;
        }
        if (staging.commands.isEmpty() && staging.types.isEmpty() && staging.options.isEmpty()
                && staging.listeners.isEmpty() && staging.sections.isEmpty() && staging.expireHooks.isEmpty()
                && staging.auxData.isEmpty()) {
            // Families without their own issue yet still announce themselves; third-party plugins must provide something.
            if (path != null) {
                throw new IllegalArgumentException("module '" + name + "' registers nothing");
            }
            LOG.debug("module {} registers no commands yet", name);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CommandSpec c : staging.commands) {
            if (!seen.add(c.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("module '" + name + "' registers command '" + c.name() + "' twice");
            }
        }
        seen.clear();
        for (ConfigOption o : staging.options) {
            if (!seen.add(o.name())) {
                throw new IllegalArgumentException("module '" + name + "' registers config option '" + o.name()
                        + "' twice");
            }
            if (path != null && !o.name().startsWith(name.toLowerCase(java.util.Locale.ROOT) + ".")) {
                // Redis requires module configs to be named <module>.<name>
                throw new IllegalArgumentException("config option '" + o.name() + "' of module '" + name
                        + "' must be named '" + name + ".<name>'");
            }
        }
        seen.clear();
        for (ValueType t : staging.types) {
            String tn;
            try {
                tn = t.name();
            } catch (Throwable e) {
                throw new IllegalArgumentException("module '" + name + "': a value type's name() failed: " + e, e);
            }
            if (tn == null || tn.isEmpty()) {
                throw new IllegalArgumentException("module '" + name + "' registers a value type without a name");
            }
            if (!seen.add(tn)) {
                throw new IllegalArgumentException("module '" + name + "' registers value type '" + tn + "' twice");
            }
        }
        return new Staged(module, name, path, args, onUnload, staging);
    }

    /**
     * Applies staged modules, all or none: checks every name (module, command, config option, value
     * type, module type id, aux data) against what is loaded, then adds everything. Runs no module
     * code. The caller holds every shard lock when clients are connected (MODULE LOAD), so no
     * command sees a module half registered.
     *
     * @throws IllegalArgumentException naming the clash; nothing is registered then
     */
    public synchronized List<LoadedModule> commit(List<Staged> batch) {
        List<ValueType> staged = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<ModuleAuxData> aux = new ArrayList<>();
        java.util.Set<String> commands = new java.util.HashSet<>();
        for (Staged s : batch) {
            if (modules.containsKey(s.name) || names.contains(s.name)) {
                throw new IllegalArgumentException("a module named '" + s.name + "' is already loaded");
            }
            names.add(s.name);
            for (CommandSpec c : s.staging.commands) {
                String cn = c.name().toLowerCase(java.util.Locale.ROOT);
                io.sockudo.kv.kernel.command.RegisteredCommand existing = registrar.lookup(cn);
                if (existing != null || !commands.add(cn)) {
                    throw new IllegalArgumentException("command '" + c.name() + "' of module '" + s.name
                            + "' is already registered" + (existing == null ? "" : "server".equals(existing.module())
                            ? " by the server" : " by module '" + existing.module() + "'"));
                }
            }
            for (ConfigOption o : s.staging.options) {
                if (config.option(o.name()) != null) {
                    throw new IllegalArgumentException("config option '" + o.name() + "' of module '" + s.name
                            + "' is already registered");
                }
            }
            for (ValueType t : s.staging.types) {
                String owner = types.ownerOfName(t.name());
                for (ValueType o : staged) {
                    if (o.name().equals(t.name())) {
                        owner = "another module being loaded";
                    }
                }
                if (owner != null) {
                    throw new IllegalArgumentException("value type '" + t.name() + "' of module '" + s.name
                            + "' is already registered by " + (owner.startsWith("another") ? owner
                            : "module '" + owner + "'"));
                }
                // every type must be persistable, and its RDB identity must not collide with another's
                String problem = types.problem(t, staged);
                if (problem != null) {
                    throw new IllegalArgumentException("module '" + s.name + "': " + problem);
                }
                staged.add(t);
            }
            checkAuxData(s.staging.auxData, aux);
            aux.addAll(s.staging.auxData);
        }
        List<LoadedModule> out = new ArrayList<>();
        for (Staged s : batch) {
            out.add(apply(s));
        }
        return out;
    }

    private LoadedModule apply(Staged s) {
        String name = s.name;
        Staging staging = s.staging;
        registrar.addAll(staging.commands, name);
        if (staging.background != null) {
            staging.background.revive();
        }
        for (ValueType t : staging.types) {
            types.add(t, name);
        }
        AtomicLong failures = new AtomicLong();
        List<String> optionNames = new ArrayList<>();
        for (ConfigOption o : staging.options) {
            config.register(Guarded.option(name, o, failures));
            optionNames.add(o.name());
        }
        configOptions.put(name, optionNames);
        List<KeyspaceListener> guardedListeners = new ArrayList<>();
        for (KeyspaceListener l : staging.listeners) {
            KeyspaceListener g = Guarded.listener(name, l, failures);
            notifier.add(g);
            guardedListeners.add(g);
        }
        listeners.put(name, guardedListeners);
        List<InfoSection> sections = new ArrayList<>();
        for (InfoSection sec : staging.sections) {
            sections.add(new InfoSection(sec.name(), Guarded.info(name, sec.name(), sec.provider(), failures)));
        }
        infoSections.put(name, sections);
        List<ActiveExpireHook> hooks = new ArrayList<>();
        for (ActiveExpireHook h : staging.expireHooks) {
            hooks.add(Guarded.expireHook(name, h, failures));
        }
        expireHooks.put(name, hooks);
        refreshExpireHooks();
        auxData.put(name, staging.auxData);
        refreshAuxData();
        List<String> commandNames = new ArrayList<>();
        staging.commands.forEach(c -> commandNames.add(c.name()));
        LoadedModule lm = new LoadedModule(s.module, s.path, s.args, commandNames, s.onUnload);
        modules.put(name, lm);
        stagedByName.put(name, s);
        this.failures.put(name, failures);
        LOG.info("module {} v{} registered {} commands, {} types{}{}", name, s.module.version(),
                commandNames.size(), staging.types.size(),
                staging.auxData.isEmpty() ? "" : ", aux data " + staging.auxData.stream()
                        .map(ModuleAuxData::typeName).toList(),
                s.path == null ? "" : " from " + s.path);
        return lm;
    }

    /**
     * Removes a module's commands (retiring them: a transaction that queued one gets Redis's
     * unknown-command error at EXEC), types, options, listeners, INFO sections, hooks and aux data,
     * and stops its background work. Runs no module code; the caller holds every shard lock when
     * clients are connected. Returns what was removed (for {@link #finishUnload}), or null.
     */
    public synchronized Staged retire(String name) {
        LoadedModule lm = modules.remove(name);
        if (lm == null) {
            return null;
        }
        Staged s = stagedByName.remove(name);
        failures.remove(name);
        s.retiredCommands = registrar.removeModule(name);
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
        auxData.remove(name);
        refreshAuxData();
        if (s.staging.background != null) {
            s.staging.background.retire();
        }
        return s;
    }

    /**
     * The slow end of an unload, after {@link #retire}: the module's {@link KvModule#unload} hook,
     * then the release of what loading acquired (a plugin's class loader). Call it off the event
     * loop and without holding shard locks; failures are logged.
     */
    public void finishUnload(Staged s) {
        if (s == null) {
            return;
        }
        try {
            s.module.unload();
        } catch (Throwable e) {
            LOG.error("module {}: unload() failed", s.name, e);
        }
        try {
            s.onUnload.run();
        } catch (Throwable e) {
            LOG.error("module {}: releasing it failed", s.name, e);
        }
        LOG.info("module {} unloaded", s.name);
    }

    /**
     * After modules were replaced by new versions ({@code MODULE RELOAD}): their retired commands
     * run the new versions' commands of the same names.
     */
    public void linkSuccessors(List<Staged> replaced) {
        for (Staged s : replaced) {
            registrar.linkSuccessors(s.retiredCommands);
        }
    }

    /** Removes a module at once ({@link #retire} then {@link #finishUnload}). */
    public void unregister(String name) {
        finishUnload(retire(name));
    }

    /** How often the module's code outside its handlers (listeners, INFO, hooks, validators) failed. */
    public synchronized long failures(String name) {
        AtomicLong n = failures.get(name);
        return n == null ? 0 : n.get();
    }

    private void refreshExpireHooks() {
        List<ActiveExpireHook> all = new ArrayList<>();
        expireHooks.values().forEach(all::addAll);
        activeExpireHooks = all.toArray(new ActiveExpireHook[0]);
    }

    /**
     * Refuses aux data whose type name is malformed, repeated, or registered by a loaded module
     * already (a record in a file must name exactly one reader).
     */
    private void checkAuxData(List<ModuleAuxData> added, List<ModuleAuxData> alsoStaged) {
        List<String> names = new ArrayList<>();
        for (ModuleAuxData d : allAuxData) {
            names.add(d.typeName());
        }
        for (ModuleAuxData d : alsoStaged) {
            names.add(d.typeName());
        }
        for (ModuleAuxData d : added) {
            String n = d.typeName();
            if (n == null || !n.matches("[A-Za-z0-9_-]{9}")) {
                throw new IllegalArgumentException("aux data type name '" + n
                        + "' must be 9 characters of A-Z a-z 0-9 - _");
            }
            if (d.encodingVersion() < 0 || d.encodingVersion() > 1023) {
                throw new IllegalArgumentException("aux data '" + n + "': encoding version " + d.encodingVersion()
                        + " is not in 0..1023");
            }
            if (d.phases().isEmpty()) {
                throw new IllegalArgumentException("aux data '" + n + "' is saved in no phase");
            }
            if (names.contains(n)) {
                throw new IllegalArgumentException("aux data type name '" + n + "' is already registered");
            }
            names.add(n);
        }
    }

    private void refreshAuxData() {
        List<ModuleAuxData> all = new ArrayList<>();
        auxData.values().forEach(all::addAll);
        allAuxData = List.copyOf(all);
        types.codecs().auxData(allAuxData); // what RDB writers and readers see
    }

    /**
     * The aux data of every loaded module, in registration order: what a persistence engine saves
     * into and loads from RDB files and full syncs (see {@link ModuleAuxData}).
     */
    public List<ModuleAuxData> auxData() {
        return allAuxData;
    }

    /** The registered aux data named {@code typeName} (a record's reader), or null. */
    public ModuleAuxData auxData(String typeName) {
        for (ModuleAuxData d : allAuxData) {
            if (d.typeName().equals(typeName)) {
                return d;
            }
        }
        return null;
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
        final String module;
        /** Set once register() returned: the registry is valid only during the call. */
        volatile boolean closed;
        ModuleBackground background;
        final List<CommandSpec> commands = new ArrayList<>();
        final List<ValueType> types = new ArrayList<>();
        final List<ConfigOption> options = new ArrayList<>();
        final List<KeyspaceListener> listeners = new ArrayList<>();
        final List<InfoSection> sections = new ArrayList<>();
        final List<ActiveExpireHook> expireHooks = new ArrayList<>();
        final List<ModuleAuxData> auxData = new ArrayList<>();

        Staging(String module) {
            this.module = module;
        }

        private <T> T open(T item, String what) {
            if (closed) {
                throw new IllegalStateException("module '" + module + "' registered " + what
                        + " after register() returned");
            }
            if (item == null) {
                throw new NullPointerException("module '" + module + "' registered a null " + what);
            }
            return item;
        }

        @Override
        public void command(CommandSpec spec) {
            commands.add(open(spec, "command"));
        }

        @Override
        public void valueType(ValueType type) {
            types.add(open(type, "value type"));
        }

        @Override
        public void configOption(ConfigOption option) {
            options.add(open(option, "config option"));
        }

        @Override
        public void keyspaceListener(KeyspaceListener listener) {
            listeners.add(open(listener, "keyspace listener"));
        }

        @Override
        public void infoSection(String name, InfoProvider provider) {
            sections.add(new InfoSection(open(name, "INFO section name"), open(provider, "INFO provider")));
        }

        @Override
        public void activeExpireHook(ActiveExpireHook hook) {
            expireHooks.add(open(hook, "active expire hook"));
        }

        @Override
        public void auxData(ModuleAuxData data) {
            auxData.add(open(data, "aux data"));
        }

        @Override
        public synchronized io.sockudo.kv.spi.BackgroundWork background() {
            // One per module: unloading the module stops its work and its key access.
            if (background == null) {
                background = new ModuleBackground(workers, keyspaces.locks(), keyspaces::db, keyspaces.count(), module);
            }
            return background;
        }

        @Override
        public ServerConfigView config() {
            return config;
        }
    }
}
