package io.sockudo.kv.types.core.sort;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.types.core.hashes.HashValue;
import io.sockudo.kv.types.core.lists.ListCommands;
import io.sockudo.kv.types.core.lists.QuickList;
import io.sockudo.kv.types.core.sets.SetValue;
import io.sockudo.kv.types.core.zsets.ZSetValue;

import java.util.Arrays;

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
        if (v instanceof QuickList) {
            return Kind.LIST;
        }
        if (v instanceof SetValue) {
            return Kind.SET;
        }
        if (v instanceof ZSetValue) {
            return Kind.ZSET;
        }
        return null;
    }

    /** Every element in native order: list order, set iteration order, sorted set by score. */
    static byte[][] elements(KvValue v) {
        if (v instanceof QuickList list) {
            byte[][] out = new byte[(int) list.size()][];
            int[] n = {0};
            list.forEach((buf, off, len) -> out[n[0]++] = Arrays.copyOfRange(buf, off, off + len));
            return out;
        }
        if (v instanceof SetValue set) {
            byte[][] out = new byte[set.size()][];
            int n = 0;
            for (int i = set.next(0); i >= 0; i = set.next(i + 1)) {
                out[n++] = set.memberAt(i);
            }
            return out;
        }
        if (v instanceof ZSetValue z) {
            byte[][] out = new byte[z.size()][];
            int[] n = {0};
            z.forEach((buf, off, len, score) -> out[n[0]++] = Arrays.copyOfRange(buf, off, off + len));
            return out;
        }
        throw new IllegalStateException("not a sortable value: " + v.type().name());
    }

    /** The field of a hash (null when {@code v} is not a hash or has no such live field). */
    static byte[] hashField(KvValue v, byte[] field, long now) {
        // HashValue hides fields whose TTL has passed
        return v instanceof HashValue h ? h.get(field) : null;
    }

    /** A new list value holding {@code elements} in order. */
    static KvValue newList(CommandContext ctx, List<byte[]> elements) {
        QuickList list = ListCommands.newList(ctx);
        for (byte[] e : elements) {
            list.pushTail(e);
        }
        return list;
    }
}
