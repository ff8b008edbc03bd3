package io.sockudo.kv.kernel;

import java.util.List;

/**
 * A kernel subsystem with a life cycle (plugins, persistence, replication...): started after the
 * modules are registered and before the server listens, stopped at shutdown.
 */
public interface KernelExtension {
    void start(Kernel kernel);

    default void stop(Kernel kernel) {
    }

    /** The subsystems, in start order. */
    static List<KernelExtension> all() {
        return List.of();
    }
}
