package io.sockudo.kv.spi;

/**
 * What a {@link KvModule} may add to the server. New extension points are added as default
 * methods so that existing modules keep compiling.
 */
public interface ModuleRegistry {

    /** Adds a command (with its subcommands, if any). Fails if the name is already taken. */
    void command(CommandSpec spec);

    /** Adds a value type whose values this module stores in the keyspace. */
    void valueType(ValueType type);

    /** Adds a configuration option, visible to {@code CONFIG GET/SET} and the config file. */
    default void configOption(ConfigOption option) {
        throw new UnsupportedOperationException("config options are not supported by this server");
    }

    /** Adds a listener that observes every keyspace change (e.g. a search index). */
    default void keyspaceListener(KeyspaceListener listener) {
        throw new UnsupportedOperationException("keyspace listeners are not supported by this server");
    }

    /** Adds an INFO section; its fields are printed under {@code # <name>}. */
    default void infoSection(String name, InfoProvider provider) {
        throw new UnsupportedOperationException("INFO sections are not supported by this server");
    }

    /**
     * Adds a hook the kernel's active expire cycle calls for each database, for expiry the kernel
     * does not track itself (e.g. hash fields with a TTL). See {@link ActiveExpireHook}.
     */
    default void activeExpireHook(ActiveExpireHook hook) {
        throw new UnsupportedOperationException("active expire hooks are not supported by this server");
    }

    /**
     * Adds data the module keeps outside the keyspace to what RDB files and full syncs carry
     * (index definitions, dictionaries). See {@link ModuleAuxData}.
     */
    default void auxData(ModuleAuxData data) {
        throw new UnsupportedOperationException("module aux data is not supported by this server");
    }

    /**
     * The kernel's background threads, for work outside commands (see {@link BackgroundWork}).
     * Keep the returned object: it stays valid while the module is loaded.
     */
    default BackgroundWork background() {
        throw new UnsupportedOperationException("background work is not supported by this server");
    }

    /** Read access to the server configuration, e.g. encoding thresholds. */
    ServerConfigView config();
}
