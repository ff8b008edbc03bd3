package io.sockudo.kv.types.stack.vectorset.filter;

/** A literal of a compiled expression (or a selector): number, string, tuple or null. */
final class Val {
    static final int NUM = 1;
    static final int STR = 2;
    static final int TUPLE = 3;
    static final int NULL = 4;
    static final int SELECTOR = 5;

    final int type;
    final double num;
    /** The string (already unescaped), or the selector's field name. */
    final byte[] str;
    final Val[] tuple;

    private Val(int type, double num, byte[] str, Val[] tuple) {
        this.type = type;
        this.num = num;
        this.str = str;
        this.tuple = tuple;
    }

    static Val num(double d) {
        return new Val(NUM, d, null, null);
    }

    static Val str(byte[] s) {
        return new Val(STR, 0, s, null);
    }

    static Val tuple(Val[] items) {
        return new Val(TUPLE, 0, null, items);
    }

    static Val nul() {
        return new Val(NULL, 0, null, null);
    }

    static Val selector(byte[] field) {
        return new Val(SELECTOR, 0, field, null);
    }
}
