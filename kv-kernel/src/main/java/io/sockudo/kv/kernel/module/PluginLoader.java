package io.sockudo.kv.kernel.module;

import java.util.List;

/**
 * Loads modules from plugin files at run time, in two steps so the slow one can run off the event
 * loop: {@link #prepare} opens the file and runs the modules' {@code register} calls against
 * staging registries; {@link Prepared#commit} applies them at once.
 */
public interface PluginLoader {

    /** A plugin opened and its modules staged, not registered yet. */
    interface Prepared {
        /** The plugin's id (manifest {@code Plugin-Id}). */
        String pluginId();

        /** Its modules, staged. */
        List<ModuleManager.Staged> modules();

        /**
         * Registers every module (all or none). Refused while another plugin with the same id is
         * loaded, unless it was prepared to replace it. On failure the plugin is released.
         *
         * @throws IllegalArgumentException with the one-line reason
         */
        List<LoadedModule> commit();

        /** Gives the plugin up without registering anything: its class loader is released. */
        void abandon();
    }

    /**
     * Opens the plugin at {@code path} and stages its modules. Module code runs here.
     *
     * @param replacing the plugin id this one may replace ({@code MODULE RELOAD}), or null
     * @throws IllegalArgumentException with a one-line reason (the cause, if any, for the log)
     */
    Prepared prepare(String path, List<String> args, String replacing);

    /** The id of the plugin a loaded module came from, or null (a built-in family, an embedded module). */
    String pluginOf(String module);

    /** The names of the modules a loaded plugin registered. */
    List<String> modulesOf(String pluginId);

    /**
     * Loads the plugin at {@code path} at once (start-up {@code loadmodule}) and returns the name
     * of its first module.
     *
     * @throws IllegalArgumentException with the reason when it cannot be loaded
     */
    default String load(String path, List<String> args) {
        Prepared p = prepare(path, args, null);
        return p.commit().get(0).module().name();
    }

    /** Unloads every plugin still loaded (server shutdown). */
    default void close() {
    }

    PluginLoader UNSUPPORTED = new PluginLoader() {
        @Override
        public Prepared prepare(String path, List<String> args, String replacing) {
            throw new IllegalArgumentException("plugins are not supported by this build");
        }

        @Override
        public String pluginOf(String module) {
            return null;
        }

        @Override
        public List<String> modulesOf(String pluginId) {
            return List.of();
        }
    };
}
