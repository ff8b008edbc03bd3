package io.sockudo.kv.spi;

/**
 * A value stored under a key. Implementations are owned by their family; the kernel only stores
 * them, copies them for {@code COPY}, asks their type and encoding, and estimates their size.
 *
 * <p>Values are mutated only by command handlers holding the key's lock. After changing a value
 * in place, a handler calls {@link Keyspace#modified(byte[])} so WATCH, listeners and persistence see it.
 */
public interface KvValue {
    /** The type ({@code TYPE} prints its name). */
    ValueType type();

    /** The encoding {@code OBJECT ENCODING} prints, e.g. {@code "embstr"}, {@code "listpack"}. */
    String encoding();

    /**
     * An estimate in bytes of the memory this value holds (for {@code MEMORY USAGE}, the byte
     * account behind {@code maxmemory} and eviction).
     *
     * <p><b>Called on every write of the key: must be O(1).</b> The kernel asks it when a command
     * looks the key up for writing and again when the family calls {@link Keyspace#modified}, so a
     * figure computed by walking the value (every node of a list, every group of a stream) makes
     * each write O(n). Keep a running total updated where the structure changes (a node added,
     * removed, resized or compressed; an entry added or removed), or derive it from O(1) fields
     * (array capacities, counts). It must not change while the value does not (reads included).
     * Count what the JVM really holds: 12-byte object headers and 4-byte references (compressed
     * oops), 16-byte array headers, sizes rounded up to 8 bytes.
     */
    long memoryUsage();

    /** A deep copy, for {@code COPY}. Immutable values may return {@code this}. */
    KvValue copy();

    /**
     * What {@code OBJECT REFCOUNT} prints. Redis shares the string objects of the integers 0..9999
     * and reports {@code 2147483647} for them, 1 for everything else; a family returns
     * {@link Integer#MAX_VALUE} for values Redis would share. (The kernel prints 1 instead while
     * {@code maxmemory} with an LRU/LFU policy turns sharing off, as Redis does.)
     */
    default int refCount() {
        return 1;
    }
}
