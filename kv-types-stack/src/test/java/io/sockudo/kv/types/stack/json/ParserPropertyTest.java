package io.sockudo.kv.types.stack.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The parser's fast paths (strings copied a word at a time, literals compared as one int, numbers
 * converted while scanned, the repeated-key mask) against an independent reading of the same text
 * by Jackson: random documents with random whitespace, escapes, non-ASCII text, repeated keys and
 * numbers of every shape (integers up to and past 64 bits, decimals with up to 20 digits, leading
 * zeros in fractions, exponents). Each packed document must hold the values Jackson reads (64-bit
 * integers as integers, every other number as the same double), keep the first position of a
 * repeated key with its last value, and print back to text that Jackson reads as the same tree.
 */
class ParserPropertyTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final Random r = new Random(16);

    @Test
    void packedDocumentsHoldWhatJacksonReads() throws Exception {
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            value(sb, 0);
            String text = sb.toString();
            byte[] in = text.getBytes(StandardCharsets.UTF_8);
            byte[] packed;
            try {
                packed = JsonParser.parse(in);
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e.getMessage() + " for " + text);
                return;
            }
            JsonNode expected = JACKSON.readTree(in);
            same(expected, JsonValue.toJava(packed, 0), packed, 0, text);
            Scratch s = new Scratch();
            JsonWriter.COMPACT.value(packed, 0, s);
            JsonNode back = JACKSON.readTree(s.toArray());
            same(expected, JsonValue.toJava(JsonParser.parse(s.toArray()), 0), packed, 0, text);
            assertEquals(expected.size(), back.size(), text);
        }
    }

    /** Each string is its own document: parsing inside a larger input array reads past its end. */
    @Test
    void stringsOfEveryLengthAtEveryOffset() throws Exception {
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            string(sb);
            byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
            int pad = r.nextInt(12);
            byte[] in = new byte[pad + text.length + r.nextInt(12)];
            java.util.Arrays.fill(in, (byte) '"');
            System.arraycopy(text, 0, in, pad, text.length);
            Scratch s = new Scratch();
            JsonParser.parseInto(in, pad, text.length, s);
            byte[] packed = s.toArray();
            assertEquals(JACKSON.readTree(text).textValue(), JsonValue.toJava(packed, 0), sb.toString());
        }
    }

    private void same(JsonNode expected, Object actual, byte[] packed, int p, String doc) {
        if (expected.isObject()) {
            assertTrue(actual instanceof Map, doc);
            Map<?, ?> m = (Map<?, ?>) actual;
            assertEquals(expected.size(), m.size(), doc);
            Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
            Iterator<? extends Map.Entry<?, ?>> at = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Map.Entry<?, ?> a = at.next();
                assertEquals(e.getKey(), a.getKey(), "member order in " + doc);
                same(e.getValue(), a.getValue(), null, 0, doc);
            }
        } else if (expected.isArray()) {
            assertTrue(actual instanceof List, doc);
            List<?> l = (List<?>) actual;
            assertEquals(expected.size(), l.size(), doc);
            for (int i = 0; i < l.size(); i++) {
                same(expected.get(i), l.get(i), null, 0, doc);
            }
        } else if (expected.isIntegralNumber()) {
            BigInteger v = expected.bigIntegerValue();
            if (v.bitLength() <= 63) {
                assertEquals(v.longValue(), actual, "a 64-bit integer stays an integer in " + doc);
            } else {
                assertEquals(new java.math.BigDecimal(v).doubleValue(), actual, doc);
            }
        } else if (expected.isNumber()) {
            double d = Double.parseDouble(expected.decimalValue().toString());
            assertTrue(actual instanceof Double, doc);
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) actual),
                    expected + " read as " + actual + " in " + doc);
        } else if (expected.isTextual()) {
            assertEquals(expected.textValue(), actual, doc);
        } else if (expected.isBoolean()) {
            assertEquals(expected.booleanValue(), actual, doc);
        } else {
            assertEquals(null, actual, doc);
        }
    }

    private void ws(StringBuilder sb) {
        if (r.nextInt(4) == 0) {
            sb.append(" \n\t\r".charAt(r.nextInt(4)));
        }
    }

    private static final String[] KEYS = {"a", "b", "id", "name", "a_rather_long_member_name", "k", "", "naïve", "x\"y"};

    private void value(StringBuilder sb, int depth) {
        ws(sb);
        int kind = r.nextInt(depth > 4 ? 6 : 8);
        switch (kind) {
            case 0 -> sb.append(r.nextBoolean() ? "true" : "false");
            case 1 -> sb.append("null");
            case 2, 3 -> number(sb);
            case 4, 5 -> string(sb);
            case 6 -> {
                sb.append('[');
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    value(sb, depth + 1);
                }
                ws(sb);
                sb.append(']');
            }
            default -> {
                sb.append('{');
                int n = r.nextInt(7);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    ws(sb);
                    // few names, so repeated keys are common
                    String k = r.nextInt(3) == 0 ? randomText() : KEYS[r.nextInt(KEYS.length)];
                    quote(sb, k);
                    ws(sb);
                    sb.append(':');
                    value(sb, depth + 1);
                }
                ws(sb);
                sb.append('}');
            }
        }
        ws(sb);
    }

    private void number(StringBuilder sb) {
        if (r.nextInt(4) == 0) {
            sb.append('-');
        }
        int intDigits = 1 + r.nextInt(r.nextInt(4) == 0 ? 22 : 6);
        sb.append(intDigits == 1 ? (char) ('0' + r.nextInt(10)) : (char) ('1' + r.nextInt(9)));
        for (int i = 1; i < intDigits; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        if (sb.length() >= 2 && sb.charAt(sb.length() - 1) == '0' && (sb.charAt(sb.length() - 2) == '-')) {
            sb.append(".5"); // -0 reads as -0.0 here, as an integer 0 in Jackson: covered elsewhere
            return;
        }
        if (r.nextBoolean()) {
            sb.append('.');
            int frac = 1 + r.nextInt(r.nextInt(3) == 0 ? 20 : 5);
            for (int i = 0; i < frac; i++) {
                sb.append((char) ('0' + (r.nextInt(3) == 0 ? 0 : r.nextInt(10))));
            }
        }
        if (r.nextInt(5) == 0) {
            sb.append(r.nextBoolean() ? 'e' : 'E');
            if (r.nextBoolean()) {
                sb.append(r.nextBoolean() ? '+' : '-');
            }
            sb.append(r.nextInt(40));
        }
    }

    private String randomText() {
        int n = r.nextInt(r.nextInt(4) == 0 ? 70 : 12);
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(20);
            if (c == 0) {
                t.append("\"\\/\b\f\n\r\t\u0001\u001f".charAt(r.nextInt(10)));
            } else if (c == 1) {
                t.append("é€😀ü".codePoints().skip(r.nextInt(4)).limit(1)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append));
            } else {
                t.append((char) ('a' + r.nextInt(26)));
            }
        }
        return t.toString();
    }

    private void string(StringBuilder sb) {
        quote(sb, randomText());
    }

    /** A JSON string literal, escapes chosen at random among the forms that mean the same. */
    private void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                char low = s.charAt(++i);
                if (r.nextBoolean()) {
                    sb.append(String.format("\\u%04x\\u%04x", (int) c, (int) low));
                } else {
                    sb.append(c).append(low);
                }
                continue;
            }
            if (c == '"' || c == '\\' || c < 0x20 || (c > 0x7f && r.nextInt(3) == 0) || r.nextInt(50) == 0) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append(r.nextBoolean() ? "\\n" : "\\u000a");
                    case '\t' -> sb.append("\\t");
                    case '/' -> sb.append("\\/");
                    default -> sb.append(String.format("\\u%04x", (int) c));
                }
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
