package io.sockudo.kv.types.core.sort;

import io.sockudo.kv.types.core.common.CKeyword;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.core.common.CDouble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO (Redis's sort.c): sorts a list, set or sorted set numerically or
 * lexicographically, by the elements or by keys derived from them (BY), returns the elements or
 * values derived from them (GET), optionally a LIMIT slice, optionally stored as a list (STORE).
 *
 * <p>BY and GET read keys that the arguments do not name, so both commands hold the whole
 * keyspace while they run ({@link CommandSpec#locksKeyspace()}).
 */
public final class SortCommand {
    static final String NOT_DOUBLE = "ERR One or more scores can't be converted into double";

    private SortCommand() {
    }

    public static void register(ModuleRegistry r) {
        r.command(spec("sort", false).build());
        r.command(spec("sort_ro", true).build());
    }

    private static CommandSpec.Builder spec(String name, boolean readOnly) {
        String complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
                + "number of returned elements. When the elements are not sorted, complexity is O(N).";
        List<ArgSpec> args = new ArrayList<>(List.of(
                ArgSpec.key("key", 0),
                pattern(1).token("BY").optional(),
                ArgSpec.block("offset_count", ArgSpec.integer("offset"), ArgSpec.integer("count"))
                        .token("LIMIT").optional(),
                pattern(1).token("GET").optional().multiple().multipleToken(),
                ArgSpec.oneOf("order", ArgSpec.pureToken("asc", "ASC"), ArgSpec.pureToken("desc", "DESC")).optional(),
                ArgSpec.pureToken("sorting", "ALPHA").optional()));
        if (!readOnly) {
            args.add(ArgSpec.key("destination", 2).token("STORE").optional());
        }
        CommandSpec.Builder b = CommandSpec.builder(name).arity(-2).keys(1, 1, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RO", "ACCESS"))
                .keySpec(unknown("RO", "ACCESS"))
                .keySpecNotes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive "
                        + "from the content of the key we sort")
                .keyFinder(SortCommand::keyIndexes)
                .locksKeyspace()
                .group("generic").complexity(complexity)
                .args(args.toArray(new ArgSpec[0]));
        if (readOnly) {
            b.flags(CommandFlag.READONLY).acl("read", "set", "sortedset", "list", "slow", "dangerous")
                    .summary("Sort the elements in a list, set or sorted set. Read-only variant of SORT.")
                    .since("7.0.0").handler(ctx -> sort(ctx, true));
        } else {
            b.keySpec(unknown("OW", "UPDATE"))
                    .keySpecNotes("For the optional STORE keyword. It is marked 'unknown' because the keyword can "
                            + "appear anywhere in the argument array")
                    .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                    .acl("write", "set", "sortedset", "list", "slow", "dangerous")
                    .summary("Sort the elements in a list, set or sorted set").since("1.0.0")
                    .handler(ctx -> sort(ctx, false));
        }
        return b;
    }

    private static ArgSpec pattern(int keySpecIndex) {
        return new ArgSpec("pattern", ArgSpec.Type.PATTERN, keySpecIndex, null, null, null, null, List.of(), List.of());
    }

    private static KeySpec unknown(String... flags) {
        return new KeySpec(List.of(flags), 0, null, 0, 0, 0, 0, -1, 0);
    }

    /**
     * Redis's {@code sortGetKeys}: the sorted key and the last STORE destination, skipping the
     * arguments of LIMIT, GET and BY so that a pattern named "store" is not taken for the keyword.
     */
    static int[] keyIndexes(byte[][] argv, int argc) {
        int store = -1;
        for (int i = 2; i < argc; i++) {
            byte[] a = argv[i];
            if (CKeyword.is(a, "LIMIT")) {
                i += 2;
            } else if (CKeyword.is(a, "GET") || CKeyword.is(a, "BY")) {
                i++;
            } else if (CKeyword.is(a, "STORE") && i + 1 < argc) {
                store = ++i;
            }
        }
        return store < 0 ? new int[] {1} : new int[] {1, store};
    }

    /** One element being sorted: its value, and the number or string it sorts by. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] by;

        Item(byte[] element) {
            this.element = element;
        }
    }

    static void sort(CommandContext ctx, boolean readOnly) {
        SortOptions o = SortOptions.parse(ctx, readOnly);
        KvValue value = ctx.db().read(ctx.arg(1));
        SortTypes.Kind kind = value == null ? SortTypes.Kind.LIST : SortTypes.kind(value);
        if (kind == null) {
            ctx.reply().wrongType();
            return;
        }
        byte[][] elements = value == null ? new byte[0][] : SortTypes.elements(value);
        byte[] sortBy = o.sortBy;
        boolean alpha = o.alpha;
        boolean dontSort = o.dontSort;
        if (dontSort && kind == SortTypes.Kind.SET && o.storeKey != null) {
            // Redis sorts a set alphabetically before storing it, so replicas store the same list
            dontSort = false;
            alpha = true;
            sortBy = null;
        }
        int length = elements.length;
        long start = o.limitStart < 0 ? 0 : o.limitStart;
        long end = o.limitCount < 0 ? length - 1 : start + o.limitCount - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }
        Item[] items = new Item[length];
        boolean nativeOrder = dontSort && kind != SortTypes.Kind.SET;
        for (int i = 0; i < length; i++) {
            // lists and sorted sets under BY nosort keep their order, reversed by DESC
            items[i] = new Item(elements[nativeOrder && o.desc ? length - 1 - i : i]);
        }
        if (!dontSort && !score(ctx, items, sortBy, alpha)) {
            ctx.reply().error(NOT_DOUBLE);
            return;
        }
        if (!dontSort) {
            Comparator<Item> cmp = comparator(alpha, sortBy != null, o.storeKey != null);
            Arrays.sort(items, o.desc ? cmp.reversed() : cmp);
        }
        int from = (int) start;
        int count = (int) (end - start + 1);
        if (o.storeKey == null) {
            reply(ctx, o, items, from, count);
        } else {
            store(ctx, o, items, from, count);
        }
    }

    /** Fills in what each item sorts by; false when a number cannot be read. */
    private static boolean score(CommandContext ctx, Item[] items, byte[] sortBy, boolean alpha) {
        boolean ok = true;
        long now = ctx.now();
        for (Item it : items) {
            byte[] by = sortBy == null ? it.element : PatternLookup.lookup(ctx.db(), sortBy, it.element, now);
            if (by == null) {
                continue; // a missing BY key sorts as 0 (numeric) or before everything (alpha)
            }
            if (alpha) {
                if (sortBy != null) {
                    it.by = by;
                }
            } else {
                double d = CDouble.parseOrNaN(by, 0, by.length);
                if (Double.isNaN(d)) {
                    ok = false;
                } else {
                    it.score = d;
                }
            }
        }
        return ok;
    }

    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store) {
        if (!alpha) {
            // equal scores fall back to the elements so the result does not depend on the input order
            return (a, b) -> {
                int c = Double.compare(a.score, b.score);
                if (a.score == b.score) {
                    c = 0; // -0.0 equals 0.0 in C
                }
                return c != 0 ? c : Arrays.compareUnsigned(a.element, b.element);
            };
        }
        if (byPattern) {
            return (a, b) -> {
                if (a.by == null || b.by == null) {
                    return a.by == b.by ? 0 : a.by == null ? -1 : 1;
                }
                return store ? Arrays.compareUnsigned(a.by, b.by) : strcmp(a.by, b.by);
            };
        }
        return store ? (a, b) -> Arrays.compareUnsigned(a.element, b.element) : (a, b) -> strcmp(a.element, b.element);
    }

    /**
     * C's {@code strcmp} (what {@code strcoll} is in the C locale that Redis runs in by default):
     * unsigned bytes up to the first NUL, where the end of an array counts as NUL.
     */
    static int strcmp(byte[] a, byte[] b) {
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = i < a.length ? a[i] & 0xff : 0;
            int y = i < b.length ? b[i] & 0xff : 0;
            if (x != y) {
                return x - y;
            }
            if (x == 0) {
                return 0;
            }
        }
        return 0;
    }

    private static void reply(CommandContext ctx, SortOptions o, Item[] items, int from, int count) {
        ReplyWriter w = ctx.reply();
        int gets = o.gets.size();
        w.array(gets == 0 ? count : count * gets);
        long now = ctx.now();
        for (int i = from; i < from + count; i++) {
            if (gets == 0) {
                w.bulk(items[i].element);
                continue;
            }
            for (int g = 0; g < gets; g++) {
                byte[] v = PatternLookup.lookup(ctx.db(), o.gets.get(g), items[i].element, now);
                if (v == null) {
                    w.nullBulk();
                } else {
                    w.bulk(v);
                }
            }
        }
    }

    private static void store(CommandContext ctx, SortOptions o, Item[] items, int from, int count) {
        int gets = o.gets.size();
        List<byte[]> out = new ArrayList<>(gets == 0 ? count : count * gets);
        long now = ctx.now();
        for (int i = from; i < from + count; i++) {
            if (gets == 0) {
                out.add(items[i].element);
                continue;
            }
            for (int g = 0; g < gets; g++) {
                byte[] v = PatternLookup.lookup(ctx.db(), o.gets.get(g), items[i].element, now);
                out.add(v == null ? new byte[0] : v);
            }
        }
        byte[] dest = o.storeKey;
        if (!out.isEmpty()) {
            ctx.db().put(dest, SortTypes.newList(ctx, out));
            ctx.notify(EventClass.LIST, "sortstore", dest);
        } else if (ctx.db().delete(dest)) {
            ctx.notify(EventClass.GENERIC, "del", dest);
        }
        ctx.reply().integer(out.size());
    }
}
