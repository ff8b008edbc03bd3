package io.sockudo.kv.types.stack.vectorset.filter;

/** A token of a FILTER expression: a value (literal or selector) or an operator. */
final class Token {
    /** The literal or selector, or null for an operator. */
    final Val value;
    final int op;

    private Token(Val value, int op) {
        this.value = value;
        this.op = op;
    }

    static Token value(Val v) {
        return new Token(v, -1);
    }

    static Token op(int op) {
        return new Token(null, op);
    }
}
