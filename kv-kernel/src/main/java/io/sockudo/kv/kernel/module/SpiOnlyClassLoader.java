package io.sockudo.kv.kernel.module;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of every plugin class loader: it lets a plugin see the JDK, the SPI
 * ({@code io.sockudo.kv.spi}), PF4J and SLF4J, and nothing else of the server. Kernel classes,
 * Netty, the built-in families and their libraries stay invisible, so a plugin that reaches for
 * them fails to load (NoClassDefFoundError, reported by MODULE LOAD) instead of coupling to
 * internals that change between versions.
 *
 * <p>Resources of the server are hidden the same way, so {@code ServiceLoader} run against a
 * plugin's class loader finds the plugin's own {@code META-INF/services} entries only.
 */
final class SpiOnlyClassLoader extends ClassLoader {
    /** Packages (with trailing dot) a plugin may load from the server's class loader. */
    private static final String[] VISIBLE = {"io.sockudo.kv.spi.", "org.pf4j.", "org.slf4j."};

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;

    /**
     * @param host the loader that defines the SPI (the server's application loader)
     */
    SpiOnlyClassLoader(ClassLoader host) {
        // The platform loader (not the bootstrap one) as parent, so java.sql, java.net.http... resolve.
        super("kv-plugin-parent", ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    /** True if a plugin may load {@code className} from the server. */
    static boolean visible(String className) {
        for (String p : VISIBLE) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (visible(name)) {
            return host.loadClass(name);
        }
        // JDK platform classes only; everything else of the server is not found.
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return getParent() == null ? Collections.emptyEnumeration() : getParent().getResources(name);
    }
}
