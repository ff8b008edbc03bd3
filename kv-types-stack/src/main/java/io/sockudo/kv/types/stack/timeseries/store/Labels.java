package io.sockudo.kv.types.stack.timeseries.store;

import java.util.Arrays;

/**
 * A series's labels, in the order they were given (an immutable pair of arrays). TS.ALTER
 * replaces the whole object, which is how the label index sees that a series changed.
 */
public final class Labels {
    public static final Labels NONE = new Labels(new byte[0][], new byte[0][]);

    private final byte[][] names;
    private final byte[][] values;
    /** {@link #memory()}, computed once: the labels never change (and memoryUsage() must be O(1)). */
    private final long memory;

    public Labels(byte[][] names, byte[][] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException("names and values differ in length");
        }
        this.names = names;
        this.values = values;
        long n = 0;
        for (int i = 0; i < names.length; i++) {
            n += names[i].length + 1 + values[i].length + 1 + 16;
        }
        this.memory = n;
    }

    public int size() {
        return names.length;
    }

    public byte[] name(int i) {
        return names[i];
    }

    public byte[] value(int i) {
        return values[i];
    }

    /** The value of the first label called {@code name}, or null. */
    public byte[] get(byte[] name) {
        for (int i = 0; i < names.length; i++) {
            if (Arrays.equals(names[i], name)) {
                return values[i];
            }
        }
        return null;
    }

    /** Index of the first label whose name equals {@code name} ignoring ASCII case, or -1 (SELECTED_LABELS). */
    public int indexIgnoreCase(byte[] name) {
        for (int i = 0; i < names.length; i++) {
            if (equalsIgnoreCase(names[i], name)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether some label is {@code name} = {@code value}. */
    public boolean has(byte[] name, byte[] value) {
        for (int i = 0; i < names.length; i++) {
            if (Arrays.equals(names[i], name) && Arrays.equals(values[i], value)) {
                return true;
            }
        }
        return false;
    }

    /** Bytes RedisTimeSeries counts for labels in its memory figure: each string plus its NUL, and 16 per pair. */
    public long memory() {
        return memory;
    }

    static boolean equalsIgnoreCase(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            int x = a[i];
            int y = b[i];
            if (x != y) {
                if (x >= 'A' && x <= 'Z') {
                    x += 32;
                }
                if (y >= 'A' && y <= 'Z') {
                    y += 32;
                }
                if (x != y) {
                    return false;
                }
            }
        }
        return true;
    }
}
