package io.sockudo.kv.types.core.lists;

import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Per-thread deflate/inflate state for compressed list nodes (reused: creating one costs native memory). */
final class NodeCodec {
    static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));
    static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

    private NodeCodec() {
    }
}
