package io.sockudo.kv.types.stack.timeseries.index;

import io.sockudo.kv.types.stack.timeseries.store.Labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One label matcher of a FILTER: {@code l=v}, {@code l!=v}, {@code l=} (no label l), {@code l!=}
 * (has label l), {@code l=(a,b)} and {@code l!=(a,b)}. Values may be quoted with {@code "} or
 * {@code '} (to hold spaces).
 */
public final class Filter {
    public enum Kind { EQ, NEQ, CONTAINS, NCONTAINS, LIST_MATCH, LIST_NOTMATCH }

    final Kind kind;
    final byte[] label;
    final byte[][] values;

    private Filter(Kind kind, byte[] label, byte[][] values) {
        this.kind = kind;
        this.label = label;
        this.values = values;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code l=v} and {@code l=(...)}: the matchers RedisTimeSeries requires at least one of. */
    public boolean positive() {
        return kind == Kind.EQ || kind == Kind.LIST_MATCH;
    }

    /** Whether a series with these labels passes. */
    public boolean matches(Labels labels) {
        return switch (kind) {
            case EQ -> labels.has(label, values[0]);
            case NEQ -> !labels.has(label, values[0]);
            case CONTAINS -> labels.get(label) != null;
            case NCONTAINS -> labels.get(label) == null;
            case LIST_MATCH -> anyOf(labels);
            case LIST_NOTMATCH -> !anyOf(labels);
        };
    }

    private boolean anyOf(Labels labels) {
        for (byte[] v : values) {
            if (labels.has(label, v)) {
                return true;
            }
        }
        return false;
    }

    /** Parses one filter expression; null when it is not one. */
    public static Filter parse(byte[] arg) {
        int at = indexOf(arg, "!=(");
        if (at >= 0) {
            return list(Kind.LIST_NOTMATCH, arg, at, 3);
        }
        at = indexOf(arg, "!=");
        if (at >= 0) {
            return single(Kind.NEQ, Kind.CONTAINS, arg, at, 2);
        }
        at = indexOf(arg, "=(");
        if (at >= 0) {
            return list(Kind.LIST_MATCH, arg, at, 2);
        }
        at = indexOf(arg, "=");
        if (at >= 0) {
            return single(Kind.EQ, Kind.NCONTAINS, arg, at, 1);
        }
        return null;
    }

    private static Filter single(Kind withValue, Kind without, byte[] arg, int at, int sep) {
        if (at == 0) {
            return null;
        }
        byte[] label = Arrays.copyOfRange(arg, 0, at);
        byte[] value = unquote(Arrays.copyOfRange(arg, at + sep, arg.length));
        if (value.length == 0) {
            return new Filter(without, label, null);
        }
        return new Filter(withValue, label, new byte[][] {value});
    }

    private static Filter list(Kind kind, byte[] arg, int at, int sep) {
        if (at == 0 || arg[arg.length - 1] != ')') {
            return null;
        }
        byte[] label = Arrays.copyOfRange(arg, 0, at);
        byte[] inner = Arrays.copyOfRange(arg, at + sep, arg.length - 1);
        List<byte[]> values = new ArrayList<>();
        if (inner.length > 0) {
            int start = 0;
            for (int i = 0; i <= inner.length; i++) {
                if (i == inner.length || inner[i] == ',') {
                    byte[] v = unquote(Arrays.copyOfRange(inner, start, i));
                    if (v.length == 0) {
                        return null;
                    }
                    values.add(v);
                    start = i + 1;
                }
            }
        }
        return new Filter(kind, label, values.toArray(new byte[0][]));
    }

    private static byte[] unquote(byte[] v) {
        if (v.length >= 2 && (v[0] == '"' || v[0] == '\'') && v[v.length - 1] == v[0]) {
            return Arrays.copyOfRange(v, 1, v.length - 1);
        }
        return v;
    }

    private static int indexOf(byte[] a, String s) {
        outer:
        for (int i = 0; i + s.length() <= a.length; i++) {
            for (int k = 0; k < s.length(); k++) {
                if (a[i + k] != s.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
