package io.sockudo.kv.kernel.module;

import java.util.List;

/** Loads a module from a plugin file at run time. */
public interface PluginLoader {
    /**
     * Loads the plugin at {@code path}, registers its modules and returns the module name.
     *
     * @throws IllegalArgumentException with the reason when it cannot be loaded
     */
    String load(String path, List<String> args);

    /** Unloads every plugin still loaded (server shutdown). */
    default void close() {
    }

    PluginLoader UNSUPPORTED = (path, args) -> {
        throw new IllegalArgumentException("plugins are not supported by this build");
    };
}
