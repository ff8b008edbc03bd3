package io.sockudo.kv.types.stack.vectorset.filter;

import java.util.Arrays;

/**
 * The value stack of an evaluation, as parallel arrays: a string is a slice of a byte array (the
 * attribute JSON itself when it needs no unescaping), so reading a field allocates nothing.
 * One spare slot past the program's depth serves comparisons against tuple items.
 */
final class Stack {
    final int[] type;
    final double[] num;
    final byte[][] buf;
    final int[] off;
    final int[] len;
    final Val[][] tuple;
    int size;
    private final int spare;

    Stack(int depth) {
        int n = depth + 1;
        type = new int[n];
        num = new double[n];
        buf = new byte[n][];
        off = new int[n];
        len = new int[n];
        tuple = new Val[n][];
        spare = depth;
    }

    void set(int i, Val v) {
        type[i] = v.type;
        switch (v.type) {
            case Val.NUM:
                num[i] = v.num;
                break;
            case Val.STR:
                setStr(i, v.str, 0, v.str.length);
                break;
            case Val.TUPLE:
                tuple[i] = v.tuple;
                break;
            default:
                break;
        }
    }

    void setNum(int i, double d) {
        type[i] = Val.NUM;
        num[i] = d;
    }

    void setStr(int i, byte[] b, int o, int l) {
        type[i] = Val.STR;
        buf[i] = b;
        off[i] = o;
        len[i] = l;
    }

    void setTuple(int i, Val[] items) {
        type[i] = Val.TUPLE;
        tuple[i] = items;
    }

    void setNull(int i) {
        type[i] = Val.NULL;
    }

    /** A value as a number: strings that are entirely a number (strtod) convert, anything else is 0. */
    double num(int i) {
        if (type[i] == Val.NUM) {
            return num[i];
        }
        if (type[i] == Val.STR && len[i] < 256) {
            return Strtod.strtodWhole(buf[i], off[i], len[i]);
        }
        return 0;
    }

    /** JavaScript-like truth: 0, "" and null are false. */
    boolean truth(int i) {
        switch (type[i]) {
            case Val.NUM:
                return num[i] != 0;
            case Val.STR:
                return len[i] != 0;
            case Val.NULL:
                return false;
            default:
                return true;
        }
    }

    boolean equal(int a, int b) {
        int ta = type[a];
        int tb = type[b];
        if (ta == Val.STR && tb == Val.STR) {
            return Arrays.equals(buf[a], off[a], off[a] + len[a], buf[b], off[b], off[b] + len[b]);
        }
        if (ta == Val.NUM && tb == Val.NUM) {
            return num[a] == num[b];
        }
        if (ta == Val.NULL || tb == Val.NULL) {
            return ta == tb;
        }
        return num(a) == num(b);
    }

    /** {@code a in b}: membership when b is a tuple, substring when both are strings. */
    boolean in(int a, int b) {
        if (type[b] == Val.TUPLE) {
            for (Val item : tuple[b]) {
                set(spare, item);
                if (equal(a, spare)) {
                    return true;
                }
            }
            return false;
        }
        if (type[a] == Val.STR && type[b] == Val.STR) {
            int la = len[a];
            int lb = len[b];
            if (la > lb) {
                return false;
            }
            for (int i = 0; i <= lb - la; i++) {
                if (Arrays.equals(buf[b], off[b] + i, off[b] + i + la, buf[a], off[a], off[a] + la)) {
                    return true;
                }
            }
        }
        return false;
    }
}
