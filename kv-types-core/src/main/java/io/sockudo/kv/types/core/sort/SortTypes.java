package io.sockudo.kv.types.core.sort;

import io.sockudo.kv.spi.KvValue;

import java.util.List;

/**
 * What SORT needs from the list, set, sorted set and hash families: the elements of the value to
 * sort, a hash field for {@code ->field} patterns, and a new list for STORE.
 */
final class SortTypes {
    /** The families SORT reads. */
    enum Kind { LIST, SET, ZSET }

    private SortTypes() {
    }

    /** The kind of a value SORT accepts, or null for any other type (WRONGTYPE). */
    static Kind kind(KvValue v) {
        return null;
    }

    /** Every element in native order: list order, set iteration order, sorted set by score. */
    static byte[][] elements(KvValue v) {
        throw new IllegalStateException("not a sortable value");
    }

    /** The field of a hash (null when {@code v} is not a hash or has no such live field). */
    static byte[] hashField(KvValue v, byte[] field, long now) {
        return null;
    }

    /** A new list value holding {@code elements} in order. */
    static KvValue newList(List<byte[]> elements) {
        throw new IllegalStateException("lists are not available");
    }
}
