package io.sockudo.kv.types.stack.vectorset;

import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.stack.vectorset.cmd.Commands;

/**
 * Redis 8 vector sets: the {@code vectorset} value (an HNSW graph of elements with vectors and
 * optional JSON attributes) and the V* commands.
 *
 * <p>Packages: {@code hnsw} (the graph, its node store, distance kernels, quantisation, the
 * record's node params), {@code filter} (the FILTER expression language and the attribute JSON
 * reader), {@code cmd} (argument parsing, commands, replies); this one holds the value, its
 * name index and the record.
 */
public final class VectorSetFamily {
    private VectorSetFamily() {
    }

    public static void register(ModuleRegistry registry) {
        registry.valueType(VectorSetType.INSTANCE);
        Commands.register(registry);
    }
}
