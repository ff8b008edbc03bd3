package io.sockudo.kv.types.stack.vectorset.filter;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a FILTER expression into tokens with Redis's rules: a {@code -} directly before a
 * digit is part of a number at the start or after an operator (other than {@code )}); numbers
 * are digits, dots and {@code e}/{@code E} (so {@code 1e-5} is not one number, as in Redis);
 * strings use either quote and backslash escapes; {@code .name} is a selector (letters, digits,
 * {@code _} and {@code -}); {@code [...]} is a tuple of numbers and strings; a run of letters and
 * operator characters is matched against the operators by longest prefix ({@code null} is the
 * only word literal). A failure reports the offset where scanning stopped.
 */
final class Tokenizer {
    private static final String SPECIAL = "+-*%/!()<>=|&";
    private static final String[] OP_NAMES = {
        "(", ")", "!", "not", "**", "*", "/", "%", "+", "-", ">", ">=", "<", "<=", "==", "!=", "in",
        "and", "&&", "or", "||"};
    private static final int[] OP_CODES = {
        FilterExpr.OPAREN, FilterExpr.CPAREN, FilterExpr.NOT, FilterExpr.NOT, FilterExpr.POW, FilterExpr.MULT,
        FilterExpr.DIV, FilterExpr.MOD, FilterExpr.SUM, FilterExpr.DIFF, FilterExpr.GT, FilterExpr.GTE,
        FilterExpr.LT, FilterExpr.LTE, FilterExpr.EQ, FilterExpr.NEQ, FilterExpr.IN, FilterExpr.AND,
        FilterExpr.AND, FilterExpr.OR, FilterExpr.OR};

    private final byte[] s;
    private final int end;
    private int p;

    Tokenizer(byte[] expr) {
        int n = 0;
        // the expression is a C string in Redis: it ends at a NUL byte
        while (n < expr.length && expr[n] != 0) {
            n++;
        }
        this.s = expr;
        this.end = n;
    }

    List<Token> tokenize() throws FilterSyntaxException {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (p < end && Strtod.isSpace(s[p])) {
                p++;
            }
            if (p == end) {
                return out;
            }
            Token last = out.isEmpty() ? null : out.get(out.size() - 1);
            boolean minusIsNumber = last == null || (last.value == null && last.op != FilterExpr.CPAREN);
            byte c = s[p];
            Token t;
            if (isDigit(c) || (minusIsNumber && c == '-' && p + 1 < end && isDigit(s[p + 1]))) {
                t = Token.value(number());
            } else if (c == '"' || c == '\'') {
                t = Token.value(string());
            } else if (c == '.' && p + 1 < end && isSelectorChar(s[p + 1])) {
                t = Token.value(selector());
            } else if (c == '[') {
                t = Token.value(tuple());
            } else if (isAlpha(c) || SPECIAL.indexOf(c) >= 0) {
                t = operatorOrLiteral();
            } else {
                throw error();
            }
            out.add(t);
        }
    }

    /** Redis quotes the expression from the failure offset, or whole when that is at the end. */
    private FilterSyntaxException error() {
        return new FilterSyntaxException(p >= end ? 0 : p);
    }

    private Val number() throws FilterSyntaxException {
        int start = p;
        while (p < end && (isDigit(s[p]) || s[p] == '.' || s[p] == 'e' || s[p] == 'E'
                || (p == start && s[p] == '-'))) {
            if (p - start >= 255) {
                throw error();
            }
            p++;
        }
        double[] v = new double[1];
        int n = Strtod.prefix(s, start, p, v);
        if (n != p - start) {
            throw error();
        }
        return Val.num(v[0]);
    }

    private Val string() throws FilterSyntaxException {
        byte quote = s[p++];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (p < end) {
            byte c = s[p];
            if (c == '\\' && p + 1 < end) {
                out.write(unescape(s[p + 1]));
                p += 2;
                continue;
            }
            if (c == quote) {
                p++;
                return Val.str(out.toByteArray());
            }
            out.write(c);
            p++;
        }
        throw error();
    }

    /** The character an escape stands for ({@code \n \r \t}; any other escaped character is itself). */
    static byte unescape(byte c) {
        switch (c) {
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            default:
                return c;
        }
    }

    private Val selector() {
        int start = ++p;
        while (p < end && isSelectorChar(s[p])) {
            p++;
        }
        byte[] name = new byte[p - start];
        System.arraycopy(s, start, name, 0, name.length);
        return Val.selector(name);
    }

    private Val tuple() throws FilterSyntaxException {
        p++;
        List<Val> items = new ArrayList<>();
        while (true) {
            while (p < end && Strtod.isSpace(s[p])) {
                p++;
            }
            if (p < end && s[p] == ']') {
                p++;
                break;
            }
            if (p < end && (isDigit(s[p]) || s[p] == '-')) {
                items.add(number());
            } else if (p < end && (s[p] == '"' || s[p] == '\'')) {
                items.add(string());
            } else {
                throw error();
            }
            while (p < end && Strtod.isSpace(s[p])) {
                p++;
            }
            if (p < end && s[p] == ']') {
                p++;
                break;
            }
            if (p >= end || s[p] != ',') {
                throw error();
            }
            p++;
        }
        return Val.tuple(items.toArray(new Val[0]));
    }

    private Token operatorOrLiteral() throws FilterSyntaxException {
        int start = p;
        while (p < end && (isAlpha(s[p]) || SPECIAL.indexOf(s[p]) >= 0)) {
            p++;
        }
        int len = p - start;
        if (len == 4 && s[start] == 'n' && s[start + 1] == 'u' && s[start + 2] == 'l' && s[start + 3] == 'l') {
            return Token.value(Val.nul());
        }
        int best = -1;
        int bestLen = 0;
        for (int k = 0; k < OP_NAMES.length; k++) {
            String name = OP_NAMES[k];
            if (name.length() > len || name.length() <= bestLen) {
                continue;
            }
            boolean match = true;
            for (int j = 0; j < name.length(); j++) {
                if (s[start + j] != name.charAt(j)) {
                    match = false;
                    break;
                }
            }
            if (match) {
                best = OP_CODES[k];
                bestLen = name.length();
            }
        }
        if (best < 0) {
            // Redis reports the position after the run it could not match
            throw error();
        }
        p = start + bestLen;
        return Token.op(best);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(byte c) {
        int l = c | 0x20;
        return l >= 'a' && l <= 'z';
    }

    static boolean isSelectorChar(byte c) {
        return isAlpha(c) || isDigit(c) || c == '_' || c == '-';
    }
}
