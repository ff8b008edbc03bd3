package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.stack.json.path.Evaluator;
import io.sockudo.kv.types.stack.json.path.IntList;
import io.sockudo.kv.types.stack.json.path.JsonPath;
import io.sockudo.kv.types.stack.json.path.PathCache;
import io.sockudo.kv.types.stack.json.path.PathException;

import java.util.Arrays;

/**
 * The JSON family (RedisJSON 2): registers the type and the commands, grouped into
 * {@link ReadCommands}, {@link WriteCommands} and {@link ArrayCommands}, and holds what they
 * share: key lookups, path compilation, RedisJSON's error texts, match lists.
 *
 * <p>Errors RedisJSON replies without an error code (serde_json's parse errors, {@code Couldn't
 * parse as integer}, path syntax errors) are replied the same way: Redis passes a module's error
 * text through as given.
 */
public final class JsonCommands {
    static final String NO_KEY = "ERR could not perform this operation on a key that doesn't exist";
    static final String NOT_INTEGER = "Couldn't parse as integer";

    private JsonCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(JsonType.INSTANCE);
        ReadCommands.register(r);
        WriteCommands.register(r);
        ArrayCommands.register(r);
    }

    // ------------------------------------------------------------------ specs

    /** A RedisJSON command spec: module flag and group, the json ACL category, one key at 1. */
    static CommandSpec.Builder spec(String name, int arity, boolean write, boolean denyoom, String summary,
                                    String since, String complexity) {
        CommandSpec.Builder b = CommandSpec.builder(name).arity(arity).group("module").summary(summary)
                .since(since).complexity(complexity);
        if (write) {
            if (denyoom) {
                b.flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE);
            } else {
                b.flags(CommandFlag.WRITE, CommandFlag.MODULE);
            }
            b.acl("write", "slow", "json");
        } else {
            b.flags(CommandFlag.READONLY, CommandFlag.MODULE);
            b.acl("read", "slow", "json");
        }
        return b;
    }

    static CommandSpec.Builder oneKey(CommandSpec.Builder b, boolean write) {
        return b.keys(1, 1, 1, write ? "RW" : "RO");
    }

    // ------------------------------------------------------------------ lookups

    /** The document at {@code key} for reading (hit/miss counted), null when absent; WRONGTYPE otherwise. */
    static JsonValue read(CommandContext ctx, byte[] key) {
        return checked(ctx.db().read(key));
    }

    /** The document at {@code key} for writing, null when absent; WRONGTYPE otherwise. */
    static JsonValue write(CommandContext ctx, byte[] key) {
        return checked(ctx.db().get(key));
    }

    private static JsonValue checked(KvValue v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonValue j)) {
            throw new KvException("WRONGTYPE Operation against a key holding the wrong kind of value");
        }
        return j;
    }

    /** The compiled path of argument {@code arg}, or RedisJSON's error for a bad one. */
    static JsonPath path(byte[] arg) {
        if (arg.length == 1) {
            // the roots, without a cache look-up
            if (arg[0] == '$') {
                return ROOT;
            }
            if (arg[0] == '.') {
                return LEGACY_ROOT;
            }
        }
        try {
            return PathCache.get(arg);
        } catch (PathException e) {
            throw new KvException(e.getMessage());
        }
    }

    /** The path, or null when it does not compile (where RedisJSON quietly skips bad paths). */
    static JsonPath pathOrNull(byte[] arg) {
        try {
            return PathCache.get(arg);
        } catch (PathException e) {
            return null;
        }
    }

    private static final JsonPath LEGACY_ROOT = JsonPath.compile(".");
    private static final JsonPath ROOT = JsonPath.compile("$");

    /** The default path of commands whose path is optional: the legacy root {@code .}. */
    static JsonPath defaultPath() {
        return LEGACY_ROOT;
    }

    /** Offsets {@code path} selects in {@code doc}, in document order (a fresh list). */
    static IntList select(JsonValue doc, JsonPath path) {
        IntList out = new IntList();
        if (path.segments.length == 0) {
            out.add(0);
        } else {
            Evaluator.select(path, doc.buf, 0, out);
        }
        return out;
    }

    /**
     * Matches of {@code path} for an edit that adds at most {@code perMatch} bytes at each: the
     * document is first given room for them ({@link JsonValue#ensureRoom}; offsets found before
     * a conversion are found again).
     */
    static IntList selectForGrowth(JsonValue doc, JsonPath path, long perMatch) {
        IntList found = select(doc, path);
        if (doc.ensureRoom(perMatch * found.size())) {
            found = select(doc, path);
        }
        return found;
    }

    /** The concatenated packed values {@code items} in the document's width. */
    static byte[] adaptAll(JsonValue doc, byte[] items) {
        Scratch s = null;
        for (int p = 0; p < items.length; ) {
            int next = Packed.skip(items, p);
            if (Packed.isContainer(Packed.kind(items, p)) && Packed.isNarrow(items, p) != doc.narrow()) {
                s = new Scratch();
                break;
            }
            p = next;
        }
        if (s == null) {
            return items;
        }
        for (int p = 0; p < items.length; ) {
            int next = Packed.skip(items, p);
            Packed.convert(items, p, s, doc.narrow());
            p = next;
        }
        return s.toArray();
    }

    /** After an in-place edit: WATCH and listeners learn of it, then the module's event. */
    static void changed(CommandContext ctx, byte[] key, String event) {
        ctx.db().modified(key);
        ctx.notify(EventClass.MODULE, event, key);
    }

    static String wrongArity(String command) {
        return "ERR wrong number of arguments for '" + command + "' command";
    }

    // ------------------------------------------------------------------ errors

    static String pathMissing(String path) {
        return "ERR Path '" + path + "' does not exist";
    }

    static String pathMissingOr(String path, String or) {
        return "ERR Path '" + path + "' does not exist or " + or;
    }

    static String expected(String expected, String found) {
        return "WRONGTYPE wrong type of path value - expected " + expected + " but found " + found;
    }

    /** A 64-bit integer argument (Redis's strict form), or RedisJSON's error. */
    static long integer(byte[] arg) {
        if (!io.sockudo.kv.spi.Args.isLong(arg)) {
            throw new KvException(NOT_INTEGER);
        }
        return io.sockudo.kv.spi.Args.parseLongUnchecked(arg, 0, arg.length);
    }

    // ------------------------------------------------------------------ match ordering

    /**
     * Indexes into {@code found} ordered for editing: highest offset first, so an edit never moves
     * a match still to be edited (a descendant sits after its ancestor, a later sibling after an
     * earlier one).
     */
    static int[] editOrder(IntList found) {
        int n = found.size();
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Integer.compare(found.get(b), found.get(a)));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /**
     * The matches that are not inside another match, highest offset first (JSON.DEL and
     * JSON.CLEAR act on the topmost of nested matches only, as RedisJSON does).
     */
    static int[] topmostDescending(JsonValue doc, IntList found) {
        int n = found.size();
        int[] offs = new int[n];
        for (int i = 0; i < n; i++) {
            offs[i] = found.get(i);
        }
        Arrays.sort(offs);
        int[] keep = new int[n];
        int k = 0;
        int coveredUntil = -1;
        int last = -1;
        for (int off : offs) {
            if (off == last) {
                continue; // the same value matched twice
            }
            last = off;
            if (off < coveredUntil) {
                continue;
            }
            keep[k++] = off;
            coveredUntil = Packed.skip(doc.buf, off);
        }
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = keep[k - 1 - i];
        }
        return out;
    }
}
