package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.json.path.IntList;
import io.sockudo.kv.types.stack.json.path.JsonPath;

import static io.sockudo.kv.types.stack.json.JsonCommands.oneKey;
import static io.sockudo.kv.types.stack.json.JsonCommands.spec;

/** JSON.ARRAPPEND ARRINSERT ARRPOP ARRTRIM. */
final class ArrayCommands {
    private static final String SINGLE = "O(1) when path is evaluated to a single value, O(N) when path is evaluated to multiple values, where N is the size of the key";
    private static final String NOT_ARRAY = "not an array";

    private ArrayCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(oneKey(spec("json.arrappend", -3, true, true, "Append one or more json values into the array at path after the last element in it.",
                "1.0.0", SINGLE), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path"), ArgSpec.string("value").multiple())
                .handler(ArrayCommands::arrappend).build());
        r.command(oneKey(spec("json.arrinsert", -5, true, true, "Inserts the JSON scalar(s) value at the specified index in the array at path",
                "1.0.0", "O(N) when path is evaluated to a single value where N is the size of the array, O(N) when path is evaluated to multiple values, where N is the size of the key"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path"), ArgSpec.integer("index"), ArgSpec.string("value").multiple())
                .handler(ArrayCommands::arrinsert).build());
        r.command(oneKey(spec("json.arrpop", -2, true, false, "Removes and returns the element at the specified index in the array at path",
                "1.0.0", "O(N) when path is evaluated to a single value where N is the size of the array and the specified index is not the last element, O(1) when path is evaluated to a single value and the specified index is the last element, or O(N) when path is evaluated to multiple values, where N is the size of the key"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.block("path", ArgSpec.string("path"), ArgSpec.integer("index").optional()).optional())
                .handler(ArrayCommands::arrpop).build());
        r.command(oneKey(spec("json.arrtrim", 5, true, false, "Trims the array at path to contain only the specified inclusive range of indices from start to stop",
                "1.0.0", "O(N) when path is evaluated to a single value where N is the size of the array, O(N) when path is evaluated to multiple values, where N is the size of the key"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path"), ArgSpec.integer("start"), ArgSpec.integer("stop"))
                .handler(ArrayCommands::arrtrim).build());
    }

    /** The packed values of arguments {@code from..argc-1}, concatenated (parse errors before any change). */
    private static byte[] values(CommandContext ctx, int from) {
        Scratch all = new Scratch();
        for (int i = from; i < ctx.argc(); i++) {
            byte[] a = ctx.arg(i);
            all.put(JsonParser.parse(a));
        }
        return all.toArray();
    }

    private static JsonValue existing(CommandContext ctx, byte[] key) {
        JsonValue doc = JsonCommands.write(ctx, key);
        if (doc == null) {
            throw new KvException(JsonCommands.NO_KEY);
        }
        return doc;
    }

    // ------------------------------------------------------------------ JSON.ARRAPPEND

    static void arrappend(CommandContext ctx) {
        if (ctx.argc() < 4) {
            throw new KvException(JsonCommands.wrongArity("json.arrappend"));
        }
        byte[] key = ctx.arg(1);
        JsonPath path = JsonCommands.path(ctx.arg(2));
        byte[] items = values(ctx, 3);
        int k = ctx.argc() - 3;
        JsonValue doc = existing(ctx, key);
        IntList found = JsonCommands.selectForGrowth(doc, path, items.length);
        items = JsonCommands.adaptAll(doc, items);
        long[] res = new long[found.size()];
        boolean any = false;
        for (int i : JsonCommands.editOrder(found)) {
            int at = found.get(i);
            res[i] = -1;
            if (Packed.kind(doc.buf, at) == Packed.ARRAY) {
                doc.insertElements(at, Packed.count(doc.buf, at), k, items, 0, items.length);
                res[i] = Packed.count(doc.buf, at);
                any = true;
            }
        }
        lengthsReply(ctx, key, path, res, any, "json.arrappend", path.original);
    }

    /** The reply of the commands answering with a length per match (or the last one for a legacy path). */
    private static void lengthsReply(CommandContext ctx, byte[] key, JsonPath path, long[] res, boolean any,
                                     String event, String errorPath) {
        ReplyWriter r = ctx.reply();
        if (path.legacy) {
            if (!any) {
                throw new KvException(JsonCommands.pathMissingOr(errorPath, NOT_ARRAY));
            }
            JsonCommands.changed(ctx, key, event);
            long last = 0;
            for (long l : res) {
                if (l >= 0) {
                    last = l;
                }
            }
            r.integer(last);
            return;
        }
        if (any) {
            JsonCommands.changed(ctx, key, event);
        }
        r.array(res.length);
        for (long l : res) {
            if (l < 0) {
                r.nullBulk();
            } else {
                r.integer(l);
            }
        }
    }

    // ------------------------------------------------------------------ JSON.ARRINSERT

    static void arrinsert(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        JsonPath path = JsonCommands.path(ctx.arg(2));
        long index = JsonCommands.integer(ctx.arg(3));
        byte[] items = values(ctx, 4);
        int k = ctx.argc() - 4;
        JsonValue doc = existing(ctx, key);
        IntList found = JsonCommands.selectForGrowth(doc, path, items.length);
        items = JsonCommands.adaptAll(doc, items);
        // every target is checked before any is changed
        for (int i = 0; i < found.size(); i++) {
            int at = found.get(i);
            if (Packed.kind(doc.buf, at) == Packed.ARRAY) {
                long len = Packed.count(doc.buf, at);
                long idx = index < 0 ? len + index : index;
                if (idx < 0 || idx > len) {
                    throw new KvException("ERR index out of bounds");
                }
            }
        }
        long[] res = new long[found.size()];
        boolean any = false;
        for (int i : JsonCommands.editOrder(found)) {
            int at = found.get(i);
            res[i] = -1;
            if (Packed.kind(doc.buf, at) == Packed.ARRAY) {
                long len = Packed.count(doc.buf, at);
                long idx = index < 0 ? len + index : index;
                doc.insertElements(at, (int) idx, k, items, 0, items.length);
                res[i] = Packed.count(doc.buf, at);
                any = true;
            }
        }
        lengthsReply(ctx, key, path, res, any, "json.arrinsert", path.text);
    }

    // ------------------------------------------------------------------ JSON.ARRPOP

    static void arrpop(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        int next = 2;
        boolean resp3 = ctx.reply().protocol() == 3;
        boolean expand = false;
        // the default, FORMAT STRINGS, replies JSON text on RESP3 too (as clients expect);
        // EXPAND1 gives scalars their RESP3 types, EXPAND containers too
        boolean typed = false;
        if (ctx.argc() > 3 && Args.is(ctx.arg(2), "FORMAT")) {
            byte[] f = ctx.arg(3);
            if (Args.is(f, "STRINGS")) {
                expand = false;
            } else if (Args.is(f, "EXPAND1")) {
                typed = true;
            } else if (Args.is(f, "EXPAND")) {
                typed = true;
                expand = true;
            } else {
                throw new KvException("ERR wrong reply format");
            }
            if (!resp3) {
                throw new KvException("ERR FORMAT argument is not supported on RESP2");
            }
            next = 4;
        }
        boolean formatGiven = next == 4;
        JsonPath path;
        long index;
        if (ctx.argc() > next) {
            path = JsonCommands.path(ctx.arg(next));
            byte[] ia = ctx.argc() > next + 1 ? ctx.arg(next + 1) : null;
            index = ia != null && Args.isLong(ia) ? Args.parseLongUnchecked(ia, 0, ia.length) : -1;
        } else {
            path = JsonCommands.defaultPath();
            index = Long.MAX_VALUE;
        }
        if (path.legacy && formatGiven && !Args.is(ctx.arg(3), "STRINGS")) {
            throw new KvException("Legacy paths are supported only with FORMAT STRINGS");
        }
        JsonValue doc = existing(ctx, key);
        IntList found = JsonCommands.select(doc, path);
        int n = found.size();
        byte[][] popped = new byte[n][];
        boolean arrays = false;
        for (int i : JsonCommands.editOrder(found)) {
            int at = found.get(i);
            if (Packed.kind(doc.buf, at) != Packed.ARRAY) {
                continue;
            }
            arrays = true;
            long len = Packed.count(doc.buf, at);
            if (len == 0) {
                continue;
            }
            long idx = index < 0 ? Math.max(0, len + index) : Math.min(index, len - 1);
            int e = Packed.element(doc.buf, at, (int) idx);
            int end = Packed.skip(doc.buf, e);
            popped[i] = java.util.Arrays.copyOfRange(doc.buf, e, end);
            doc.removeAt(e);
        }
        ReplyWriter r = ctx.reply();
        if (path.legacy) {
            if (!arrays) {
                throw new KvException(JsonCommands.pathMissingOr(path.text, NOT_ARRAY));
            }
            doc.trim();
            JsonCommands.changed(ctx, key, "json.arrpop");
            byte[] last = null;
            for (int i = n - 1; i >= 0 && last == null; i--) {
                last = popped[i];
            }
            if (last == null) {
                r.nullBulk();
            } else {
                Replies.json(r, last, 0, JsonWriter.COMPACT);
            }
            return;
        }
        boolean any = false;
        for (byte[] p : popped) {
            any |= p != null;
        }
        if (any) {
            doc.trim();
            JsonCommands.changed(ctx, key, "json.arrpop");
        }
        r.array(n);
        for (byte[] p : popped) {
            if (p == null) {
                r.nullBulk();
            } else if (typed) {
                Replies.resp3(r, p, 0, expand, JsonWriter.COMPACT);
            } else {
                Replies.json(r, p, 0, JsonWriter.COMPACT);
            }
        }
    }

    // ------------------------------------------------------------------ JSON.ARRTRIM

    static void arrtrim(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        JsonPath path = JsonCommands.path(ctx.arg(2));
        long start = JsonCommands.integer(ctx.arg(3));
        long stop = JsonCommands.integer(ctx.arg(4));
        JsonValue doc = existing(ctx, key);
        IntList found = JsonCommands.select(doc, path);
        long[] res = new long[found.size()];
        boolean any = false;
        for (int i : JsonCommands.editOrder(found)) {
            int at = found.get(i);
            res[i] = -1;
            if (Packed.kind(doc.buf, at) != Packed.ARRAY) {
                continue;
            }
            any = true;
            long len = Packed.count(doc.buf, at);
            long to = normalize(stop, len);
            long from = (start < 0 || start < len) ? normalize(start, len) : to + 1;
            if (from > to || len == 0) {
                doc.keepRange(at, 0, 0);
            } else {
                doc.keepRange(at, (int) from, (int) to + 1);
            }
            res[i] = Packed.count(doc.buf, at);
        }
        if (any) {
            doc.trim();
        }
        lengthsReply(ctx, key, path, res, any, "json.arrtrim", path.text);
    }

    /** RedisJSON's index normalisation for ARRTRIM: negative from the end (at least 0), positive at most the last. */
    private static long normalize(long i, long len) {
        return i >= 0 ? Math.min(i, len - 1) : Math.max(len + i, 0);
    }
}
