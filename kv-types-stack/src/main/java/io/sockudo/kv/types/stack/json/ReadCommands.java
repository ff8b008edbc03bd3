package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.json.path.DeepEquals;
import io.sockudo.kv.types.stack.json.path.IntList;
import io.sockudo.kv.types.stack.json.path.JsonPath;

import java.util.ArrayList;
import java.util.List;

import static io.sockudo.kv.types.stack.json.JsonCommands.oneKey;
import static io.sockudo.kv.types.stack.json.JsonCommands.spec;

/** JSON.GET MGET TYPE STRLEN ARRLEN OBJLEN OBJKEYS ARRINDEX RESP DEBUG. */
final class ReadCommands {
    private static final String SINGLE = "O(1) when path is evaluated to a single value, O(N) when path is evaluated to multiple values, where N is the size of the key";

    private ReadCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(oneKey(spec("json.get", -2, false, false, "Gets the value at one or more paths in JSON serialized form",
                "1.0.0", "O(N) when path is evaluated to a single value where N is the size of the value, O(N) when path is evaluated to multiple values, where N is the size of the key"), false)
                .args(ArgSpec.key("key", 0), ArgSpec.string("indent").token("INDENT").optional(),
                        ArgSpec.string("newline").token("NEWLINE").optional(),
                        ArgSpec.string("space").token("SPACE").optional(),
                        ArgSpec.string("path").optional().multiple())
                .handler(ReadCommands::get).build());
        r.command(spec("json.mget", -3, false, false, "Returns the values at a path from one or more keys", "1.0.0",
                "O(M*N) when path is evaluated to a single value where M is the number of keys and N is the size of the value, O(N1+N2+...+Nm) when path is evaluated to multiple values where m is the number of keys and Ni is the size of the i-th key")
                .keys(1, -2, 1, "RO")
                .args(ArgSpec.key("key", 0).multiple(), ArgSpec.string("path"))
                .handler(ReadCommands::mget).build());
        r.command(oneKey(spec("json.type", -2, false, false, "Returns the type of the JSON value at path", "1.0.0", SINGLE), false)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path").optional())
                .handler(ReadCommands::type).build());
        r.command(oneKey(spec("json.strlen", -2, false, false, "Returns the length of the JSON String at path in key", "1.0.0", SINGLE), false)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path").optional())
                .handler(ReadCommands::strlen).build());
        r.command(oneKey(spec("json.arrlen", -2, false, false, "Returns the length of the array at path", "1.0.0", SINGLE), false)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path").optional())
                .handler(ReadCommands::arrlen).build());
        r.command(oneKey(spec("json.objlen", -2, false, false, "Returns the number of keys of the object at path", "1.0.0", SINGLE), false)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path").optional())
                .handler(ReadCommands::objlen).build());
        r.command(oneKey(spec("json.objkeys", -2, false, false, "Returns the JSON keys of the object at path", "1.0.0",
                "O(N) when path is evaluated to a single value, where N is the number of keys in the object, O(N) when path is evaluated to multiple values, where N is the size of the key"), false)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path").optional())
                .handler(ReadCommands::objkeys).build());
        r.command(oneKey(spec("json.arrindex", -4, false, false, "Returns the index of the first occurrence of a JSON scalar value in the array at path",
                "1.0.0", "O(N) when path is evaluated to a single value where N is the size of the array, O(N) when path is evaluated to multiple values, where N is the size of the key"), false)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path"), ArgSpec.string("value"),
                        ArgSpec.block("range", ArgSpec.integer("start"), ArgSpec.integer("stop").optional()).optional())
                .handler(ReadCommands::arrindex).build());
        r.command(oneKey(spec("json.resp", -2, false, false, "Returns the JSON value at path in Redis Serialization Protocol (RESP)",
                "1.0.0", "O(N) when path is evaluated to a single value, where N is the size of the value, O(N) when path is evaluated to multiple values, where N is the size of the key"), false)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path").optional())
                .handler(ReadCommands::resp).build());
        r.command(spec("json.debug", -2, false, false, "Debugging container command", "1.0.0", "N/A")
                .keySpec(new KeySpec(List.of("RO"), 0, "MEMORY", 1, 0, 1, 0, -1, 0))
                .keyFinder((argv, argc) -> argc >= 3 && Args.is(argv[1], "MEMORY") ? new int[] {2} : new int[0])
                .args(ArgSpec.oneOf("subcommand", ArgSpec.pureToken("memory", "MEMORY"), ArgSpec.pureToken("help", "HELP")),
                        ArgSpec.key("key", 0).optional(), ArgSpec.string("path").optional())
                .handler(ReadCommands::debug).build());
    }

    // ------------------------------------------------------------------ JSON.GET

    private enum Format { STRING, EXPAND1, EXPAND }

    static void get(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        byte[] indent = null;
        byte[] newline = null;
        byte[] space = null;
        Format format = Format.STRING;
        boolean resp3 = ctx.reply().protocol() == 3;
        List<byte[]> pathArgs = new ArrayList<>(1);
        for (int i = 2; i < ctx.argc(); i++) {
            byte[] a = ctx.arg(i);
            if (a.length <= 8) {
                if (Args.is(a, "INDENT") || Args.is(a, "NEWLINE") || Args.is(a, "SPACE")) {
                    if (i + 1 >= ctx.argc()) {
                        throw new KvException(JsonCommands.wrongArity("json.get"));
                    }
                    byte[] v = ctx.arg(++i);
                    if (Args.is(a, "INDENT")) {
                        indent = v;
                    } else if (Args.is(a, "NEWLINE")) {
                        newline = v;
                    } else {
                        space = v;
                    }
                    continue;
                }
                if (Args.is(a, "NOESCAPE")) {
                    continue; // accepted and ignored, as RedisJSON 2 does
                }
                if (Args.is(a, "FORMAT")) {
                    if (!resp3 && pathArgs.isEmpty()) {
                        throw new KvException("ERR FORMAT argument is not supported on RESP2");
                    }
                    if (i + 1 >= ctx.argc()) {
                        throw new KvException(JsonCommands.wrongArity("json.get"));
                    }
                    byte[] f = ctx.arg(++i);
                    if (Args.is(f, "STRING")) {
                        format = Format.STRING;
                    } else if (Args.is(f, "EXPAND1")) {
                        format = Format.EXPAND1;
                    } else if (Args.is(f, "EXPAND")) {
                        format = Format.EXPAND;
                    } else {
                        throw new KvException("ERR wrong reply format");
                    }
                    continue;
                }
            }
            pathArgs.add(a);
        }
        JsonWriter w = indent == null && newline == null && space == null ? JsonWriter.COMPACT : new JsonWriter(indent, newline, space);
        JsonValue doc = JsonCommands.read(ctx, key);
        if (doc == null) {
            ctx.reply().nullBulk();
            return;
        }
        ReplyWriter r = ctx.reply();
        if (resp3 && format != Format.STRING) {
            // one array per path, of the matches as RESP3 values; a bad path gives an empty array
            if (pathArgs.isEmpty()) {
                pathArgs.add(new byte[] {'.'});
            }
            r.array(pathArgs.size());
            for (byte[] a : pathArgs) {
                JsonPath p = JsonCommands.pathOrNull(a);
                IntList found = p == null ? new IntList() : JsonCommands.select(doc, p);
                r.array(found.size());
                for (int k = 0; k < found.size(); k++) {
                    Replies.resp3(r, doc.buf, found.get(k), format == Format.EXPAND, w);
                }
            }
            return;
        }
        if (pathArgs.size() <= 1) {
            JsonPath single = pathArgs.isEmpty() ? JsonCommands.defaultPath() : JsonCommands.path(pathArgs.get(0));
            if (single.legacy) {
                int at = first(doc, single);
                Replies.json(r, doc.buf, at, w);
            } else {
                Replies.jsonArray(r, doc.buf, JsonCommands.select(doc, single), w);
            }
            return;
        }
        multiPath(ctx, doc, pathArgs, w);
    }

    /**
     * Several paths: a JSON object from each path as given to its value (legacy paths when all
     * are legacy) or to the array of its matches. Paths that do not compile are left out, as
     * RedisJSON leaves them out; a repeated path appears once.
     */
    private static void multiPath(CommandContext ctx, JsonValue doc, List<byte[]> pathArgs, JsonWriter w) {
        List<JsonPath> paths = new ArrayList<>(pathArgs.size());
        for (byte[] a : pathArgs) {
            JsonPath p = JsonCommands.pathOrNull(a);
            if (p == null) {
                continue;
            }
            boolean seen = false;
            for (JsonPath q : paths) {
                if (q.original.equals(p.original)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                paths.add(p);
            }
        }
        // RedisJSON decides legacy-ness over every path given, compiled or not
        boolean allLegacy = true;
        for (byte[] a : pathArgs) {
            if (JsonPath.isJsonPath(new String(a, java.nio.charset.StandardCharsets.UTF_8))) {
                allLegacy = false;
            }
        }
        Scratch s = Scratch.forText();
        s.put((byte) '{');
        int i = 0;
        List<IntList> results = new ArrayList<>(paths.size());
        for (JsonPath p : paths) {
            IntList found = JsonCommands.select(doc, p);
            if (allLegacy && found.size() == 0) {
                throw new KvException(JsonCommands.pathMissing(p.original));
            }
            results.add(found);
        }
        for (JsonPath p : paths) {
            IntList found = results.get(i);
            w.key(s, i, p.original.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1);
            if (allLegacy) {
                w.value(doc.buf, found.get(0), s, 1);
            } else {
                Replies.writeArray(s, doc.buf, found, w, 1);
            }
            i++;
        }
        w.close(s, '}', i, 0);
        ctx.reply().bulk(s.buf, 0, s.len);
    }

    /** The first match of a legacy path, or RedisJSON's "does not exist" error. */
    static int first(JsonValue doc, JsonPath p) {
        IntList found = JsonCommands.select(doc, p);
        if (found.size() == 0) {
            throw new KvException(JsonCommands.pathMissing(p.text));
        }
        return found.get(0);
    }

    // ------------------------------------------------------------------ JSON.MGET

    static void mget(CommandContext ctx) {
        int argc = ctx.argc();
        JsonPath path = JsonCommands.pathOrNull(ctx.arg(argc - 1));
        ReplyWriter r = ctx.reply();
        // a key of another type, a bad path or a legacy path that matches nothing gives null
        r.array(argc - 2);
        for (int i = 1; i < argc - 1; i++) {
            Object v = ctx.db().read(ctx.arg(i));
            if (!(v instanceof JsonValue doc) || path == null) {
                r.nullBulk();
                continue;
            }
            IntList found = JsonCommands.select(doc, path);
            if (path.legacy) {
                if (found.size() == 0) {
                    r.nullBulk();
                } else {
                    Replies.json(r, doc.buf, found.get(0), JsonWriter.COMPACT);
                }
            } else {
                Replies.jsonArray(r, doc.buf, found, JsonWriter.COMPACT);
            }
        }
    }

    // ------------------------------------------------------------------ JSON.TYPE

    static void type(CommandContext ctx) {
        JsonPath path;
        if (ctx.argc() > 2) {
            path = JsonCommands.pathOrNull(ctx.arg(2));
            if (path == null && JsonPath.isJsonPath(new String(ctx.arg(2), java.nio.charset.StandardCharsets.UTF_8))) {
                path = JsonCommands.path(ctx.arg(2)); // a bad JSONPath is an error; a bad legacy path just matches nothing
            }
        } else {
            path = JsonCommands.defaultPath();
        }
        JsonValue doc = JsonCommands.read(ctx, ctx.arg(1));
        ReplyWriter r = ctx.reply();
        boolean resp3 = r.protocol() == 3;
        if (resp3) {
            r.array(1);
        }
        if (path == null) {
            r.nullBulk();
            return;
        }
        if (doc == null) {
            r.nullBulk();
            return;
        }
        IntList found = JsonCommands.select(doc, path);
        if (path.legacy) {
            if (found.size() == 0) {
                r.nullBulk();
            } else {
                r.bulk(Packed.typeName(Packed.kind(doc.buf, found.get(0))));
            }
            return;
        }
        r.array(found.size());
        for (int i = 0; i < found.size(); i++) {
            r.bulk(Packed.typeName(Packed.kind(doc.buf, found.get(i))));
        }
    }

    // ------------------------------------------------------------------ lengths

    static void strlen(CommandContext ctx) {
        JsonPath path = optionalPath(ctx, 2);
        JsonValue doc = JsonCommands.read(ctx, ctx.arg(1));
        ReplyWriter r = ctx.reply();
        if (path.legacy) {
            if (doc == null) {
                r.nullBulk();
                return;
            }
            int at = first(doc, path);
            if (Packed.kind(doc.buf, at) != Packed.STRING) {
                throw new KvException(JsonCommands.expected("string", Packed.typeName(Packed.kind(doc.buf, at))));
            }
            r.integer(Packed.strLen(doc.buf, at));
            return;
        }
        if (doc == null) {
            throw new KvException(JsonCommands.NO_KEY);
        }
        IntList found = JsonCommands.select(doc, path);
        r.array(found.size());
        for (int i = 0; i < found.size(); i++) {
            int at = found.get(i);
            if (Packed.kind(doc.buf, at) == Packed.STRING) {
                r.integer(Packed.strLen(doc.buf, at));
            } else {
                r.nullBulk();
            }
        }
    }

    static void arrlen(CommandContext ctx) {
        JsonPath path = optionalPath(ctx, 2);
        JsonValue doc = JsonCommands.read(ctx, ctx.arg(1));
        ReplyWriter r = ctx.reply();
        if (path.legacy) {
            if (doc == null) {
                r.nullBulk();
                return;
            }
            IntList found = JsonCommands.select(doc, path);
            if (found.size() == 0 || Packed.kind(doc.buf, found.get(0)) != Packed.ARRAY) {
                throw new KvException(JsonCommands.pathMissingOr(path.original, "not an array"));
            }
            r.integer(Packed.count(doc.buf, found.get(0)));
            return;
        }
        if (doc == null) {
            throw new KvException(JsonCommands.NO_KEY);
        }
        countsOf(r, doc, JsonCommands.select(doc, path), Packed.ARRAY);
    }

    static void objlen(CommandContext ctx) {
        JsonPath path = optionalPath(ctx, 2);
        JsonValue doc = JsonCommands.read(ctx, ctx.arg(1));
        ReplyWriter r = ctx.reply();
        if (path.legacy) {
            if (doc == null) {
                r.nullBulk();
                return;
            }
            IntList found = JsonCommands.select(doc, path);
            if (found.size() == 0) {
                r.nullBulk();
                return;
            }
            int at = found.get(0);
            if (Packed.kind(doc.buf, at) != Packed.OBJECT) {
                throw new KvException(JsonCommands.expected("object", Packed.typeName(Packed.kind(doc.buf, at))));
            }
            r.integer(Packed.count(doc.buf, at));
            return;
        }
        if (doc == null) {
            throw new KvException(JsonCommands.pathMissingOr(path.text, "not an object"));
        }
        countsOf(r, doc, JsonCommands.select(doc, path), Packed.OBJECT);
    }

    private static void countsOf(ReplyWriter r, JsonValue doc, IntList found, byte tag) {
        r.array(found.size());
        for (int i = 0; i < found.size(); i++) {
            int at = found.get(i);
            if (Packed.kind(doc.buf, at) == tag) {
                r.integer(Packed.count(doc.buf, at));
            } else {
                r.nullBulk();
            }
        }
    }

    static void objkeys(CommandContext ctx) {
        JsonPath path = optionalPath(ctx, 2);
        JsonValue doc = JsonCommands.read(ctx, ctx.arg(1));
        ReplyWriter r = ctx.reply();
        if (path.legacy) {
            if (doc == null) {
                r.nullBulk();
                return;
            }
            IntList found = JsonCommands.select(doc, path);
            if (found.size() == 0) {
                r.nullBulk();
                return;
            }
            int at = found.get(0);
            if (Packed.kind(doc.buf, at) != Packed.OBJECT) {
                throw new KvException(JsonCommands.pathMissingOr(path.text, "not an object"));
            }
            keys(r, doc.buf, at);
            return;
        }
        if (doc == null) {
            throw new KvException(JsonCommands.NO_KEY);
        }
        IntList found = JsonCommands.select(doc, path);
        r.array(found.size());
        for (int i = 0; i < found.size(); i++) {
            int at = found.get(i);
            if (Packed.kind(doc.buf, at) == Packed.OBJECT) {
                keys(r, doc.buf, at);
            } else {
                r.nullBulk();
            }
        }
    }

    private static void keys(ReplyWriter r, byte[] b, int obj) {
        int n = Packed.count(b, obj);
        r.array(n);
        int m = Packed.first(b, obj);
        for (int i = 0; i < n; i++) {
            int klen = Packed.keyLen(b, m);
            int koff = Packed.keyOff(b, m);
            r.bulk(b, koff, klen);
            m = Packed.skip(b, koff + klen);
        }
    }

    private static JsonPath optionalPath(CommandContext ctx, int i) {
        return ctx.argc() > i ? JsonCommands.path(ctx.arg(i)) : JsonCommands.defaultPath();
    }

    // ------------------------------------------------------------------ JSON.ARRINDEX

    static void arrindex(CommandContext ctx) {
        if (ctx.argc() > 6) {
            throw new KvException(JsonCommands.wrongArity("json.arrindex"));
        }
        byte[] pathArg = ctx.arg(2);
        long start = ctx.argc() > 4 ? JsonCommands.integer(ctx.arg(4)) : 0;
        long stop = ctx.argc() > 5 ? JsonCommands.integer(ctx.arg(5)) : 0;
        JsonValue doc = JsonCommands.read(ctx, ctx.arg(1));
        byte[] needle = JsonParser.parse(ctx.arg(3));
        String original = new String(pathArg, java.nio.charset.StandardCharsets.UTF_8);
        if (doc == null) {
            throw new KvException(JsonCommands.pathMissing(original));
        }
        JsonPath path = JsonCommands.path(pathArg);
        ReplyWriter r = ctx.reply();
        if (path.legacy) {
            int at = first(doc, path);
            if (Packed.kind(doc.buf, at) != Packed.ARRAY) {
                throw new KvException(JsonCommands.expected("array", Packed.typeName(Packed.kind(doc.buf, at))));
            }
            r.integer(indexOf(doc.buf, at, needle, start, stop));
            return;
        }
        IntList found = JsonCommands.select(doc, path);
        r.array(found.size());
        for (int i = 0; i < found.size(); i++) {
            int at = found.get(i);
            if (Packed.kind(doc.buf, at) == Packed.ARRAY) {
                r.integer(indexOf(doc.buf, at, needle, start, stop));
            } else {
                r.nullBulk();
            }
        }
    }

    /** RedisJSON's search: start clamped into the array, stop 0 meaning the end, integers never equal to floats. */
    private static long indexOf(byte[] b, int arr, byte[] needle, long start, long stop) {
        long len = Packed.count(b, arr);
        if (len == 0) {
            return -1;
        }
        long s = start < 0 ? Math.max(0, len + start) : Math.min(start, len - 1);
        long e = stop == 0 ? len : stop < 0 ? Math.max(0, len + stop) : Math.min(stop, len);
        if (e < s) {
            return -1;
        }
        int p = Packed.first(b, arr);
        for (long i = 0; i < e; i++) {
            if (i >= s && DeepEquals.equal(b, p, needle, 0, false)) {
                return i;
            }
            p = Packed.skip(b, p);
        }
        return -1;
    }

    // ------------------------------------------------------------------ JSON.RESP, JSON.DEBUG

    static void resp(CommandContext ctx) {
        JsonPath path = optionalPath(ctx, 2);
        JsonValue doc = JsonCommands.read(ctx, ctx.arg(1));
        ReplyWriter r = ctx.reply();
        if (doc == null) {
            r.nullBulk();
            return;
        }
        if (path.legacy) {
            Replies.resp(r, doc.buf, first(doc, path));
            return;
        }
        IntList found = JsonCommands.select(doc, path);
        r.array(found.size());
        for (int i = 0; i < found.size(); i++) {
            Replies.resp(r, doc.buf, found.get(i));
        }
    }

    static void debug(CommandContext ctx) {
        byte[] sub = ctx.arg(1);
        ReplyWriter r = ctx.reply();
        if (Args.is(sub, "MEMORY")) {
            if (ctx.argc() < 3) {
                throw new KvException(JsonCommands.wrongArity("json.debug"));
            }
            JsonPath path = optionalPath(ctx, 3);
            JsonValue doc = JsonCommands.read(ctx, ctx.arg(2));
            if (path.legacy) {
                r.integer(doc == null ? 0 : memory(doc, first(doc, path)));
                return;
            }
            if (doc == null) {
                r.array(0);
                return;
            }
            IntList found = JsonCommands.select(doc, path);
            r.array(found.size());
            for (int i = 0; i < found.size(); i++) {
                r.integer(memory(doc, found.get(i)));
            }
        } else if (Args.is(sub, "HELP")) {
            r.array(2);
            r.bulk("MEMORY <key> [path] - reports memory usage");
            r.bulk("HELP                - this message");
        } else {
            throw new KvException("ERR unknown subcommand - try `JSON.DEBUG HELP`");
        }
    }

    /** Bytes a value takes: the whole document's footprint at the root, the packed bytes below it. */
    private static long memory(JsonValue doc, int at) {
        return at == 0 ? doc.memoryUsage() : Packed.skip(doc.buf, at) - at;
    }
}
