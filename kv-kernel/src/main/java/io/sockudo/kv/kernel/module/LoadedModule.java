package io.sockudo.kv.kernel.module;

import io.sockudo.kv.spi.KvModule;

import java.util.List;

/**
 * A module the server runs: built in (found by ServiceLoader, {@code path} null) or loaded at run
 * time from a plugin file.
 *
 * @param onUnload releases what loading acquired (the plugin class loader); never null
 */
public record LoadedModule(KvModule module, String path, List<String> args, List<String> commands,
                           Runnable onUnload) {
}
