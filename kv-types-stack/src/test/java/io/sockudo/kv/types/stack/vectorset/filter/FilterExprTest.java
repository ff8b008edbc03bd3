package io.sockudo.kv.types.stack.vectorset.filter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FILTER language: what Redis's own tests of vector-set filters expect (filter_expr,
 * filter_double_not, filter_string_escape), precedence and associativity, type conversions,
 * missing fields, and where syntax errors are reported.
 */
class FilterExprTest {
    private static final String ALICE = "{\"age\": 25, \"name\": \"Alice\", \"active\": true, \"scores\": [85, 90, 95], \"city\": \"New York\"}";
    private static final String BOB = "{\"age\": 30, \"name\": \"Bob\", \"active\": false, \"scores\": [70, 75, 80], \"city\": \"Boston\"}";
    private static final String CHARLIE = "{\"age\": 35, \"name\": \"Charlie\", \"scores\": [60, 65, 70], \"city\": \"Seattle\"}";
    private static final String INVALID = "invalid json";

    private static boolean eval(String expr, String json) {
        try {
            return FilterExpr.compile(expr.getBytes(StandardCharsets.UTF_8)).accepts(json.getBytes(StandardCharsets.UTF_8));
        } catch (FilterSyntaxException e) {
            throw new AssertionError("does not compile: " + expr + " (at " + e.position + ")");
        }
    }

    /** How many of Alice, Bob, Charlie and the invalid JSON match. */
    private static int count(String expr) {
        int n = 0;
        for (String j : new String[]{ALICE, BOB, CHARLIE, INVALID}) {
            if (eval(expr, j)) {
                n++;
            }
        }
        return n;
    }

    private static int errorAt(String expr) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> FilterExpr.compile(expr.getBytes(StandardCharsets.UTF_8)), expr);
        return e.position;
    }

    // ---------------------------------------------------------------------------------------
    // Redis's tests (filter_expr.py)
    // ---------------------------------------------------------------------------------------

    @Test
    void redisFilterExpressions() {
        assertEquals(1, count(".age == 25"));
        assertTrue(eval(".age == 25", ALICE));
        assertEquals(2, count(".age > 25"));
        assertEquals(2, count(".age <= 30"));
        assertEquals(1, count(".name == \"Alice\""));
        assertEquals(2, count(".name != \"Alice\""));
        assertEquals(1, count(".active"));
        assertEquals(1, count(".age > 20 and .age < 30"));
        assertEquals(1, count(".age < 30 or .age > 35"));
        assertEquals(2, count("!(.age == 25)"));
        assertEquals(2, count(".age in [25, 35]"));
        assertEquals(1, count(".name in [\"Alice\", \"David\"]"));
        assertEquals(1, count("\"lic\" in .name"));
        assertEquals(1, count("\"ork\" in .city"));
        assertEquals(0, count("\"xyz\" in .name"));
        assertEquals(1, count("\"Ali\" in .name"));
        assertEquals(1, count("\"ice\" in .name"));
        assertEquals(1, count("\"Alice\" in .name"));
        assertEquals(1, count("\"A\" in .name"));
        assertEquals(3, count("\"\" in .name"));
        assertEquals(0, count(".name in \"\""));
        assertEquals(3, count("\"\" in .name && \"\" in \"\""));
        assertEquals(1, count(".age + 10 > 40"));
        assertEquals(1, count(".age * 2 > 60"));
        assertEquals(1, count(".age / 5 == 5"));
        assertEquals(1, count(".age % 2 == 0"));
        assertEquals(1, count(".age ** 2 > 900"));
        assertEquals(0, count(".missing_field == \"value\""));
        assertEquals(2, count("(.age > 20 and .age < 40) and (.city == \"Boston\" or .city == \"New York\")"));
        assertEquals(1, count(".age > (20 + 10)"));
        assertEquals(3, count(".scores"));
    }

    @Test
    void redisDoubleNot() {
        String one = "{\"active\": true, \"n\": 5}";
        String two = "{\"active\": false, \"n\": 0}";
        assertTrue(eval("!!.active", one));
        assertFalse(eval("!!.active", two));
        assertTrue(eval("not not .active", one));
        assertFalse(eval("!!!.active", one));
        assertTrue(eval("!!!.active", two));
        assertTrue(eval("!!.n == 1", one));
        assertFalse(eval("!!.n == 1", two));
        assertTrue(eval("!.active or !!.active", one));
        assertTrue(eval("!.active or !!.active", two));
        assertTrue(eval(".n > 1 and not not .active", one));
        assertFalse(eval(".n > 1 and not not .active", two));
    }

    @Test
    void redisStringEscapes() {
        String one = "{\"dq\": \"a\\\"b\", \"sq\": \"O'Brien\", \"bs\": \"x\\\\y\", \"nl\": \"l1\\nl2\"}";
        String two = "{\"dq\": \"ab\", \"sq\": \"OBrien\", \"bs\": \"xy\", \"nl\": \"l1l2\"}";
        for (String expr : new String[]{".dq == \"a\\\"b\"", ".sq == 'O\\'Brien'", ".bs == \"x\\\\y\"",
            ".nl == \"l1\\nl2\"", "\"\\\"b\" in .dq", ".dq in [\"zzz\", \"a\\\"b\"]", "'a\"b' == .dq",
            ".sq == \"O'Brien\""}) {
            assertTrue(eval(expr, one), expr);
            assertFalse(eval(expr, two), expr);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Semantics
    // ---------------------------------------------------------------------------------------

    @Test
    void precedenceAndAssociativity() {
        String j = "{}";
        assertTrue(eval("2 ** 3 ** 2 == 512", j), "** is right associative");
        assertTrue(eval("1 + 2 * 3 == 7", j));
        assertTrue(eval("(1 + 2) * 3 == 9", j));
        assertTrue(eval("10 - 2 - 3 == 5", j), "- is left associative");
        assertTrue(eval("1 or 0 and 0", j), "and binds tighter than or");
        assertTrue(eval("!0 == 1", j), "! binds tighter than ==");
        assertTrue(eval("-3 + 5 == 2", j), "a leading minus starts a number");
        assertTrue(eval("5 -3 == 2", j), "a minus after a value is an operator");
        assertTrue(eval("(4) -1 == 3", j), "and after a closing parenthesis too");
        assertTrue(eval("7 % 3 == 1 && -7 % 3 == -1", j), "fmod keeps the dividend's sign");
    }

    @Test
    void conversions() {
        String j = "{\"s\": \"12\", \"t\": \"abc\", \"e\": \"\", \"z\": null, \"b\": true, \"arr\": [1, \"x\"], \"o\": {\"a\": 1}}";
        assertTrue(eval(".s == 12", j), "a numeric string equals the number");
        assertTrue(eval(".s + 1 == 13", j));
        assertTrue(eval(".t + 1 == 1", j), "a non-numeric string is 0");
        assertFalse(eval(".e", j), "the empty string is false");
        assertTrue(eval(".t", j), "a string is true");
        assertTrue(eval(".z == null", j), "null equals null");
        assertFalse(eval(".z", j), "null is false");
        assertFalse(eval(".z == 0", j), "null equals nothing else");
        assertTrue(eval(".b == 1", j), "true is 1");
        assertTrue(eval("\"x\" in .arr and 1 in .arr and not (2 in .arr)", j));
        assertFalse(eval(".o", j), "an object is not readable: the expression is false");
        assertFalse(eval("not .o", j), "...whatever surrounds it");
        assertFalse(eval(".missing or 1", j), "a missing field makes the expression false");
        assertTrue(eval("1 / 0 > 1000", j), "division by zero is infinity");
    }

    @Test
    void jsonReading() {
        assertTrue(eval(".year > 1950", "  {  \"year\" :1960 , \"x\": [1, {\"a\": \"}\"}] } "));
        assertTrue(eval(".x == 1", "{\"skip\": {\"nested\": [1, 2, \"]\"]}, \"x\": 1}"), "nested values are skipped");
        assertFalse(eval(".year > 1950", "{\"year\": 19e}"), "malformed number");
        assertFalse(eval(".year", "[1, 2]"), "not an object");
        assertFalse(eval(".year", "{\"year\": truex}"), "literal must be delimited");
        assertTrue(eval(".n == -0.5", "{\"n\": -5e-1}"));
        assertTrue(eval(".n == 1", "{\"n\": +1}"), "strtod accepts a plus sign");
        assertTrue(eval(".u == \"u00e9\"", "{\"u\": \"\\u00e9\"}"), "unknown escapes stand for the escaped character");
        assertTrue(eval(".a-b == 1", "{\"a-b\": 1}"), "selectors may contain -");
    }

    @Test
    void syntaxErrors() {
        assertEquals(0, errorAt(".year >"), "a missing operand quotes the whole expression");
        assertEquals(0, errorAt("(.year > 1"));
        assertEquals(0, errorAt(".year > 1)"));
        assertEquals(0, errorAt("1 2"));
        assertEquals(0, errorAt("'unterminated"));
        assertEquals(3, errorAt("foo > 1"), "after the word no operator matches");
        assertEquals(2, errorAt("1e-5 > 0"), "1e is not a number; Redis stops after it");
        assertEquals(8, errorAt(".year > #"));
        assertEquals(10, errorAt(".x in [1, .y]"));
        assertEquals(0, errorAt("true"), "true is not a literal");
        assertEquals(0, errorAt(""));
    }
}
