package io.sockudo.kv.search.aggregate;

import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.spi.KvException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RediSearch's expression language (APPLY, FILTER, FT.CREATE ... FILTER): numbers, quoted
 * strings, {@code @properties}, {@code NULL}, function calls, the operators
 * {@code + - * / % ^}, comparisons and {@code ! && ||}, with RediSearch's precedence
 * ({@code ||} lowest, then {@code &&}, {@code !}, comparisons, {@code + -}, {@code * / %},
 * {@code ^} highest and right-associative). Values are Double, String, List (arrays) or null.
 */
public abstract class Expr {
    /** Where property values come from. */
    public interface Row {
        /** The value of property {@code name}, or null when the row has none. */
        Object get(String name);
    }

    public abstract Object eval(Row row);

    /** Property names the expression reads. */
    public void properties(Set<String> out) {
    }

    // ------------------------------------------------------------------ nodes

    static final class Literal extends Expr {
        final Object value;

        Literal(Object value) {
            this.value = value;
        }

        @Override
        public Object eval(Row row) {
            return value;
        }
    }

    static final class Property extends Expr {
        final String name;

        Property(String name) {
            this.name = name;
        }

        @Override
        public Object eval(Row row) {
            return row.get(name);
        }

        @Override
        public void properties(Set<String> out) {
            out.add(name);
        }
    }

    static final class Op extends Expr {
        final String op;
        final Expr l;
        final Expr r;

        Op(String op, Expr l, Expr r) {
            this.op = op;
            this.l = l;
            this.r = r;
        }

        @Override
        public void properties(Set<String> out) {
            l.properties(out);
            if (r != null) {
                r.properties(out);
            }
        }

        @Override
        public Object eval(Row row) {
            switch (op) {
                case "&&": {
                    return truthy(l.eval(row)) && truthy(r.eval(row)) ? 1.0 : 0.0;
                }
                case "||": {
                    return truthy(l.eval(row)) || truthy(r.eval(row)) ? 1.0 : 0.0;
                }
                case "!": {
                    return truthy(l.eval(row)) ? 0.0 : 1.0;
                }
                default:
                    break;
            }
            Object a = l.eval(row);
            Object b = r.eval(row);
            switch (op) {
                case "==":
                    return equal(a, b) ? 1.0 : 0.0;
                case "!=":
                    return equal(a, b) ? 0.0 : 1.0;
                case "<":
                    return compare(a, b) < 0 ? 1.0 : 0.0;
                case "<=":
                    return compare(a, b) <= 0 ? 1.0 : 0.0;
                case ">":
                    return compare(a, b) > 0 ? 1.0 : 0.0;
                case ">=":
                    return compare(a, b) >= 0 ? 1.0 : 0.0;
                default:
                    break;
            }
            if (a == null || b == null) {
                return null;
            }
            Double x = number(a);
            Double y = number(b);
            if (x == null || y == null) {
                return null; // operands of the wrong type give NULL, as RediSearch documents
            }
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "/" -> x / y;
                case "%" -> {
                    long xl = (long) (double) x;
                    long yl = (long) (double) y;
                    yield yl == 0 ? Double.NaN : (double) (xl % yl);
                }
                case "^" -> Math.pow(x, y);
                default -> throw new IllegalStateException(op);
            };
        }
    }

    static final class Call extends Expr {
        final String name;
        final List<Expr> args;
        final Functions.Fn fn;

        Call(String name, List<Expr> args, Functions.Fn fn) {
            this.name = name;
            this.args = args;
            this.fn = fn;
        }

        @Override
        public Object eval(Row row) {
            Object[] vals = new Object[args.size()];
            for (int i = 0; i < vals.length; i++) {
                vals[i] = args.get(i).eval(row);
            }
            return fn.apply(vals, row, args);
        }

        @Override
        public void properties(Set<String> out) {
            for (Expr e : args) {
                e.properties(out);
            }
        }
    }

    // ------------------------------------------------------------------ value semantics

    public static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Double d) {
            return d != 0 && !d.isNaN();
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }

    /** A value as a number: numbers, numeric strings; null otherwise. */
    public static Double number(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            return ArgCursor.parseDouble(s.strip());
        }
        return null;
    }

    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Double || b instanceof Double) {
            Double x = number(a);
            Double y = number(b);
            if (x != null && y != null) {
                return x.doubleValue() == y.doubleValue();
            }
        }
        return text(a).equals(text(b));
    }

    static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Double || b instanceof Double) {
            Double x = number(a);
            Double y = number(b);
            if (x != null && y != null) {
                return Double.compare(x, y);
            }
        }
        return text(a).compareTo(text(b));
    }

    /** A value as text (numbers as RediSearch prints them). */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return io.sockudo.kv.search.util.CFormat.num(d);
        }
        if (v instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return v.toString();
    }

    // ------------------------------------------------------------------ parser

    /** Parses an expression; throws KvException with RediSearch's syntax errors. */
    public static Expr parse(String src) {
        Parser p = new Parser(src);
        Expr e = p.or();
        if (p.pos < p.toks.size() - 1) {
            throw p.error(p.toks.get(p.pos));
        }
        return e;
    }

    private record Tok(String type, String text, int pos, Object value) {
    }

    private static final class Parser {
        final List<Tok> toks = new ArrayList<>();
        final String src;
        int pos;

        Parser(String src) {
            this.src = src;
            lex();
        }

        KvException error(Tok t) {
            return new KvException("Syntax error at offset " + t.pos + " near '" + t.text + "'");
        }

        private boolean operandBefore() {
            if (toks.isEmpty()) {
                return false;
            }
            String t = toks.get(toks.size() - 1).type;
            return t.equals("num") || t.equals("str") || t.equals("prop") || t.equals(")") || t.equals("sym");
        }

        private void lex() {
            int i = 0;
            int n = src.length();
            while (i < n) {
                char c = src.charAt(i);
                int start = i;
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < n
                        && (Character.isDigit(src.charAt(i + 1)) || src.startsWith("inf", i + 1)) && !operandBefore())
                        || (c == '.' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
                    int j = i;
                    if (c == '-' || c == '+') {
                        j++;
                    }
                    if (src.startsWith("inf", j)) {
                        j += 3;
                        toks.add(new Tok("num", src.substring(i, j), start,
                                c == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY));
                        i = j;
                        continue;
                    }
                    while (j < n && Character.isDigit(src.charAt(j))) {
                        j++;
                    }
                    if (j + 1 < n && src.charAt(j) == '.' && Character.isDigit(src.charAt(j + 1))) {
                        j++;
                        while (j < n && Character.isDigit(src.charAt(j))) {
                            j++;
                        }
                    }
                    if (j < n && (src.charAt(j) == 'e' || src.charAt(j) == 'E')) {
                        int k = j + 1;
                        if (k < n && (src.charAt(k) == '+' || src.charAt(k) == '-')) {
                            k++;
                        }
                        if (k < n && Character.isDigit(src.charAt(k))) {
                            while (k < n && Character.isDigit(src.charAt(k))) {
                                k++;
                            }
                            j = k;
                        }
                    }
                    String t = src.substring(i, j);
                    toks.add(new Tok("num", t, start, Double.parseDouble(t)));
                    i = j;
                    continue;
                }
                if (c == '@') {
                    int j = i + 1;
                    StringBuilder sb = new StringBuilder();
                    while (j < n) {
                        char d = src.charAt(j);
                        if (d == '\\' && j + 1 < n) {
                            sb.append(src.charAt(j + 1));
                            j += 2;
                            continue;
                        }
                        if (d == '_' || (!Character.isWhitespace(d) && !Character.isISOControl(d) && !isPunct(d))) {
                            sb.append(d);
                            j++;
                        } else {
                            break;
                        }
                    }
                    if (sb.length() == 0) {
                        i++;
                        continue;
                    }
                    toks.add(new Tok("prop", src.substring(i, j), start, sb.toString()));
                    i = j;
                    continue;
                }
                if (Character.isLetter(c)) {
                    int j = i + 1;
                    while (j < n && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
                        j++;
                    }
                    toks.add(new Tok("sym", src.substring(i, j), start, null));
                    i = j;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    int j = i + 1;
                    StringBuilder sb = new StringBuilder();
                    boolean closed = false;
                    while (j < n) {
                        char d = src.charAt(j);
                        if (d == '\\' && j + 1 < n && (isPunct(src.charAt(j + 1)) || Character.isWhitespace(src.charAt(j + 1)))) {
                            sb.append(src.charAt(j + 1));
                            j += 2;
                            continue;
                        }
                        if (d == c) {
                            closed = true;
                            j++;
                            break;
                        }
                        sb.append(d);
                        j++;
                    }
                    if (!closed) {
                        throw new KvException("Syntax error at offset " + start + " near '" + src.substring(start) + "'");
                    }
                    toks.add(new Tok("str", src.substring(i, j), start, sb.toString()));
                    i = j;
                    continue;
                }
                String two = i + 1 < n ? src.substring(i, i + 2) : "";
                switch (two) {
                    case "==", "!=", "<=", ">=", "&&", "||" -> {
                        toks.add(new Tok(two, two, start, null));
                        i += 2;
                        continue;
                    }
                    default -> {
                    }
                }
                switch (c) {
                    case '(', ')', ',', '+', '-', '*', '/', '%', '^', '<', '>', '!' -> {
                        toks.add(new Tok(String.valueOf(c), String.valueOf(c), start, null));
                        i++;
                    }
                    default -> i++; // other punctuation is ignored, as RediSearch's lexer does
                }
            }
            toks.add(new Tok("eof", "", n, null));
        }

        private static boolean isPunct(char c) {
            return c < 128 && c > 32 && !Character.isLetterOrDigit(c);
        }

        Tok peek() {
            return toks.get(pos);
        }

        boolean at(String type) {
            return peek().type.equals(type);
        }

        Tok next() {
            return toks.get(pos++);
        }

        Tok expect(String type) {
            if (!at(type)) {
                throw error(peek());
            }
            return next();
        }

        Expr or() {
            Expr e = and();
            while (at("||")) {
                next();
                e = new Op("||", e, and());
            }
            return e;
        }

        Expr and() {
            Expr e = not();
            while (at("&&")) {
                next();
                e = new Op("&&", e, not());
            }
            return e;
        }

        Expr not() {
            if (at("!")) {
                next();
                return new Op("!", not(), null);
            }
            return comparison();
        }

        Expr comparison() {
            Expr e = additive();
            String t = peek().type;
            if (t.equals("==") || t.equals("!=") || t.equals("<") || t.equals("<=") || t.equals(">") || t.equals(">=")) {
                next();
                Expr r = additive();
                e = new Op(t, e, r);
                String t2 = peek().type;
                if (t2.equals("==") || t2.equals("!=") || t2.equals("<") || t2.equals("<=") || t2.equals(">")
                        || t2.equals(">=")) {
                    throw error(peek());
                }
            }
            return e;
        }

        Expr additive() {
            Expr e = multiplicative();
            while (at("+") || at("-") || (at("num") && signedNumber())) {
                if (at("num")) {
                    // "3 -2": a signed literal after an operand is a binary operation
                    Tok t = next();
                    e = new Op("+", e, new Literal(t.value));
                    continue;
                }
                String op = next().type;
                e = new Op(op, e, multiplicative());
            }
            return e;
        }

        private boolean signedNumber() {
            char c = peek().text.isEmpty() ? ' ' : peek().text.charAt(0);
            return c == '-' || c == '+';
        }

        Expr multiplicative() {
            Expr e = power();
            while (at("*") || at("/") || at("%")) {
                String op = next().type;
                e = new Op(op, e, power());
            }
            return e;
        }

        Expr power() {
            Expr base = primary();
            if (at("^")) {
                next();
                return new Op("^", base, power());
            }
            return base;
        }

        Expr primary() {
            Tok t = peek();
            switch (t.type) {
                case "(" -> {
                    next();
                    Expr e = or();
                    expect(")");
                    return e;
                }
                case "num" -> {
                    next();
                    return new Literal(t.value);
                }
                case "str" -> {
                    next();
                    return new Literal(t.value);
                }
                case "prop" -> {
                    next();
                    return new Property((String) t.value);
                }
                case "sym" -> {
                    next();
                    if (at("(")) {
                        next();
                        List<Expr> args = new ArrayList<>();
                        if (!at(")")) {
                            args.add(or());
                            while (at(",")) {
                                next();
                                args.add(or());
                            }
                        }
                        expect(")");
                        String name = t.text.toLowerCase(Locale.ROOT);
                        Functions.Spec spec = Functions.get(name);
                        if (spec == null) {
                            throw new KvException("Unknown function name '" + t.text + "'");
                        }
                        if (args.size() < spec.min() || args.size() > spec.max()) {
                            if (spec.min() == spec.max()) {
                                throw new KvException("Function '" + t.text + "' expects " + spec.min()
                                        + " arguments, but got " + args.size());
                            }
                            throw new KvException("Function '" + t.text + "' expects between " + spec.min() + " and "
                                    + spec.max() + " arguments, but got " + args.size());
                        }
                        return new Call(name, args, spec.fn());
                    }
                    if (t.text.equals("NULL")) {
                        return new Literal(null);
                    }
                    throw new KvException("Unknown symbol '" + t.text + "'");
                }
                default -> throw error(t);
            }
        }
    }
}
