package io.sockudo.kv.types.core.sort;

import io.sockudo.kv.types.core.common.CKeyword;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of SORT and SORT_RO, parsed as Redis's {@code sortCommandGeneric} does: keywords are
 * compared as C strings (case-insensitive, up to a NUL byte), later options override earlier ones,
 * an option without enough arguments after it is a syntax error, and SORT_RO knows no STORE.
 */
final class SortOptions {
    boolean desc;
    boolean alpha;
    long limitStart;
    long limitCount = -1;
    /** The BY pattern, or null. */
    byte[] sortBy;
    /** BY with a pattern that has no {@code *} (e.g. {@code nosort}): keep the native order. */
    boolean dontSort;
    /** The GET patterns in order. */
    final List<byte[]> gets = new ArrayList<>(2);
    /** The STORE destination, or null. */
    byte[] storeKey;

    /** Parses {@code argv[2..]}; throws {@link KvException} with Redis's error text. */
    static SortOptions parse(CommandContext ctx, boolean readOnly) {
        SortOptions o = new SortOptions();
        int argc = ctx.argc();
        for (int j = 2; j < argc; j++) {
            byte[] a = ctx.arg(j);
            int left = argc - j - 1;
            if (CKeyword.is(a, "ASC")) {
                o.desc = false;
            } else if (CKeyword.is(a, "DESC")) {
                o.desc = true;
            } else if (CKeyword.is(a, "ALPHA")) {
                o.alpha = true;
            } else if (CKeyword.is(a, "LIMIT") && left >= 2) {
                o.limitStart = Args.toLong(ctx.arg(j + 1));
                o.limitCount = Args.toLong(ctx.arg(j + 2));
                j += 2;
            } else if (!readOnly && CKeyword.is(a, "STORE") && left >= 1) {
                o.storeKey = ctx.arg(++j);
            } else if (CKeyword.is(a, "BY") && left >= 1) {
                o.sortBy = ctx.arg(++j);
                // as strchr on a C string: a '*' after a NUL byte does not count
                o.dontSort = PatternLookup.star(o.sortBy) < 0;
            } else if (CKeyword.is(a, "GET") && left >= 1) {
                o.gets.add(ctx.arg(++j));
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        return o;
    }

}
