package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.json.path.IntList;
import io.sockudo.kv.types.stack.json.path.JsonPath;

import java.nio.charset.StandardCharsets;

import static io.sockudo.kv.types.stack.json.JsonCommands.oneKey;
import static io.sockudo.kv.types.stack.json.JsonCommands.spec;

/** JSON.SET MSET MERGE DEL FORGET CLEAR TOGGLE NUMINCRBY NUMMULTBY STRAPPEND. */
final class WriteCommands {
    private static final String SINGLE = "O(1) when path is evaluated to a single value, O(N) when path is evaluated to multiple values, where N is the size of the key";

    private WriteCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(oneKey(spec("json.set", -4, true, true, "Sets or updates the JSON value at a path", "1.0.0",
                "O(M+N) when path is evaluated to a single value where M is the size of the original value (if it exists) and N is the size of the new value, O(M+N) when path is evaluated to multiple values where M is the size of the key and N is the size of the new value * the number of original values in the key"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path"), ArgSpec.string("value"),
                        ArgSpec.oneOf("condition", ArgSpec.pureToken("nx", "NX"), ArgSpec.pureToken("xx", "XX")).optional())
                .handler(WriteCommands::set).build());
        r.command(spec("json.mset", -4, true, true, "Sets or updates the JSON value of one or more keys", "2.6.0",
                "O(K*(M+N)) where k is the number of keys in the command, when path is evaluated to a single value where M is the size of the original value (if it exists) and N is the size of the new value, or O(K*(M+N)) when path is evaluated to multiple values where M is the size of the key and N is the size of the new value * the number of original values in the key")
                .keys(1, -1, 3, "RW")
                .args(ArgSpec.block("triplet", ArgSpec.key("key", 0), ArgSpec.string("path"), ArgSpec.string("value")).multiple())
                .handler(WriteCommands::mset).build());
        r.command(oneKey(spec("json.merge", -4, true, true, "Merges a given JSON value into matching paths. Consequently, JSON values at matching paths are updated, deleted, or expanded with new children",
                "2.6.0", "O(M+N) when path is evaluated to a single value where M is the size of the original value (if it exists) and N is the size of the new value, O(M+N) when path is evaluated to multiple values where M is the size of the key and N is the size of the new value * the number of original values in the key"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path"), ArgSpec.string("value"))
                .handler(WriteCommands::merge).build());
        for (String name : new String[] {"json.del", "json.forget"}) {
            r.command(oneKey(spec(name, -2, true, false, "Deletes a value", "1.0.0",
                    "O(N) when path is evaluated to a single value where N is the size of the deleted value, O(N) when path is evaluated to multiple values, where N is the size of the key"), true)
                    .args(ArgSpec.key("key", 0), ArgSpec.string("path").optional())
                    .handler(WriteCommands::del).build());
        }
        r.command(oneKey(spec("json.clear", -2, true, false, "Clears all values from an array or an object and sets numeric values to `0`",
                "2.0.0", "O(N) when path is evaluated to a single value where N is the size of the values, O(N) when path is evaluated to multiple values, where N is the size of the key"), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path").optional())
                .handler(WriteCommands::clear).build());
        r.command(oneKey(spec("json.toggle", 3, true, false, "Toggles a boolean value", "2.0.0", SINGLE), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path"))
                .handler(WriteCommands::toggle).build());
        r.command(oneKey(spec("json.numincrby", 4, true, false, "Increments the numeric value at path by a value", "1.0.0", SINGLE), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path"), ArgSpec.doubleArg("value"))
                .handler(ctx -> numOp(ctx, false)).build());
        r.command(oneKey(spec("json.nummultby", 4, true, false, "Multiplies the numeric value at path by a value", "1.0.0", SINGLE), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path"), ArgSpec.doubleArg("value"))
                .handler(ctx -> numOp(ctx, true)).build());
        r.command(oneKey(spec("json.strappend", -3, true, true, "Appends a string to a JSON string value at path", "1.0.0", SINGLE), true)
                .args(ArgSpec.key("key", 0), ArgSpec.string("path").optional(), ArgSpec.string("value"))
                .handler(WriteCommands::strappend).build());
    }

    // ------------------------------------------------------------------ JSON.SET

    static void set(CommandContext ctx) {
        int mode = 0; // 1 NX, 2 XX
        for (int i = 4; i < ctx.argc(); i++) {
            byte[] a = ctx.arg(i);
            if (mode == 0 && Args.is(a, "NX")) {
                mode = 1;
            } else if (mode == 0 && Args.is(a, "XX")) {
                mode = 2;
            } else if (Args.is(a, "FORMAT") && i + 1 < ctx.argc()) {
                byte[] f = ctx.arg(++i);
                if (!Args.is(f, "JSON") && !Args.is(f, "STRING")) {
                    throw new KvException("ERR wrong format");
                }
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        byte[] key = ctx.arg(1);
        JsonValue doc = JsonCommands.write(ctx, key);
        byte[] text = ctx.arg(3);
        // parsed into the thread's buffer: a whole-document replacement copies it into the
        // document's own array when that fits, no new array and no garbage per JSON.SET
        Scratch parsed = Scratch.forParse();
        JsonParser.parseInto(text, 0, text.length, parsed);
        byte[] pathArg = ctx.arg(2);
        JsonPath path = JsonCommands.path(pathArg);
        ReplyWriter r = ctx.reply();
        if (doc == null) {
            if (mode == 2) {
                r.nullBulk();
                return;
            }
            if (!path.isRoot()) {
                throw new KvException("ERR new objects must be created at the root");
            }
            ctx.db().put(key, new JsonValue(parsed.toArray()));
            ctx.notify(EventClass.MODULE, "json.set", key);
            r.ok();
            return;
        }
        if (path.isRoot()) {
            if (mode == 1) {
                r.nullBulk();
                return;
            }
            doc.replaceRoot(parsed.buf, parsed.len);
            JsonCommands.changed(ctx, key, "json.set");
            r.ok();
            return;
        }
        if (setAt(doc, path, parsed.toArray(), mode)) {
            JsonCommands.changed(ctx, key, "json.set");
            r.ok();
        } else {
            r.nullBulk();
        }
    }

    /**
     * Sets {@code value} at every match of {@code path} in {@code doc} (mode 1 NX: only where
     * nothing matches, mode 2 XX: only where something does); where nothing matches, a static path
     * ending in a member name adds the member to the objects its parent path selects. True when
     * the document changed.
     */
    static boolean setAt(JsonValue doc, JsonPath path, byte[] value, int mode) {
        if (mode != 1) {
            IntList found = JsonCommands.selectForGrowth(doc, path, value.length);
            value = doc.adapt(value);
            if (found.size() > 0) {
                for (int i : JsonCommands.editOrder(found)) {
                    doc.replace(found.get(i), value, 0, value.length);
                }
                return true;
            }
            if (mode == 2) {
                return false;
            }
        }
        return addAt(doc, path, value);
    }

    /** Where {@code path} matches nothing: RedisJSON's rules for adding a member. */
    private static boolean addAt(JsonValue doc, JsonPath path, byte[] value) {
        if (!path.isStatic()) {
            throw new KvException("Err wrong static path");
        }
        if (path.segments.length == 0) {
            throw new KvException("Err path must end with object key to set");
        }
        byte[] name = path.lastKey();
        if (name == null) {
            if (JsonCommands.select(doc, path).size() == 0) {
                throw new KvException("ERR array index out of range");
            }
            return false;
        }
        IntList parents = JsonCommands.selectForGrowth(doc, path.parent(), value.length + name.length + 5);
        value = doc.adapt(value);
        boolean added = false;
        for (int i : JsonCommands.editOrder(parents)) {
            int obj = parents.get(i);
            if (Packed.kind(doc.buf, obj) == Packed.OBJECT && Packed.find(doc.buf, obj, name, 0, name.length) < 0) {
                doc.addMember(obj, name, value, 0, value.length);
                added = true;
            }
        }
        return added;
    }

    // ------------------------------------------------------------------ JSON.MSET

    static void mset(CommandContext ctx) {
        int argc = ctx.argc();
        if ((argc - 1) % 3 != 0) {
            throw new KvException(JsonCommands.wrongArity("json.mset"));
        }
        // validate every triplet before writing anything
        int n = (argc - 1) / 3;
        JsonPath[] paths = new JsonPath[n];
        byte[][] values = new byte[n][];
        for (int t = 0; t < n; t++) {
            byte[] key = ctx.arg(1 + 3 * t);
            JsonPath path = JsonCommands.path(ctx.arg(2 + 3 * t));
            if (!path.isRoot()) {
                JsonValue doc = JsonCommands.write(ctx, key);
                if (doc == null) {
                    throw new KvException("ERR new objects must be created at the root");
                }
                if (JsonCommands.select(doc, path).size() == 0) {
                    addable(doc, path);
                }
            }
            paths[t] = path;
            values[t] = JsonParser.parse(ctx.arg(3 + 3 * t));
        }
        for (int t = 0; t < n; t++) {
            byte[] key = ctx.arg(1 + 3 * t);
            JsonPath path = paths[t];
            if (path.isRoot()) {
                // as RedisJSON: the root path stores a new document whatever the key held
                ctx.db().put(key, new JsonValue(values[t]));
                ctx.notify(EventClass.MODULE, "json.mset", key);
                continue;
            }
            boolean updated;
            try {
                JsonValue doc = JsonCommands.write(ctx, key);
                updated = doc != null && setAt(doc, path, values[t], 0);
            } catch (KvException e) {
                // an earlier triplet changed what this one's path finds: the writes made stay
                ctx.reply().error(e.getMessage());
                return;
            }
            if (updated) {
                JsonCommands.changed(ctx, key, "json.mset");
            }
        }
        ctx.reply().ok();
    }

    /** Throws what {@link #addAt} would for a path that matches nothing, without changing anything. */
    private static void addable(JsonValue doc, JsonPath path) {
        if (!path.isStatic()) {
            throw new KvException("Err wrong static path");
        }
        if (path.segments.length > 0 && path.lastKey() == null) {
            throw new KvException("ERR array index out of range");
        }
    }

    // ------------------------------------------------------------------ JSON.MERGE

    static void merge(CommandContext ctx) {
        for (int i = 4; i < ctx.argc(); i++) {
            byte[] a = ctx.arg(i);
            if (Args.is(a, "FORMAT") && i + 1 < ctx.argc()) {
                byte[] f = ctx.arg(++i);
                if (!Args.is(f, "JSON") && !Args.is(f, "STRING")) {
                    throw new KvException("ERR wrong format");
                }
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        byte[] key = ctx.arg(1);
        JsonValue doc = JsonCommands.write(ctx, key);
        byte[] patch = JsonParser.parse(ctx.arg(3));
        JsonPath path = JsonCommands.path(ctx.arg(2));
        ReplyWriter r = ctx.reply();
        if (doc == null) {
            if (!path.isRoot()) {
                throw new KvException("ERR new objects must be created at the root");
            }
            ctx.db().put(key, new JsonValue(patch));
            ctx.notify(EventClass.MODULE, "json.merge", key);
            r.ok();
            return;
        }
        boolean changed;
        if (path.isRoot()) {
            doc.ensureRoom(patch.length);
            mergeInto(doc, 0, doc.adapt(patch));
            changed = true;
        } else {
            IntList found = JsonCommands.selectForGrowth(doc, path, patch.length);
            patch = doc.adapt(patch);
            if (found.size() > 0) {
                if (Packed.kind(patch, 0) == Packed.NULL) {
                    // merging null into a member removes it (RFC 7386), an array element too
                    for (int at : JsonCommands.topmostDescending(doc, found)) {
                        if (at == 0) {
                            mergeInto(doc, 0, patch);
                        } else {
                            doc.removeAt(at);
                        }
                    }
                    doc.trim();
                } else {
                    for (int i : JsonCommands.editOrder(found)) {
                        mergeInto(doc, found.get(i), patch);
                    }
                }
                changed = true;
            } else {
                changed = addAt(doc, path, patch);
            }
        }
        if (changed) {
            JsonCommands.changed(ctx, key, "json.merge");
            r.ok();
        } else {
            r.nullBulk();
        }
    }

    private static void mergeInto(JsonValue doc, int at, byte[] patch) {
        Scratch s = Scratch.forParse();
        Merge.merge(doc.buf, at, patch, 0, s, doc.narrow());
        doc.replace(at, s.buf, 0, s.len);
    }

    // ------------------------------------------------------------------ JSON.DEL, JSON.CLEAR

    static void del(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        JsonPath path = ctx.argc() > 2 ? JsonCommands.path(ctx.arg(2)) : JsonCommands.defaultPath();
        JsonValue doc = JsonCommands.write(ctx, key);
        if (doc == null) {
            ctx.reply().integer(0);
            return;
        }
        if (path.isRoot()) {
            ctx.db().delete(key);
            ctx.notify(EventClass.MODULE, "json.del", key);
            ctx.reply().integer(1);
            return;
        }
        int[] targets = JsonCommands.topmostDescending(doc, JsonCommands.select(doc, path));
        int deleted = 0;
        for (int at : targets) {
            if (at == 0) {
                continue; // the root matched by a path other than $ (RedisJSON leaves it)
            }
            doc.removeAt(at);
            deleted++;
        }
        if (deleted > 0) {
            doc.trim();
            JsonCommands.changed(ctx, key, "json.del");
        }
        ctx.reply().integer(deleted);
    }

    static void clear(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        JsonPath path = ctx.argc() > 2 ? JsonCommands.path(ctx.arg(2)) : JsonCommands.defaultPath();
        JsonValue doc = JsonCommands.write(ctx, key);
        if (doc == null) {
            throw new KvException(JsonCommands.NO_KEY);
        }
        IntList found = JsonCommands.select(doc, path);
        IntList clearable = new IntList();
        for (int i = 0; i < found.size(); i++) {
            int at = found.get(i);
            byte t = Packed.kind(doc.buf, at);
            boolean nonEmpty = switch (t) {
                case Packed.ARRAY, Packed.OBJECT -> Packed.count(doc.buf, at) > 0;
                case Packed.INT -> Packed.intValue(doc.buf, at) != 0;
                case Packed.UINT -> true;
                case Packed.DOUBLE -> Packed.doubleValue(doc.buf, at) != 0.0;
                default -> false;
            };
            if (nonEmpty) {
                clearable.add(at);
            }
        }
        int cleared = 0;
        for (int at : JsonCommands.topmostDescending(doc, clearable)) {
            if (Packed.isContainer(Packed.kind(doc.buf, at))) {
                doc.clearContainer(at);
            } else {
                doc.replace(at, ZERO, 0, ZERO.length);
            }
            cleared++;
        }
        if (cleared > 0) {
            doc.trim();
            JsonCommands.changed(ctx, key, "json.clear");
        }
        ctx.reply().integer(cleared);
    }

    private static final byte[] ZERO = {Packed.INT, 0};

    // ------------------------------------------------------------------ JSON.TOGGLE

    static void toggle(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        JsonPath path = JsonCommands.path(ctx.arg(2));
        JsonValue doc = JsonCommands.write(ctx, key);
        if (doc == null) {
            throw new KvException(JsonCommands.NO_KEY);
        }
        IntList found = JsonCommands.select(doc, path);
        ReplyWriter r = ctx.reply();
        boolean any = false;
        boolean last = false;
        if (path.legacy) {
            for (int i = 0; i < found.size(); i++) {
                int at = found.get(i);
                if (Packed.kind(doc.buf, at) == Packed.TRUE || Packed.kind(doc.buf, at) == Packed.FALSE) {
                    last = flip(doc, at);
                    any = true;
                }
            }
            if (!any) {
                throw new KvException(JsonCommands.pathMissingOr(path.text, "not a bool"));
            }
            JsonCommands.changed(ctx, key, "json.toggle");
            r.bulk(last ? "true" : "false");
            return;
        }
        r.array(found.size());
        for (int i = 0; i < found.size(); i++) {
            int at = found.get(i);
            if (Packed.kind(doc.buf, at) == Packed.TRUE || Packed.kind(doc.buf, at) == Packed.FALSE) {
                r.integer(flip(doc, at) ? 1 : 0); // an integer on RESP3 too, as clients read it
                any = true;
            } else {
                r.nullBulk();
            }
        }
        if (any) {
            JsonCommands.changed(ctx, key, "json.toggle");
        }
    }

    /** Booleans take one byte either way: flipped in place. */
    private static boolean flip(JsonValue doc, int at) {
        boolean now = Packed.kind(doc.buf, at) == Packed.FALSE;
        doc.buf[at] = now ? Packed.TRUE : Packed.FALSE;
        return now;
    }

    // ------------------------------------------------------------------ JSON.NUMINCRBY, JSON.NUMMULTBY

    static void numOp(CommandContext ctx, boolean multiply) {
        byte[] key = ctx.arg(1);
        JsonPath path = JsonCommands.path(ctx.arg(2));
        byte[] numberArg = ctx.arg(3);
        JsonValue doc = JsonCommands.write(ctx, key);
        if (doc == null) {
            throw new KvException(JsonCommands.NO_KEY);
        }
        IntList found = JsonCommands.selectForGrowth(doc, path, 11);
        int n = found.size();
        // RedisJSON reads the operand only when there is a number to apply it to; every result is
        // computed before any is stored, so an overflow error leaves the document unchanged
        byte[] operand = null;
        byte[][] results = new byte[n][];
        byte[] encoded = new byte[11];
        for (int i = 0; i < n; i++) {
            int at = found.get(i);
            if (!Packed.isNumber(Packed.kind(doc.buf, at))) {
                continue;
            }
            if (operand == null) {
                operand = JsonParser.parse(numberArg);
                if (!Packed.isNumber(Packed.kind(operand, 0))) {
                    throw new KvException("bad input number");
                }
            }
            int len = Numbers.apply(doc.buf, at, operand, multiply, encoded);
            results[i] = java.util.Arrays.copyOf(encoded, len);
        }
        for (int i : JsonCommands.editOrder(found)) {
            if (results[i] != null) {
                doc.replace(found.get(i), results[i], 0, results[i].length);
            }
        }
        boolean any = operand != null;
        String event = multiply ? "json.nummultby" : "json.numincrby";
        ReplyWriter r = ctx.reply();
        if (r.protocol() == 3) {
            if (any) {
                JsonCommands.changed(ctx, key, event);
            }
            r.array(n);
            for (byte[] v : results) {
                if (v == null) {
                    r.nullBulk();
                } else if (Packed.kind(v, 0) == Packed.INT) {
                    r.integer(Packed.intValue(v, 0));
                } else {
                    r.doubleValue(Packed.asDouble(v, 0));
                }
            }
            return;
        }
        if (path.legacy) {
            if (!any) {
                throw new KvException(JsonCommands.pathMissingOr(path.text, "does not contains a number"));
            }
            JsonCommands.changed(ctx, key, event);
            // the value of the last match in document order
            byte[] lastValue = null;
            for (byte[] v : results) {
                if (v != null) {
                    lastValue = v;
                }
            }
            Replies.json(r, lastValue, 0, JsonWriter.COMPACT);
            return;
        }
        if (any) {
            JsonCommands.changed(ctx, key, event);
        }
        Scratch s = Scratch.forText();
        s.put((byte) '[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.put((byte) ',');
            }
            if (results[i] == null) {
                s.ascii("null");
            } else {
                JsonWriter.COMPACT.value(results[i], 0, s);
            }
        }
        s.put((byte) ']');
        r.bulk(s.buf, 0, s.len);
    }

    // ------------------------------------------------------------------ JSON.STRAPPEND

    static void strappend(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        JsonPath path;
        byte[] jsonArg;
        if (ctx.argc() > 3) {
            path = JsonCommands.path(ctx.arg(2));
            jsonArg = ctx.arg(3);
        } else {
            path = JsonCommands.defaultPath();
            jsonArg = ctx.arg(2);
        }
        JsonValue doc = JsonCommands.write(ctx, key);
        if (doc == null) {
            throw new KvException(JsonCommands.NO_KEY);
        }
        // decoding only shrinks the argument: its length bounds the bytes appended
        IntList found = JsonCommands.selectForGrowth(doc, path, jsonArg.length + 10);
        int n = found.size();
        long[] lengths = new long[n];
        byte[] suffix = null;
        for (int i : JsonCommands.editOrder(found)) {
            int at = found.get(i);
            lengths[i] = -1;
            if (Packed.kind(doc.buf, at) != Packed.STRING) {
                continue;
            }
            if (suffix == null) {
                byte[] parsed = JsonParser.parse(jsonArg);
                if (Packed.kind(parsed, 0) != Packed.STRING) {
                    throw new KvException(JsonCommands.expected("string", new String(jsonArg, StandardCharsets.UTF_8)));
                }
                suffix = java.util.Arrays.copyOfRange(parsed, Packed.strOff(parsed, 0), parsed.length);
            }
            lengths[i] = appendString(doc, at, suffix);
        }
        boolean any = suffix != null;
        String event = "json.strappend";
        ReplyWriter r = ctx.reply();
        if (path.legacy) {
            if (!any) {
                throw new KvException(JsonCommands.pathMissingOr(path.text, "not a string"));
            }
            JsonCommands.changed(ctx, key, event);
            long last = 0;
            for (long l : lengths) {
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
        r.array(n);
        for (long l : lengths) {
            if (l < 0) {
                r.nullBulk();
            } else {
                r.integer(l);
            }
        }
    }

    /** Appends UTF-8 bytes to the string at {@code at}: in place when its length field keeps its size. */
    private static long appendString(JsonValue doc, int at, byte[] suffix) {
        byte[] b = doc.buf;
        int oldLen = Packed.strLen(b, at);
        int off = Packed.strOff(b, at);
        int newLen = oldLen + suffix.length;
        boolean wasShort = off == at + 1;
        if (wasShort && newLen <= Packed.SHORT_MAX) {
            doc.splice(at, false, off + oldLen, 0, suffix, 0, suffix.length);
            doc.buf[at] = (byte) (Packed.SHORT + newLen);
        } else if (!wasShort && Packed.varintLength(oldLen) == Packed.varintLength(newLen)) {
            doc.splice(at, false, off + oldLen, 0, suffix, 0, suffix.length);
            Packed.putVarint(doc.buf, at + 1, newLen);
        } else {
            byte[] content = new byte[newLen];
            System.arraycopy(b, off, content, 0, oldLen);
            System.arraycopy(suffix, 0, content, oldLen, suffix.length);
            byte[] v = new byte[Packed.stringSize(newLen)];
            Packed.putString(v, 0, content, 0, newLen);
            doc.replace(at, v, 0, v.length);
        }
        return newLen;
    }
}
