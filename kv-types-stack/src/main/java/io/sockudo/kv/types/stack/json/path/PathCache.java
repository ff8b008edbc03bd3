package io.sockudo.kv.types.stack.json.path;

import java.util.Arrays;

/**
 * Compiled paths of the last commands on this thread, so a client repeating {@code $.a.b} does
 * not re-parse it (no allocation on a hit): a small direct-mapped table keyed by the argument's
 * bytes. Compiled paths are immutable apart from a regex compiled once on first use.
 */
public final class PathCache {
    private static final int SIZE = 64;
    private static final ThreadLocal<PathCache> CACHE = ThreadLocal.withInitial(PathCache::new);

    private final byte[][] keys = new byte[SIZE][];
    private final JsonPath[] paths = new JsonPath[SIZE];

    /** The compiled form of {@code arg}; throws {@link PathException} for a bad path. */
    public static JsonPath get(byte[] arg) {
        return CACHE.get().lookup(arg);
    }

    private JsonPath lookup(byte[] arg) {
        int h = Arrays.hashCode(arg);
        int slot = (h ^ h >>> 16) & (SIZE - 1);
        byte[] k = keys[slot];
        if (k != null && Arrays.equals(k, arg)) {
            return paths[slot];
        }
        JsonPath p = JsonPath.compile(arg);
        keys[slot] = arg.clone();
        paths[slot] = p;
        return p;
    }
}
