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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Loads plugins with PF4J: {@code loadPlugin(path)}, {@code startPlugin}, then
 * {@code ServiceLoader.load(KvModule.class, pluginClassLoader)} filtered to the classes the
 * plugin's own loader defined (the parent's providers would come back too), and registers every
 * module found with the {@link ModuleManager}. A plugin stays loaded while one of its modules is
 * registered; unregistering its last module ({@code MODULE UNLOAD}) unloads it and closes its
 * class loader.
 *
 * <p>Each plugin gets PF4J's {@code PluginClassLoader} (plugin classes first), parented by an
 * {@link SpiOnlyClassLoader}: it sees the JDK, the SPI, PF4J and SLF4J, not the server's internals.
 *
 * <p>Thread safety: every operation runs under the module manager's monitor, the lock
 * {@link ModuleManager#unregister} already holds when it calls back to release a plugin, so the
 * two never take their locks in opposite orders.
 */
public final class Pf4jPluginLoader implements PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(Pf4jPluginLoader.class);

    private final ModuleManager modules;
    private final KvPluginManager pf4j = new KvPluginManager();
    /** Names of the modules still registered, per plugin id. */
    private final Map<String, List<String>> live = new LinkedHashMap<>();

    public Pf4jPluginLoader(ModuleManager modules) {
        this.modules = modules;
    }

    @Override
    public String load(String path, List<String> args) {
        synchronized (modules) {
            String id = loadAndStart(path);
            try {
                List<KvModule> found = providers(id);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("plugin '" + id + "' provides no " + KvModule.class.getName()
                            + " (is META-INF/services/" + KvModule.class.getName() + " in the plugin?)");
                }
                return registerAll(id, found, path, args);
            } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
                if (!live.containsKey(id)) {
                    unloadQuietly(id);
                }
                throw failure(path, e);
            }
        }
    }

    /** Loads and starts the plugin; on failure nothing stays loaded. */
    private String loadAndStart(String path) {
        Path file;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid path: " + e.getMessage());
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(path + ": No such file or directory");
        }
        Set<String> before = pluginIds();
        String id;
        try {
            id = pf4j.loadPlugin(file);
        } catch (RuntimeException | LinkageError e) {
            // loadPlugin can fail after registering the plugin (dependency resolution): drop it again
            for (String extra : pluginIds()) {
                if (!before.contains(extra)) {
                    unloadQuietly(extra);
                }
            }
            throw failure(path, e);
        }
        if (id == null) {
            throw new IllegalArgumentException(path + " is not a plugin (no Plugin-Id in its manifest or plugin.properties)");
        }
        PluginState state;
        try {
            state = pf4j.startPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            unloadQuietly(id);
            throw failure(path, e);
        }
        if (state != PluginState.STARTED) {
            PluginWrapper w = pf4j.getPlugin(id);
            Throwable cause = w == null ? null : w.getFailedException();
            unloadQuietly(id);
            throw new IllegalArgumentException("plugin '" + id + "' did not start (state " + state + ")"
                    + (cause == null ? "" : ": " + cause), cause);
        }
        return id;
    }

    private Set<String> pluginIds() {
        Set<String> ids = new HashSet<>();
        for (PluginWrapper w : pf4j.getPlugins()) {
            ids.add(w.getPluginId());
        }
        return ids;
    }

    /** The plugin's own {@link KvModule} providers, instantiated. */
    private List<KvModule> providers(String id) {
        ClassLoader cl = pf4j.getPluginClassLoader(id);
        List<KvModule> out = new ArrayList<>();
        for (ServiceLoader.Provider<KvModule> p : ServiceLoader.load(KvModule.class, cl).stream().toList()) {
            if (p.type().getClassLoader() == cl) {
                out.add(p.get());
            }
        }
        return out;
    }

    private String registerAll(String id, List<KvModule> found, String path, List<String> args) {
        List<String> names = new ArrayList<>();
        try {
            for (KvModule m : found) {
                modules.register(m, path, args, () -> released(id, m.name()));
                names.add(m.name());
                live.put(id, names);
            }
        } catch (RuntimeException | LinkageError e) {
            // Unregistering the ones already in releases the plugin with the last of them.
            for (String n : new ArrayList<>(names)) {
                modules.unregister(n);
            }
            throw e;
        }
        LOG.info("plugin {} {} loaded from {}: modules {}", id, pf4j.getPlugin(id).getDescriptor().getVersion(),
                path, names);
        return names.get(0);
    }

    /** Called by {@link ModuleManager#unregister} (which holds its monitor) for each module of a plugin. */
    private void released(String id, String module) {
        List<String> names = live.get(id);
        if (names == null) {
            return;
        }
        names.remove(module);
        if (names.isEmpty()) {
            live.remove(id);
            unloadQuietly(id);
        }
    }

    private void unloadQuietly(String id) {
        if (pf4j.getPlugin(id) == null) {
            return;
        }
        try {
            if (pf4j.unloadPlugin(id)) {
                LOG.info("plugin {} unloaded", id);
            }
        } catch (RuntimeException e) {
            LOG.warn("plugin {} did not unload cleanly", id, e);
        }
    }

    private static IllegalArgumentException failure(String path, Throwable e) {
        if (e instanceof IllegalArgumentException iae) {
            return iae;
        }
        if (e instanceof PluginRuntimeException) {
            // PF4J's own diagnosis (bad descriptor, already loaded...): its message says it all
            return new IllegalArgumentException("cannot load plugin " + path + ": " + e.getMessage());
        }
        String what = e instanceof NoClassDefFoundError
                ? "a class it needs is not visible to plugins (plugins see only the JDK, io.sockudo.kv.spi, "
                  + "org.pf4j and org.slf4j; bundle other libraries in the plugin): " + e.getMessage()
                : e.toString();
        return new IllegalArgumentException("cannot load plugin " + path + ": " + what, e);
    }

    @Override
    public void close() {
        synchronized (modules) {
            for (List<String> names : new ArrayList<>(live.values())) {
                for (String n : new ArrayList<>(names)) {
                    modules.unregister(n);
                }
            }
            live.clear();
            pf4j.unloadPlugins();
        }
    }
}
