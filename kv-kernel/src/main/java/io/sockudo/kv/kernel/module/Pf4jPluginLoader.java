package io.sockudo.kv.kernel.module;

import io.sockudo.kv.spi.KvModule;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads plugins with PF4J: {@code loadPlugin(path)}, {@code startPlugin}, then
 * {@code ServiceLoader.load(KvModule.class, pluginClassLoader)} filtered to the classes the
 * plugin's own loader defined (the parent's providers would come back too); each module found is
 * staged with the {@link ModuleManager} and committed with the others. A plugin stays loaded while
 * one of its modules is registered; unregistering its last module unloads it and closes its class
 * loader.
 *
 * <p>Each plugin gets a PF4J manager of its own, so two versions of one plugin (the same
 * {@code Plugin-Id}) can be loaded side by side while {@code MODULE RELOAD} swaps them; a second
 * plugin with an id already loaded is otherwise refused. Its class loader is PF4J's
 * {@code PluginClassLoader} (plugin classes first) parented by an {@link SpiOnlyClassLoader}: it
 * sees the JDK, the SPI, PF4J and SLF4J, not the server's internals.
 *
 * <p>Thread safety: the loader's own lock guards its table of plugins; module code
 * ({@code register}) runs outside it. The lock is taken before the module manager's monitor
 * ({@link Prepared#commit}) and never while a thread holds that monitor ({@link ModuleManager}
 * releases plugins in {@code finishUnload}, outside it).
 */
public final class Pf4jPluginLoader implements PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(Pf4jPluginLoader.class);
    private static final String SERVICES = "META-INF/services/" + KvModule.class.getName();

    private final ModuleManager modules;
    private final Object lock = new Object();
    /** Loaded plugins by id. */
    private final Map<String, Plugin> plugins = new LinkedHashMap<>();

    /** One loaded plugin file. */
    private final class Plugin {
        final String id;
        final String version;
        final String path;
        final KvPluginManager pf4j;
        /** Names of its modules still registered. */
        final List<String> live = new ArrayList<>();
        boolean released;

        Plugin(String id, String version, String path, KvPluginManager pf4j) {
            this.id = id;
            this.version = version;
            this.path = path;
            this.pf4j = pf4j;
        }

        /** Unloads it from PF4J (closing its class loader), once. */
        void release() {
            synchronized (lock) {
                if (released) {
                    return;
                }
                released = true;
                if (plugins.get(id) == this) {
                    plugins.remove(id);
                }
            }
            try {
                pf4j.unloadPlugins();
                LOG.info("plugin {} {} unloaded", id, version);
            } catch (RuntimeException e) {
                LOG.warn("plugin {} did not unload cleanly", id, e);
            }
        }

        /** Called by {@link ModuleManager#finishUnload} for each of its modules. */
        void moduleGone(String module) {
            boolean last;
            synchronized (lock) {
                live.remove(module);
                last = live.isEmpty();
            }
            if (last) {
                release();
            }
        }
    }

    public Pf4jPluginLoader(ModuleManager modules) {
        this.modules = modules;
    }

    @Override
    public Prepared prepare(String path, List<String> args, String replacing) {
        Plugin plugin = open(path);
        List<ModuleManager.Staged> staged = new ArrayList<>();
        try {
            synchronized (lock) {
                Plugin loaded = plugins.get(plugin.id);
                if (loaded != null && !plugin.id.equals(replacing)) {
                    throw new IllegalArgumentException(alreadyLoaded(loaded));
                }
            }
            List<KvModule> found = providers(plugin);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("plugin '" + plugin.id + "' provides no " + KvModule.class.getName()
                        + " (" + SERVICES + " is missing from " + path + ")");
            }
            for (KvModule m : found) {
                staged.add(modules.stage(m, path, args, () -> plugin.moduleGone(m.name())));
            }
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            plugin.release();
            throw failure(path, e);
        }
        return new PreparedPlugin(plugin, staged, replacing);
    }

    private static String alreadyLoaded(Plugin loaded) {
        return "plugin '" + loaded.id + "' is already loaded (version " + loaded.version + " from " + loaded.path
                + "; MODULE RELOAD replaces it)";
    }

    private final class PreparedPlugin implements Prepared {
        private final Plugin plugin;
        private final List<ModuleManager.Staged> staged;
        private final String replacing;

        PreparedPlugin(Plugin plugin, List<ModuleManager.Staged> staged, String replacing) {
            this.plugin = plugin;
            this.staged = staged;
            this.replacing = replacing;
        }

        @Override
        public String pluginId() {
            return plugin.id;
        }

        @Override
        public List<ModuleManager.Staged> modules() {
            return staged;
        }

        @Override
        public List<LoadedModule> commit() {
            List<LoadedModule> out;
            synchronized (lock) {
                Plugin loaded = plugins.get(plugin.id);
                if (loaded != null && loaded != plugin && !plugin.id.equals(replacing)) {
                    abandon();
                    throw new IllegalArgumentException(alreadyLoaded(loaded));
                }
                try {
                    out = modules.commit(staged);
                } catch (RuntimeException e) {
                    abandon();
                    throw e;
                }
                for (LoadedModule m : out) {
                    plugin.live.add(m.module().name());
                }
                plugins.put(plugin.id, plugin); // when replacing, the old one only waits for its release
            }
            LOG.info("plugin {} {} loaded from {}: modules {}", plugin.id, plugin.version, plugin.path,
                    out.stream().map(m -> m.module().name()).toList());
            return out;
        }

        @Override
        public void abandon() {
            plugin.release();
        }
    }

    /** Loads and starts the plugin in a PF4J manager of its own; on failure nothing stays loaded. */
    private Plugin open(String path) {
        Path file;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid path: " + e.getMessage());
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(path + ": No such file or directory");
        }
        KvPluginManager pf4j = new KvPluginManager();
        String id;
        try {
            id = pf4j.loadPlugin(file);
        } catch (RuntimeException | LinkageError e) {
            unloadAll(pf4j);
            throw failure(path, e);
        }
        if (id == null) {
            unloadAll(pf4j);
            throw new IllegalArgumentException(path + " is not a plugin (no Plugin-Id in its manifest or plugin.properties)");
        }
        PluginWrapper w = pf4j.getPlugin(id);
        String version = w.getDescriptor().getVersion();
        String requires = w.getDescriptor().getRequires();
        PluginState state;
        try {
            state = pf4j.startPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            unloadAll(pf4j);
            throw failure(path, e);
        }
        if (state != PluginState.STARTED) {
            Throwable cause = w.getFailedException();
            unloadAll(pf4j);
            if (!pf4j.getVersionManager().checkVersionConstraint(pf4j.getSystemVersion(), requires)) {
                throw new IllegalArgumentException("plugin '" + id + "' " + version + " requires server version "
                        + requires + " (Plugin-Requires), this server is " + pf4j.getSystemVersion());
            }
            throw new IllegalArgumentException("plugin '" + id + "' did not start (state " + state + ")"
                    + (cause == null ? "" : ": " + cause), cause);
        }
        return new Plugin(id, version, path, pf4j);
    }

    private static void unloadAll(KvPluginManager pf4j) {
        try {
            pf4j.unloadPlugins();
        } catch (RuntimeException e) {
            LOG.warn("a plugin that failed to load did not unload cleanly", e);
        }
    }

    /** The plugin's own {@link KvModule} providers, instantiated. */
    private static List<KvModule> providers(Plugin plugin) {
        ClassLoader cl = plugin.pf4j.getPluginClassLoader(plugin.id);
        List<KvModule> out = new ArrayList<>();
        for (ServiceLoader.Provider<KvModule> p : ServiceLoader.load(KvModule.class, cl).stream().toList()) {
            if (p.type().getClassLoader() == cl) {
                out.add(p.get());
            }
        }
        return out;
    }

    @Override
    public String pluginOf(String module) {
        synchronized (lock) {
            for (Plugin p : plugins.values()) {
                if (p.live.contains(module)) {
                    return p.id;
                }
            }
            return null;
        }
    }

    @Override
    public List<String> modulesOf(String pluginId) {
        synchronized (lock) {
            Plugin p = plugins.get(pluginId);
            return p == null ? List.of() : List.copyOf(p.live);
        }
    }

    /** One line saying why a plugin failed to load; the cause is kept for the log's stack trace. */
    static IllegalArgumentException failure(String path, Throwable e) {
        if (e instanceof IllegalArgumentException iae) {
            return iae;
        }
        if (e instanceof ServiceConfigurationError sce) {
            String m = String.valueOf(sce.getMessage());
            if (m.contains("not a subtype")) {
                return new IllegalArgumentException("a class named in " + SERVICES + " of " + path
                        + " is not a " + KvModule.class.getName() + " (" + m + "; the SPI must be a provided "
                        + "dependency, never bundled in the plugin)", e);
            }
            return new IllegalArgumentException("a module of " + path + " cannot be instantiated: " + m, e);
        }
        if (e instanceof PluginRuntimeException) {
            // PF4J's own diagnosis (bad descriptor...): name the manifest entry it is about
            String m = String.valueOf(e.getMessage())
                    .replace("Field 'id'", "Plugin-Id (manifest) / plugin.id (plugin.properties)")
                    .replace("Field 'version'", "Plugin-Version (manifest) / plugin.version (plugin.properties)")
                    .replace("Field 'class'", "Plugin-Class");
            return new IllegalArgumentException("invalid plugin " + path + ": " + m, e);
        }
        String what = e instanceof NoClassDefFoundError
                ? "a class it needs is not visible to plugins (plugins see only the JDK, io.sockudo.kv.spi, "
                  + "org.pf4j and org.slf4j; bundle other libraries in the plugin): " + e.getMessage()
                : e.toString();
        return new IllegalArgumentException("cannot load plugin " + path + ": " + what, e);
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>();
        synchronized (lock) {
            for (Plugin p : plugins.values()) {
                names.addAll(p.live);
            }
        }
        for (String n : names) {
            modules.unregister(n);
        }
        List<Plugin> rest;
        synchronized (lock) {
            rest = new ArrayList<>(plugins.values());
        }
        rest.forEach(Plugin::release);
    }
}
