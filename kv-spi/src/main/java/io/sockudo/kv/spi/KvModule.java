package io.sockudo.kv.spi;

/**
 * A family of commands and value types. Built-in families are found with {@link java.util.ServiceLoader}
 * ({@code provides io.sockudo.kv.spi.KvModule with ...}); plugins are loaded at run time with
 * {@code MODULE LOAD}.
 *
 * <p>A module does all of its work in {@link #register(ModuleRegistry)}; the kernel logs every
 * registration and refuses a module that registers nothing.
 */
public interface KvModule {

    /** The name {@code MODULE LIST} prints and {@code MODULE UNLOAD} takes, e.g. {@code "core"}. */
    String name();

    /** The version {@code MODULE LIST} prints, as Redis modules encode it (e.g. 10203 for 1.2.3). */
    int version();

    /**
     * Registers the module's commands, value types, config options, INFO fields and keyspace
     * listeners. Called once, before the module's commands can run.
     *
     * @param registry where to register; valid only during this call
     * @param args the arguments given to {@code MODULE LOAD} or {@code loadmodule} (empty for built-ins)
     */
    void register(ModuleRegistry registry, java.util.List<String> args);

    /**
     * The SPI version the module was built against. Override it as
     * {@code return SpiVersion.CURRENT;}: the constant is copied into the module's class when it
     * is compiled, so it records the SPI of the build, and the server refuses the module when that
     * version is incompatible with its own (see {@link SpiVersion}, both versions are named in the
     * error). {@code null} (the default) declares nothing: the module is loaded with a warning.
     */
    default String spiVersion() {
        return null;
    }

    /**
     * Called once when the module is unloaded ({@code MODULE UNLOAD}, {@code MODULE RELOAD}, server
     * shutdown), after its commands stopped running and its registrations were removed, off the
     * event loop: stop the threads and release the resources the module started. Anything it
     * throws is logged. The module's class loader is closed afterwards.
     */
    default void unload() {
    }
}
