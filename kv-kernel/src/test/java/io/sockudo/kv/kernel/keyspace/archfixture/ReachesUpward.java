package io.sockudo.kv.kernel.keyspace.archfixture;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.command.Dispatcher;

/**
 * A deliberate back-reference for {@code KernelLayersTest}: a class in the keyspace layer that
 * reaches the composition root and the command layer. The layer rules must reject it (proving they
 * can fail); it is test code, so the rules over production classes never see it.
 */
public final class ReachesUpward {
    public Kernel kernel;

    public int databases(Kernel k, Dispatcher d) {
        return k.databaseCount() + (d == null ? 0 : 1);
    }
}
