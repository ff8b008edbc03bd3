package io.sockudo.kv.types.stack.vectorset.filter;

import io.sockudo.kv.types.stack.vectorset.hnsw.AttrFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code VSIM ... FILTER} expression, the language of Redis's vector sets:
 * JavaScript-like arithmetic ({@code + - * / % **}), comparisons ({@code > >= < <= == !=}),
 * {@code and/&&}, {@code or/||}, {@code not/!}, {@code in} (membership in a {@code [...]} tuple,
 * or substring when both sides are strings), parentheses, number and string literals,
 * {@code null}, and selectors {@code .field} that read top-level fields of an element's JSON
 * attributes. A selector that finds nothing (missing field, nested object, invalid JSON) makes
 * the whole expression false, as in Redis.
 *
 * <p>Compilation is a shunting-yard pass into a postfix program, with Redis's precedences
 * ({@code !} binds tightest, then {@code **} (right associative), {@code * / %}, {@code + -},
 * comparisons and {@code in}, {@code and}, {@code or}) and its arity checks. Evaluation runs the
 * program over a value stack kept in parallel arrays, so testing one node allocates nothing
 * unless its JSON needs unescaping or holds an array. An instance is used by one thread at a time.
 */
public final class FilterExpr implements AttrFilter {
    // operators, with Redis's precedences
    static final int OPAREN = 0;
    static final int CPAREN = 1;
    static final int NOT = 2;
    static final int POW = 3;
    static final int MULT = 4;
    static final int DIV = 5;
    static final int MOD = 6;
    static final int SUM = 7;
    static final int DIFF = 8;
    static final int GT = 9;
    static final int GTE = 10;
    static final int LT = 11;
    static final int LTE = 12;
    static final int EQ = 13;
    static final int NEQ = 14;
    static final int IN = 15;
    static final int AND = 16;
    static final int OR = 17;

    private static final int[] PRECEDENCE = {7, 7, 6, 5, 4, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 0};
    private static final int[] ARITY = {0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};

    /** Program steps: an operator, or a value to push ({@link #PUSH_VALUE} + index). */
    private static final int PUSH_VALUE = 1000;

    private final int[] program;
    /** Literals (numbers, strings, tuples, null) and selectors, referenced by PUSH_VALUE steps. */
    private final Val[] values;
    private final Stack stack;

    private FilterExpr(int[] program, Val[] values, int depth) {
        this.program = program;
        this.values = values;
        this.stack = new Stack(depth);
    }

    // ---------------------------------------------------------------------------------------
    // Compilation
    // ---------------------------------------------------------------------------------------

    /**
     * Compiles {@code expr}. Throws {@link FilterSyntaxException} with the offset Redis reports
     * in {@code ERR syntax error in FILTER expression near: ...}.
     */
    public static FilterExpr compile(byte[] expr) throws FilterSyntaxException {
        List<Token> tokens = new Tokenizer(expr).tokenize();
        List<Integer> program = new ArrayList<>();
        List<Val> values = new ArrayList<>();
        List<Token> ops = new ArrayList<>();
        int items = 0;
        int depth = 0;
        for (Token t : tokens) {
            if (t.value != null) {
                program.add(PUSH_VALUE + values.size());
                values.add(t.value);
                items++;
                depth = Math.max(depth, items);
                continue;
            }
            int op = t.op;
            if (op == OPAREN) {
                ops.add(t);
                continue;
            }
            if (op == CPAREN) {
                while (true) {
                    if (ops.isEmpty()) {
                        throw new FilterSyntaxException(0);
                    }
                    Token top = ops.remove(ops.size() - 1);
                    if (top.op == OPAREN) {
                        break;
                    }
                    items = emit(top.op, items, program);
                }
                continue;
            }
            // A prefix operator takes no operand from its left: it pops nothing.
            if (ARITY[op] == 2) {
                while (!ops.isEmpty()) {
                    int top = ops.get(ops.size() - 1).op;
                    if (top == OPAREN || PRECEDENCE[top] < PRECEDENCE[op]) {
                        break;
                    }
                    // ** is right associative: 2 ** 3 ** 2 is 2 ** 9
                    if (op == POW && PRECEDENCE[top] <= PRECEDENCE[op]) {
                        break;
                    }
                    ops.remove(ops.size() - 1);
                    items = emit(top, items, program);
                }
            }
            ops.add(t);
        }
        while (!ops.isEmpty()) {
            Token top = ops.remove(ops.size() - 1);
            if (top.op == OPAREN) {
                throw new FilterSyntaxException(0);
            }
            items = emit(top.op, items, program);
        }
        if (items != 1) {
            throw new FilterSyntaxException(0);
        }
        int[] code = new int[program.size()];
        for (int i = 0; i < code.length; i++) {
            code[i] = program.get(i);
        }
        return new FilterExpr(code, values.toArray(new Val[0]), Math.max(1, depth));
    }

    private static int emit(int op, int items, List<Integer> program) throws FilterSyntaxException {
        int arity = ARITY[op];
        if (items < arity) {
            throw new FilterSyntaxException(0);
        }
        program.add(op);
        return items - arity + 1;
    }

    // ---------------------------------------------------------------------------------------
    // Evaluation
    // ---------------------------------------------------------------------------------------

    @Override
    public boolean accepts(byte[] json) {
        Stack s = stack;
        s.size = 0;
        for (int step : program) {
            if (step >= PUSH_VALUE) {
                Val v = values[step - PUSH_VALUE];
                if (v.type == Val.SELECTOR) {
                    if (!JsonFields.extract(json, v.str, s, s.size)) {
                        return false;
                    }
                    s.size++;
                } else {
                    s.set(s.size++, v);
                }
                continue;
            }
            int b = --s.size;
            if (step == NOT) {
                s.setNum(b, s.truth(b) ? 0 : 1);
                s.size++;
                continue;
            }
            int a = --s.size;
            double r;
            switch (step) {
                case POW:
                    r = Math.pow(s.num(a), s.num(b));
                    break;
                case MULT:
                    r = s.num(a) * s.num(b);
                    break;
                case DIV:
                    r = s.num(a) / s.num(b);
                    break;
                case MOD:
                    r = cFmod(s.num(a), s.num(b));
                    break;
                case SUM:
                    r = s.num(a) + s.num(b);
                    break;
                case DIFF:
                    r = s.num(a) - s.num(b);
                    break;
                case GT:
                    r = s.num(a) > s.num(b) ? 1 : 0;
                    break;
                case GTE:
                    r = s.num(a) >= s.num(b) ? 1 : 0;
                    break;
                case LT:
                    r = s.num(a) < s.num(b) ? 1 : 0;
                    break;
                case LTE:
                    r = s.num(a) <= s.num(b) ? 1 : 0;
                    break;
                case EQ:
                    r = s.equal(a, b) ? 1 : 0;
                    break;
                case NEQ:
                    r = s.equal(a, b) ? 0 : 1;
                    break;
                case IN:
                    r = s.in(a, b) ? 1 : 0;
                    break;
                case AND:
                    r = s.truth(a) && s.truth(b) ? 1 : 0;
                    break;
                case OR:
                    r = s.truth(a) || s.truth(b) ? 1 : 0;
                    break;
                default:
                    r = 0;
                    break;
            }
            s.setNum(a, r);
            s.size++;
        }
        return s.size > 0 && s.truth(s.size - 1);
    }

    /** C's fmod: the result has the sign of the dividend (Java's % on doubles agrees). */
    private static double cFmod(double a, double b) {
        return a % b;
    }
}
