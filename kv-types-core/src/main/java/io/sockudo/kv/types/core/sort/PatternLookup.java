package io.sockudo.kv.types.core.sort;

import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.types.core.strings.StringValue;

import java.util.Arrays;

/**
 * Redis's {@code lookupKeyByPattern} for SORT's BY and GET: {@code #} is the element itself;
 * otherwise the first {@code *} is replaced by the element to name a key, and a {@code ->field}
 * suffix after the star (with a non-empty field) reads that field of a hash. A pattern without a
 * star, a missing key, or a key of another type reads as nothing (null).
 */
final class PatternLookup {
    private PatternLookup() {
    }

    /** Index of the first {@code *} before any NUL byte (C's strchr), or -1. */
    static int star(byte[] pattern) {
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i] == '*') {
                return i;
            }
            if (pattern[i] == 0) {
                return -1;
            }
        }
        return -1;
    }

    /** The value {@code pattern} names for {@code element}, as bytes, or null. */
    static byte[] lookup(Keyspace db, byte[] pattern, byte[] element, long now) {
        if (pattern.length >= 1 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) {
            return element;
        }
        int star = star(pattern);
        if (star < 0) {
            return null;
        }
        int arrow = arrow(pattern, star + 1);
        int suffixEnd = pattern.length;
        byte[] field = null;
        if (arrow >= 0 && arrow + 2 < pattern.length && pattern[arrow + 2] != 0) {
            field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
            suffixEnd = arrow;
        }
        byte[] key = new byte[star + element.length + (suffixEnd - star - 1)];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, suffixEnd - star - 1);
        KvValue v = db.read(key);
        if (v == null) {
            return null;
        }
        if (field != null) {
            return SortTypes.hashField(v, field, now);
        }
        return v instanceof StringValue s ? s.bytes() : null;
    }

    /** Index of the first "->" at or after {@code from} (C's strstr, which stops at a NUL), or -1. */
    private static int arrow(byte[] p, int from) {
        for (int i = from; i + 1 < p.length; i++) {
            if (p[i] == 0) {
                return -1;
            }
            if (p[i] == '-' && p[i + 1] == '>') {
                return i;
            }
        }
        return -1;
    }
}
