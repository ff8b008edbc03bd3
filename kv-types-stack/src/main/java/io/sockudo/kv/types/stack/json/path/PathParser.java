package io.sockudo.kv.types.stack.json.path;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Parses JSONPath text with RedisJSON's grammar (its {@code grammar.pest}): a PEG whose
 * alternatives are tried in order, spaces allowed between tokens. Member names after a dot are
 * {@code [A-Za-z0-9-_`~+#%$^/:]+}; brackets hold a slice, a list of indexes, a list of quoted
 * names, {@code *} or {@code ?} and a filter. Filters combine {@code term op term} tests (or a
 * lone term) with {@code && || !} and parentheses; terms are {@code @...}, {@code $...},
 * decimals, quoted strings, {@code true false null}.
 *
 * <p>Bad input fails at the furthest position the parser reached, reported as RedisJSON reports
 * it: {@code Error occurred on position N, "<before> ---->>>> <after>", expected one of the
 * following: ...}.
 */
final class PathParser {
    private final String s;
    private final int n;
    private int furthest = -1;
    private final LinkedHashSet<String> expected = new LinkedHashSet<>();

    // results of the last successful sub-parse
    private Segment segment;
    private long number;
    private byte[] string;
    private Segment.Expr expr;
    private Segment.Term term;

    private PathParser(String s) {
        this.s = s;
        this.n = s.length();
    }

    static Segment[] parse(String text) {
        PathParser p = new PathParser(text);
        List<Segment> out = new ArrayList<>();
        if (text.isEmpty() || text.charAt(0) != '$') {
            p.expect(0, "'$'");
            throw p.error();
        }
        int pos = p.ws(1);
        int r = p.root(pos, out);
        if (r >= 0) {
            pos = p.ws(r);
        }
        if (pos != p.n) {
            p.expect(pos, "EOI");
            throw p.error();
        }
        return out.toArray(new Segment[0]);
    }

    // ------------------------------------------------------------------ paths

    /** {@code (element | first_element) element*}; -1 when not even one matches. */
    private int root(int pos, List<Segment> out) {
        int r = element(pos, out);
        if (r < 0) {
            r = firstElement(pos, out);
            if (r < 0) {
                return -1;
            }
        }
        pos = r;
        while (true) {
            int q = element(ws(pos), out);
            if (q < 0) {
                return pos;
            }
            pos = q;
        }
    }

    private int firstElement(int pos, List<Segment> out) {
        int r = literal(pos);
        if (r >= 0) {
            out.add(new Segment.Key(utf8(pos, r)));
            return r;
        }
        if (pos < n && s.charAt(pos) == '*') {
            out.add(Segment.Wildcard.INSTANCE);
            return pos + 1;
        }
        expect(pos, "'*'");
        return -1;
    }

    private int element(int pos, List<Segment> out) {
        if (pos < n && s.charAt(pos) == '.') {
            // "." literal
            int a = ws(pos + 1);
            int r = literal(a);
            if (r >= 0) {
                out.add(new Segment.Key(utf8(a, r)));
                return r;
            }
            // ".." (literal | "*" | "[" bracket "]")
            if (pos + 1 < n && s.charAt(pos + 1) == '.') {
                int b = ws(pos + 2);
                int q = literal(b);
                if (q >= 0) {
                    out.add(Segment.Descent.INSTANCE);
                    out.add(new Segment.Key(utf8(b, q)));
                    return q;
                }
                if (b < n && s.charAt(b) == '*') {
                    out.add(Segment.Descent.INSTANCE);
                    out.add(Segment.Wildcard.INSTANCE);
                    return b + 1;
                }
                expect(b, "'*'");
                q = bracketed(b);
                if (q >= 0) {
                    out.add(Segment.Descent.INSTANCE);
                    out.add(segment);
                    return q;
                }
            }
            // "." "*"
            if (a < n && s.charAt(a) == '*') {
                out.add(Segment.Wildcard.INSTANCE);
                return a + 1;
            }
            expect(a, "'*'");
            // "." "[" bracket "]"
            int q = bracketed(a);
            if (q >= 0) {
                out.add(segment);
                return q;
            }
            expect(pos + 1, "'..'");
            return -1;
        }
        int q = bracketed(pos);
        if (q >= 0) {
            out.add(segment);
            return q;
        }
        return -1;
    }

    /** {@code "[" bracket "]"}; sets {@link #segment}. */
    private int bracketed(int pos) {
        if (pos >= n || s.charAt(pos) != '[') {
            return -1;
        }
        int a = ws(pos + 1);
        int r = bracket(a);
        if (r < 0) {
            return -1;
        }
        r = ws(r);
        if (r < n && s.charAt(r) == ']') {
            return r + 1;
        }
        expect(r, "']'");
        return -1;
    }

    private int bracket(int pos) {
        int r = range(pos);
        if (r >= 0) {
            return r;
        }
        r = numbersList(pos);
        if (r >= 0) {
            return r;
        }
        r = stringList(pos);
        if (r >= 0) {
            return r;
        }
        if (pos < n && s.charAt(pos) == '*') {
            segment = Segment.Wildcard.INSTANCE;
            return pos + 1;
        }
        if (pos < n && s.charAt(pos) == '?') {
            int q = filter(ws(pos + 1));
            if (q >= 0) {
                segment = new Segment.Filter(expr);
                return q;
            }
            return -1;
        }
        expect(pos, "['start:end:steps']");
        expect(pos, "'<number>[,<number>,...]'");
        expect(pos, "'<string>[,<string>,...]'");
        expect(pos, "'*'");
        expect(pos, "'[?(filter_expression)]'");
        return -1;
    }

    /** Slices, in the grammar's order: full, right ({@code :end}), all ({@code :}), left ({@code start:}). */
    private int range(int pos) {
        // full_range and left_range start with a number
        int r = number(pos);
        if (r >= 0) {
            long start = number;
            int c = ws(r);
            if (c < n && s.charAt(c) == ':') {
                int e = ws(c + 1);
                int q = number(e);
                if (q >= 0) {
                    long end = number;
                    return rangeStep(q, true, start, true, end);
                }
                return rangeStep(c + 1, true, start, false, 0);
            }
            return -1;
        }
        if (pos < n && s.charAt(pos) == ':') {
            int e = ws(pos + 1);
            int q = number(e);
            if (q >= 0) {
                long end = number;
                return rangeStep(q, false, 0, true, end);
            }
            return rangeStep(pos + 1, false, 0, false, 0);
        }
        return -1;
    }

    /** The optional {@code :step} or {@code :} after a slice's bounds. */
    private int rangeStep(int pos, boolean hasStart, long start, boolean hasEnd, long end) {
        long step = 1;
        int c = ws(pos);
        if (c < n && s.charAt(c) == ':') {
            int d = ws(c + 1);
            int q = posNumber(d);
            if (q >= 0) {
                step = number;
                pos = q;
            } else {
                pos = c + 1;
            }
        }
        segment = new Segment.Slice(hasStart, start, hasEnd, end, step);
        return pos;
    }

    private int numbersList(int pos) {
        int r = number(pos);
        if (r < 0) {
            return -1;
        }
        long[] list = {number};
        while (true) {
            int c = ws(r);
            if (c < n && s.charAt(c) == ',') {
                int q = number(ws(c + 1));
                if (q < 0) {
                    break;
                }
                list = java.util.Arrays.copyOf(list, list.length + 1);
                list[list.length - 1] = number;
                r = q;
            } else {
                break;
            }
        }
        segment = new Segment.Indexes(list);
        return r;
    }

    private int stringList(int pos) {
        int r = quoted(pos);
        if (r < 0) {
            return -1;
        }
        List<byte[]> names = new ArrayList<>();
        names.add(string);
        while (true) {
            int c = ws(r);
            if (c < n && s.charAt(c) == ',') {
                int q = quoted(ws(c + 1));
                if (q < 0) {
                    break;
                }
                names.add(string);
                r = q;
            } else {
                break;
            }
        }
        segment = new Segment.Keys(names.toArray(new byte[0][]));
        return r;
    }

    // ------------------------------------------------------------------ tokens

    private static boolean literalChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '`' || c == '~' || c == '+' || c == '#' || c == '%' || c == '$' || c == '^' || c == '/' || c == ':';
    }

    private int literal(int pos) {
        int i = pos;
        while (i < n && literalChar(s.charAt(i))) {
            i++;
        }
        if (i == pos) {
            expect(pos, "<string>");
            return -1;
        }
        return i;
    }

    /** {@code "-"? [1-9][0-9]* | "-"? [0-9]}; sets {@link #number}. */
    private int number(int pos) {
        int i = pos;
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        if (i >= n || s.charAt(i) < '0' || s.charAt(i) > '9') {
            expect(pos, "'<number>'");
            return -1;
        }
        if (s.charAt(i) == '0') {
            i++;
        } else {
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
        }
        number = parseLong(pos, i);
        return i;
    }

    private int posNumber(int pos) {
        int i = pos;
        if (i >= n || s.charAt(i) < '1' || s.charAt(i) > '9') {
            return -1;
        }
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        number = parseLong(pos, i);
        return i;
    }

    private long parseLong(int from, int to) {
        try {
            return Long.parseLong(s.substring(from, to));
        } catch (NumberFormatException e) {
            // beyond 64 bits: as far out of range as an index can be
            return s.charAt(from) == '-' ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A single- or double-quoted string; sets {@link #string}. */
    private int quoted(int pos) {
        if (pos >= n) {
            return -1;
        }
        char q = s.charAt(pos);
        if (q != '\'' && q != '"') {
            return -1;
        }
        StringBuilder sb = new StringBuilder();
        int i = pos + 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == q) {
                string = sb.toString().getBytes(StandardCharsets.UTF_8);
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 < n && (s.charAt(i + 1) == q || s.charAt(i + 1) == '\\')) {
                    sb.append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                return -1;
            }
            sb.append(c);
            i++;
        }
        return -1;
    }

    // ------------------------------------------------------------------ filters

    /** {@code inner (("&&" | "||") inner)*}, {@code &&} before {@code ||}; sets {@link #expr}. */
    private int filter(int pos) {
        List<Segment.Expr> ors = new ArrayList<>();
        List<Segment.Expr> ands = new ArrayList<>();
        int r = inner(pos);
        if (r < 0) {
            return -1;
        }
        ands.add(expr);
        while (true) {
            int c = ws(r);
            boolean and = s.startsWith("&&", c);
            boolean or = s.startsWith("||", c);
            if (!and && !or) {
                break;
            }
            int q = inner(ws(c + 2));
            if (q < 0) {
                break;
            }
            if (or) {
                ors.add(ands.size() == 1 ? ands.get(0) : new Segment.And(ands.toArray(new Segment.Expr[0])));
                ands = new ArrayList<>();
            }
            ands.add(expr);
            r = q;
        }
        ors.add(ands.size() == 1 ? ands.get(0) : new Segment.And(ands.toArray(new Segment.Expr[0])));
        expr = ors.size() == 1 ? ors.get(0) : new Segment.Or(ors.toArray(new Segment.Expr[0]));
        return r;
    }

    private int inner(int pos) {
        if (pos < n && s.charAt(pos) == '!') {
            int r = inner(ws(pos + 1));
            if (r >= 0) {
                expr = new Segment.Not(expr);
                return r;
            }
        }
        int r = singleFilter(pos);
        if (r >= 0) {
            return r;
        }
        if (pos < n && s.charAt(pos) == '(') {
            int q = filter(ws(pos + 1));
            if (q >= 0) {
                Segment.Expr e = expr;
                int c = ws(q);
                if (c < n && s.charAt(c) == ')') {
                    expr = e;
                    return c + 1;
                }
                expect(c, "')'");
            }
        }
        expect(pos, "'[?(filter_expression)]'");
        return -1;
    }

    private int singleFilter(int pos) {
        int r = term(pos);
        if (r < 0) {
            return -1;
        }
        Segment.Term left = term;
        int c = ws(r);
        Segment.Op op = null;
        int opLen = 2;
        if (s.startsWith(">=", c)) {
            op = Segment.Op.GE;
        } else if (s.startsWith(">", c)) {
            op = Segment.Op.GT;
            opLen = 1;
        } else if (s.startsWith("<=", c)) {
            op = Segment.Op.LE;
        } else if (s.startsWith("<", c)) {
            op = Segment.Op.LT;
            opLen = 1;
        } else if (s.startsWith("==", c)) {
            op = Segment.Op.EQ;
        } else if (s.startsWith("!=", c)) {
            op = Segment.Op.NE;
        } else if (s.startsWith("=~", c)) {
            op = Segment.Op.RE;
        }
        if (op != null) {
            int q = term(ws(c + opLen));
            if (q >= 0) {
                expr = new Segment.Test(left, op, term);
                return q;
            }
        }
        expr = new Segment.Test(left, null, null);
        return r;
    }

    private int term(int pos) {
        if (pos >= n) {
            expect(pos, "term");
            return -1;
        }
        char c = s.charAt(pos);
        if (c == '@' || c == '$') {
            List<Segment> path = new ArrayList<>();
            int r = root(ws(pos + 1), path);
            Segment.Term.Kind k = c == '@' ? Segment.Term.Kind.CURRENT : Segment.Term.Kind.ROOT;
            term = new Segment.Term(k, 0, 0, null, path.toArray(new Segment[0]));
            return r >= 0 ? r : pos + 1;
        }
        int r = number(pos);
        if (r >= 0) {
            int end = r;
            if (r + 1 < n && s.charAt(r) == '.' && Character.isDigit(s.charAt(r + 1))) {
                end = r + 1;
                while (end < n && Character.isDigit(s.charAt(end))) {
                    end++;
                }
            }
            String text = s.substring(pos, end);
            if (end == r && number != Long.MAX_VALUE && number != Long.MIN_VALUE) {
                term = new Segment.Term(Segment.Term.Kind.INT, number, 0, null, null);
            } else {
                term = new Segment.Term(Segment.Term.Kind.FLOAT, 0, Double.parseDouble(text), null, null);
            }
            return end;
        }
        r = quoted(pos);
        if (r >= 0) {
            term = new Segment.Term(Segment.Term.Kind.STRING, 0, 0, string, null);
            return r;
        }
        if (s.startsWith("true", pos)) {
            term = new Segment.Term(Segment.Term.Kind.TRUE, 0, 0, null, null);
            return pos + 4;
        }
        if (s.startsWith("false", pos)) {
            term = new Segment.Term(Segment.Term.Kind.FALSE, 0, 0, null, null);
            return pos + 5;
        }
        if (s.startsWith("null", pos)) {
            term = new Segment.Term(Segment.Term.Kind.NULL, 0, 0, null, null);
            return pos + 4;
        }
        expect(pos, "term");
        return -1;
    }

    // ------------------------------------------------------------------ helpers

    private int ws(int pos) {
        while (pos < n && s.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    private byte[] utf8(int from, int to) {
        return s.substring(from, to).getBytes(StandardCharsets.UTF_8);
    }

    /** Records what was expected at {@code pos}, keeping only the furthest position (as a PEG reports). */
    private void expect(int pos, String what) {
        if (pos > furthest) {
            furthest = pos;
            expected.clear();
        }
        if (pos == furthest) {
            expected.add(what);
        }
    }

    private PathException error() {
        int pos = Math.max(0, furthest);
        int bytePos = s.substring(0, pos).getBytes(StandardCharsets.UTF_8).length;
        String shown = pos >= n ? "\"" + s + " <<<<----\"" : "\"" + s.substring(0, pos) + " ---->>>> " + s.substring(pos) + "\"";
        String msg = expected.isEmpty() ? "parsing error" : "expected one of the following: " + String.join(", ", expected);
        return new PathException("Error occurred on position " + bytePos + ", " + shown + ", " + msg + ".");
    }
}
