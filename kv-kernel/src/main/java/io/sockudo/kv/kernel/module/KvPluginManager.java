package io.sockudo.kv.kernel.module;

import io.sockudo.kv.kernel.util.Version;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.util.StringUtils;

import java.nio.file.Path;
import java.util.List;

/**
 * PF4J's plugin manager as the server uses it: plugins are loaded one at a time from explicit
 * paths (MODULE LOAD, loadmodule), never by scanning a plugins folder; every plugin class loader
 * is parented by an {@link SpiOnlyClassLoader}; {@code Plugin-Class} is optional; no
 * enabled/disabled files are read.
 *
 * <p>Accepted files: a plugin jar, a zip (PF4J expands it next to itself), or a plugin folder
 * ({@code classes/} and {@code lib/*.jar}).
 */
final class KvPluginManager extends DefaultPluginManager {
    /**
     * Created lazily: PF4J's constructor calls the factory methods below before this class's
     * fields are assigned.
     */
    private volatile ClassLoader pluginParent;

    KvPluginManager() {
        super(List.of());
        // Lets a plugin declare the server versions it works with (manifest Plugin-Requires).
        setSystemVersion(Version.VERSION);
    }

    /** The parent of plugin class loaders. */
    ClassLoader pluginParent() {
        ClassLoader p = pluginParent;
        if (p == null) {
            synchronized (this) {
                p = pluginParent;
                if (p == null) {
                    p = new SpiOnlyClassLoader(KvPluginManager.class.getClassLoader());
                    pluginParent = p;
                }
            }
        }
        return p;
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new SpiJarPluginLoader(this))
                .add(new SpiFolderPluginLoader(this));
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new AlwaysEnabled();
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new OptionalPluginClassFactory();
    }

    /** Jar plugins, with the SPI-only parent. */
    private static final class SpiJarPluginLoader extends JarPluginLoader {
        SpiJarPluginLoader(PluginManager manager) {
            super(manager);
        }

        @Override
        protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
            return new PluginClassLoader(pluginManager, descriptor, ((KvPluginManager) pluginManager).pluginParent());
        }
    }

    /** Folder plugins (also expanded zips), with the SPI-only parent. */
    private static final class SpiFolderPluginLoader extends DefaultPluginLoader {
        SpiFolderPluginLoader(PluginManager manager) {
            super(manager);
        }

        @Override
        protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
            return new PluginClassLoader(pluginManager, descriptor, ((KvPluginManager) pluginManager).pluginParent());
        }
    }

    /**
     * Plugins talk to the server through {@code META-INF/services}, so a PF4J {@code Plugin}
     * class is only needed for start/stop hooks: without {@code Plugin-Class} a no-op one is used.
     */
    private static final class OptionalPluginClassFactory implements PluginFactory {
        private final DefaultPluginFactory delegate = new DefaultPluginFactory();

        @Override
        public Plugin create(PluginWrapper wrapper) {
            if (StringUtils.isNullOrEmpty(wrapper.getDescriptor().getPluginClass())) {
                return new Plugin();
            }
            return delegate.create(wrapper);
        }
    }

    /** Every plugin loaded by path is enabled: MODULE LOAD is the switch. */
    private static final class AlwaysEnabled implements PluginStatusProvider {
        @Override
        public boolean isPluginDisabled(String pluginId) {
            return false;
        }

        @Override
        public void disablePlugin(String pluginId) {
        }

        @Override
        public void enablePlugin(String pluginId) {
        }
    }
}
