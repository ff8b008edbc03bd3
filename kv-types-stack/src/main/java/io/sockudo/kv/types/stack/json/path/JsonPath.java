package io.sockudo.kv.types.stack.json.path;

import java.nio.charset.StandardCharsets;

/**
 * A compiled path. RedisJSON takes two syntaxes: JSONPath ({@code $...}) and the legacy paths of
 * RedisJSON 1 ({@code .}, {@code .a.b}, {@code a[0]}, {@code ["key"]}), which it rewrites to
 * JSONPath ({@code .} to {@code $}, {@code .a} to {@code $.a}, {@code a} to {@code $.a}) and
 * answers with a single value instead of an array. A path is legacy unless it starts with
 * {@code $} followed by nothing, {@code .} or {@code [}.
 */
public final class JsonPath {
    /** What the client sent. */
    public final String original;
    /** The JSONPath text evaluated (the rewritten form of a legacy path); error messages quote it. */
    public final String text;
    public final boolean legacy;
    public final Segment[] segments;

    JsonPath(String original, String text, boolean legacy, Segment[] segments) {
        this.original = original;
        this.text = text;
        this.legacy = legacy;
        this.segments = segments;
    }

    /** Compiles a path argument; throws {@link PathException} with RedisJSON's text. */
    public static JsonPath compile(byte[] arg) {
        return compile(new String(arg, StandardCharsets.UTF_8));
    }

    public static JsonPath compile(String path) {
        String text = normalize(path);
        boolean legacy = !text.equals(path) || !isJsonPath(path);
        return new JsonPath(path, text, legacy, PathParser.parse(text));
    }

    /** Whether RedisJSON reads {@code path} as JSONPath rather than legacy. */
    public static boolean isJsonPath(String path) {
        return path.startsWith("$") && (path.length() < 2 || path.charAt(1) == '.' || path.charAt(1) == '[');
    }

    /** The JSONPath RedisJSON evaluates for {@code path}. */
    public static String normalize(String path) {
        if (isJsonPath(path)) {
            return path;
        }
        if (path.equals(".")) {
            return "$";
        }
        if (path.startsWith(".")) {
            return "$" + path;
        }
        return "$." + path;
    }

    /** True for the root path as RedisJSON compares it (the text {@code $}, or legacy {@code .}). */
    public boolean isRoot() {
        return text.equals("$");
    }

    /**
     * True when the path names at most one location: only member names and single indexes
     * (RedisJSON's "static path", the only kind JSON.SET may create a member with).
     */
    public boolean isStatic() {
        for (Segment s : segments) {
            if (s instanceof Segment.Key) {
                continue;
            }
            if (s instanceof Segment.Keys k && k.names.length == 1) {
                continue;
            }
            if (s instanceof Segment.Indexes ix && ix.indexes.length == 1) {
                continue;
            }
            return false;
        }
        return true;
    }

    /** The member name a static path ends with, or null when it ends with an index. */
    public byte[] lastKey() {
        Segment last = segments[segments.length - 1];
        if (last instanceof Segment.Key k) {
            return k.name;
        }
        if (last instanceof Segment.Keys k) {
            return k.names[0];
        }
        return null;
    }

    /** This path without its last segment. */
    public JsonPath parent() {
        Segment[] p = java.util.Arrays.copyOf(segments, segments.length - 1);
        return new JsonPath(original, text, legacy, p);
    }

    @Override
    public String toString() {
        return text;
    }
}
