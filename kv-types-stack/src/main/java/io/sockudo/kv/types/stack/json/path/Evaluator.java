package io.sockudo.kv.types.stack.json.path;

import io.sockudo.kv.types.stack.json.Packed;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Evaluates a compiled path over a packed document, collecting the offsets of the matches in the
 * order RedisJSON produces them: members in insertion order, elements by index, {@code ..}
 * pre-order (a node before its descendants). Indexes outside an array select nothing, except
 * that a negative index before the start clamps to the first element, as RedisJSON does.
 * Filters follow RedisJSON's comparison rules: numbers compare across integer and float, strings
 * byte-wise, booleans with {@code false < true}, {@code null} only equals {@code null}; a path
 * term must select exactly one value; arrays and objects only compare equal to each other (deep);
 * {@code !=} is the negation of {@code ==}; {@code =~} searches the regular expression in a string.
 */
public final class Evaluator {
    private final byte[] b;
    private final int root;

    private Evaluator(byte[] b, int root) {
        this.b = b;
        this.root = root;
    }

    /** Appends the offsets {@code path} selects in the document at {@code root} of {@code b}. */
    public static void select(JsonPath path, byte[] b, int root, IntList out) {
        select(path.segments, b, root, out);
    }

    public static void select(Segment[] segments, byte[] b, int root, IntList out) {
        new Evaluator(b, root).eval(segments, 0, root, out);
    }

    private void eval(Segment[] segs, int i, int node, IntList out) {
        if (i == segs.length) {
            out.add(node);
            return;
        }
        Segment seg = segs[i];
        byte tag = Packed.kind(b, node);
        if (seg instanceof Segment.Key k) {
            if (tag == Packed.OBJECT) {
                int v = Packed.find(b, node, k.name, 0, k.name.length);
                if (v >= 0) {
                    eval(segs, i + 1, v, out);
                }
            }
        } else if (seg instanceof Segment.Keys ks) {
            if (tag == Packed.OBJECT) {
                for (byte[] name : ks.names) {
                    int v = Packed.find(b, node, name, 0, name.length);
                    if (v >= 0) {
                        eval(segs, i + 1, v, out);
                    }
                }
            }
        } else if (seg instanceof Segment.Indexes ix) {
            if (tag == Packed.ARRAY) {
                int n = Packed.count(b, node);
                for (long idx : ix.indexes) {
                    long a = absolute(idx, n);
                    if (a < n) {
                        eval(segs, i + 1, Packed.element(b, node, (int) a), out);
                    }
                }
            }
        } else if (seg instanceof Segment.Slice sl) {
            if (tag == Packed.ARRAY) {
                slice(segs, i, node, sl, out);
            }
        } else if (seg instanceof Segment.Wildcard) {
            children(segs, i + 1, node, out);
        } else if (seg instanceof Segment.Descent) {
            eval(segs, i + 1, node, out);
            descend(segs, i + 1, node, out);
        } else if (seg instanceof Segment.Filter f) {
            if (tag == Packed.ARRAY) {
                int n = Packed.count(b, node);
                int e = Packed.first(b, node);
                for (int k = 0; k < n; k++) {
                    if (test(f.expr, e)) {
                        eval(segs, i + 1, e, out);
                    }
                    e = Packed.skip(b, e);
                }
            } else if (tag == Packed.OBJECT) {
                int n = Packed.count(b, node);
                int m = Packed.first(b, node);
                for (int k = 0; k < n; k++) {
                    int v = Packed.memberValue(b, m);
                    if (test(f.expr, v)) {
                        eval(segs, i + 1, v, out);
                    }
                    m = Packed.skip(b, v);
                }
            } else if (test(f.expr, node)) {
                eval(segs, i + 1, node, out);
            }
        }
    }

    /** RedisJSON's index normalisation: a negative index counts from the end, clamped at 0. */
    private static long absolute(long idx, int n) {
        if (idx >= 0) {
            return Math.min(idx, n);
        }
        return Math.max(idx + n, 0);
    }

    private void slice(Segment[] segs, int i, int node, Segment.Slice sl, IntList out) {
        int n = Packed.count(b, node);
        long start = sl.hasStart ? absolute(sl.start, n) : 0;
        long end = sl.hasEnd ? absolute(sl.end, n) : n;
        int e = Packed.first(b, node);
        int at = 0;
        for (long k = start; k < end; k += sl.step) {
            while (at < k) {
                e = Packed.skip(b, e);
                at++;
            }
            eval(segs, i + 1, e, out);
        }
    }

    private void children(Segment[] segs, int i, int node, IntList out) {
        byte tag = Packed.kind(b, node);
        if (tag == Packed.ARRAY) {
            int n = Packed.count(b, node);
            int e = Packed.first(b, node);
            for (int k = 0; k < n; k++) {
                eval(segs, i, e, out);
                e = Packed.skip(b, e);
            }
        } else if (tag == Packed.OBJECT) {
            int n = Packed.count(b, node);
            int m = Packed.first(b, node);
            for (int k = 0; k < n; k++) {
                int v = Packed.memberValue(b, m);
                eval(segs, i, v, out);
                m = Packed.skip(b, v);
            }
        }
    }

    /** For each descendant in pre-order: the rest of the path at it. */
    private void descend(Segment[] segs, int i, int node, IntList out) {
        byte tag = Packed.kind(b, node);
        if (tag == Packed.ARRAY) {
            int n = Packed.count(b, node);
            int e = Packed.first(b, node);
            for (int k = 0; k < n; k++) {
                eval(segs, i, e, out);
                descend(segs, i, e, out);
                e = Packed.skip(b, e);
            }
        } else if (tag == Packed.OBJECT) {
            int n = Packed.count(b, node);
            int m = Packed.first(b, node);
            for (int k = 0; k < n; k++) {
                int v = Packed.memberValue(b, m);
                eval(segs, i, v, out);
                descend(segs, i, v, out);
                m = Packed.skip(b, v);
            }
        }
    }

    // ------------------------------------------------------------------ filters

    private boolean test(Segment.Expr e, int current) {
        if (e instanceof Segment.Or or) {
            for (Segment.Expr x : or.any) {
                if (test(x, current)) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof Segment.And and) {
            for (Segment.Expr x : and.all) {
                if (!test(x, current)) {
                    return false;
                }
            }
            return true;
        }
        if (e instanceof Segment.Not not) {
            return !test(not.inner, current);
        }
        Segment.Test t = (Segment.Test) e;
        Operand left = operand(t.left, current);
        if (t.op == null) {
            return left.kind != Operand.INVALID;
        }
        Operand right = operand(t.right, current);
        switch (t.op) {
            case EQ:
                return equal(left, right);
            case NE:
                return !equal(left, right);
            case RE:
                return regex(left, right, t.right);
            default: {
                int c = compare(left, right);
                if (c == NOT_COMPARABLE) {
                    return false;
                }
                return switch (t.op) {
                    case GT -> c > 0;
                    case GE -> c >= 0;
                    case LT -> c < 0;
                    default -> c <= 0;
                };
            }
        }
    }

    /** A filter operand: a literal or the single value a path term selects. */
    private static final class Operand {
        static final int INVALID = 0, INT = 1, FLOAT = 2, STR = 3, BOOL = 4, NULL = 5, CONTAINER = 6;
        int kind;
        long i;
        double f;
        byte[] s;
        int soff;
        int slen;
        boolean bool;
        /** Offset in the document for a value that came from a path, else -1. */
        int at = -1;
    }

    private Operand operand(Segment.Term t, int current) {
        Operand o = new Operand();
        switch (t.kind) {
            case INT -> {
                o.kind = Operand.INT;
                o.i = t.intValue;
            }
            case FLOAT -> {
                o.kind = Operand.FLOAT;
                o.f = t.floatValue;
            }
            case STRING -> {
                o.kind = Operand.STR;
                o.s = t.string;
                o.slen = t.string.length;
            }
            case TRUE, FALSE -> {
                o.kind = Operand.BOOL;
                o.bool = t.kind == Segment.Term.Kind.TRUE;
            }
            case NULL -> o.kind = Operand.NULL;
            default -> {
                IntList found = new IntList();
                eval(t.path, 0, t.kind == Segment.Term.Kind.CURRENT ? current : root, found);
                if (found.size() != 1) {
                    o.kind = Operand.INVALID;
                } else {
                    fromDocument(o, found.get(0));
                }
            }
        }
        return o;
    }

    private void fromDocument(Operand o, int p) {
        o.at = p;
        switch (Packed.kind(b, p)) {
            case Packed.INT -> {
                o.kind = Operand.INT;
                o.i = Packed.intValue(b, p);
            }
            case Packed.UINT, Packed.DOUBLE -> {
                o.kind = Operand.FLOAT;
                o.f = Packed.asDouble(b, p);
            }
            case Packed.STRING -> {
                o.kind = Operand.STR;
                o.s = b;
                o.soff = Packed.strOff(b, p);
                o.slen = Packed.strLen(b, p);
            }
            case Packed.TRUE, Packed.FALSE -> {
                o.kind = Operand.BOOL;
                o.bool = Packed.kind(b, p) == Packed.TRUE;
            }
            case Packed.NULL -> o.kind = Operand.NULL;
            default -> o.kind = Operand.CONTAINER;
        }
    }

    private static final int NOT_COMPARABLE = Integer.MIN_VALUE;

    private static int compare(Operand a, Operand c) {
        if ((a.kind == Operand.INT || a.kind == Operand.FLOAT) && (c.kind == Operand.INT || c.kind == Operand.FLOAT)) {
            if (a.kind == Operand.INT && c.kind == Operand.INT) {
                return Long.compare(a.i, c.i);
            }
            double x = a.kind == Operand.INT ? a.i : a.f;
            double y = c.kind == Operand.INT ? c.i : c.f;
            return x > y ? 1 : x < y ? -1 : 0;
        }
        if (a.kind != c.kind) {
            return NOT_COMPARABLE;
        }
        switch (a.kind) {
            case Operand.STR:
                return compareBytes(a.s, a.soff, a.slen, c.s, c.soff, c.slen);
            case Operand.BOOL:
                return Boolean.compare(a.bool, c.bool);
            case Operand.NULL:
                return 0;
            default:
                return NOT_COMPARABLE;
        }
    }

    private boolean equal(Operand a, Operand c) {
        if (a.at >= 0 && c.at >= 0) {
            return DeepEquals.equal(b, a.at, b, c.at, true);
        }
        return compare(a, c) == 0;
    }

    private boolean regex(Operand value, Operand re, Segment.Term reTerm) {
        if (value.at < 0 || value.kind != Operand.STR) {
            return false;
        }
        Pattern pattern;
        if (re.at < 0) {
            if (re.kind != Operand.STR) {
                return false;
            }
            if (reTerm.pattern == null && !reTerm.patternFailed) {
                try {
                    reTerm.pattern = Pattern.compile(new String(reTerm.string, StandardCharsets.UTF_8));
                } catch (PatternSyntaxException e) {
                    reTerm.patternFailed = true;
                }
            }
            pattern = reTerm.pattern;
        } else {
            if (re.kind != Operand.STR) {
                return false;
            }
            try {
                pattern = Pattern.compile(new String(re.s, re.soff, re.slen, StandardCharsets.UTF_8));
            } catch (PatternSyntaxException e) {
                pattern = null;
            }
        }
        return pattern != null && pattern.matcher(new String(value.s, value.soff, value.slen, StandardCharsets.UTF_8)).find();
    }

    static int compareBytes(byte[] a, int ao, int al, byte[] c, int co, int cl) {
        int n = Math.min(al, cl);
        for (int k = 0; k < n; k++) {
            int x = a[ao + k] & 0xff;
            int y = c[co + k] & 0xff;
            if (x != y) {
                return x - y;
            }
        }
        return Integer.compare(al, cl);
    }
}
