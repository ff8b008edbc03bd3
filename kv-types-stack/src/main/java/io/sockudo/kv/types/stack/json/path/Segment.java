package io.sockudo.kv.types.stack.json.path;

import java.util.regex.Pattern;

/** One step of a compiled JSONPath; {@link Evaluator} walks them. */
public abstract sealed class Segment {
    private Segment() {
    }

    /** {@code .name} or {@code ['name']}: a member of an object. */
    public static final class Key extends Segment {
        public final byte[] name;

        Key(byte[] name) {
            this.name = name;
        }
    }

    /** {@code ['a','b']}: several members, in the order given. */
    public static final class Keys extends Segment {
        public final byte[][] names;

        Keys(byte[][] names) {
            this.names = names;
        }
    }

    /** {@code [0]}, {@code [-1]}, {@code [0,2]}: array elements. */
    public static final class Indexes extends Segment {
        public final long[] indexes;

        Indexes(long[] indexes) {
            this.indexes = indexes;
        }
    }

    /** {@code [start:end:step]} with either bound optional. */
    public static final class Slice extends Segment {
        public final boolean hasStart;
        public final long start;
        public final boolean hasEnd;
        public final long end;
        public final long step;

        Slice(boolean hasStart, long start, boolean hasEnd, long end, long step) {
            this.hasStart = hasStart;
            this.start = start;
            this.hasEnd = hasEnd;
            this.end = end;
            this.step = step;
        }
    }

    /** {@code *}: every member or element. */
    public static final class Wildcard extends Segment {
        static final Wildcard INSTANCE = new Wildcard();
    }

    /** {@code ..}: the next segment applied to the node and every descendant, in document order. */
    public static final class Descent extends Segment {
        static final Descent INSTANCE = new Descent();
    }

    /** {@code [?(...)]}: the members or elements the expression accepts (the node itself for a scalar). */
    public static final class Filter extends Segment {
        public final Expr expr;

        Filter(Expr expr) {
            this.expr = expr;
        }
    }

    // ------------------------------------------------------------------ filter expressions

    /** A filter expression. */
    public abstract static sealed class Expr {
        private Expr() {
        }
    }

    /** Operands joined by {@code &&} and {@code ||}, {@code &&} binding tighter (as RedisJSON evaluates them). */
    public static final class Or extends Expr {
        public final Expr[] any;

        Or(Expr[] any) {
            this.any = any;
        }
    }

    public static final class And extends Expr {
        public final Expr[] all;

        And(Expr[] all) {
            this.all = all;
        }
    }

    public static final class Not extends Expr {
        public final Expr inner;

        Not(Expr inner) {
            this.inner = inner;
        }
    }

    /** {@code term op term}, or a lone term (true when it is not an invalid path). */
    public static final class Test extends Expr {
        public final Term left;
        public final Op op;
        public final Term right;

        Test(Term left, Op op, Term right) {
            this.left = left;
            this.op = op;
            this.right = right;
        }
    }

    public enum Op { GE, GT, LE, LT, EQ, NE, RE }

    /** An operand of a filter test. */
    public static final class Term {
        public enum Kind { INT, FLOAT, STRING, TRUE, FALSE, NULL, CURRENT, ROOT }

        public final Kind kind;
        public final long intValue;
        public final double floatValue;
        /** UTF-8 bytes of a string literal. */
        public final byte[] string;
        /** The literal as a regular expression, compiled on first use ({@code =~}); may be invalid. */
        public Pattern pattern;
        public boolean patternFailed;
        /** Path segments after {@code @} or {@code $}. */
        public final Segment[] path;

        Term(Kind kind, long intValue, double floatValue, byte[] string, Segment[] path) {
            this.kind = kind;
            this.intValue = intValue;
            this.floatValue = floatValue;
            this.string = string;
            this.path = path;
        }
    }
}
