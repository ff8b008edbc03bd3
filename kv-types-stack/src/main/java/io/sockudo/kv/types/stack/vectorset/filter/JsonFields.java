package io.sockudo.kv.types.stack.vectorset.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one top-level field of an element's attributes straight from the JSON bytes, as the
 * filter needs it: skips the other fields without building anything, and turns the value found
 * into a stack value — strings (with the escapes {@code \n \r \t \\ \"}; any other escaped
 * character stands for itself), numbers, {@code true}/{@code false} as 1/0, {@code null}, and
 * arrays of those as tuples. A nested object, malformed JSON or a missing field is "not found".
 * Keys are compared as written (escapes in keys are not decoded), like Redis's reader.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** Finds {@code field} in {@code json} and stores its value in stack slot {@code slot}. */
    static boolean extract(byte[] json, byte[] field, Stack stack, int slot) {
        int v = seek(json, field);
        if (v < 0) {
            return false;
        }
        return value(json, v, json.length, stack, slot) >= 0;
    }

    // ---------------------------------------------------------------------------------------
    // Seeking
    // ---------------------------------------------------------------------------------------

    /** Offset of the value of top-level key {@code field}, or -1. */
    private static int seek(byte[] j, byte[] field) {
        int end = j.length;
        int p = ws(j, 0, end);
        if (p >= end || j[p] != '{') {
            return -1;
        }
        p++;
        while (true) {
            p = ws(j, p, end);
            if (p >= end || j[p] == '}' || j[p] != '"') {
                return -1;
            }
            int keyStart = p + 1;
            int keyEnd = skipString(j, p, end);
            if (keyEnd < 0) {
                return -1;
            }
            int klen = keyEnd - 1 - keyStart;
            boolean match = klen == field.length
                    && java.util.Arrays.equals(j, keyStart, keyStart + klen, field, 0, field.length);
            p = ws(j, keyEnd, end);
            if (p >= end || j[p] != ':') {
                return -1;
            }
            p = ws(j, p + 1, end);
            if (p >= end) {
                return -1;
            }
            if (match) {
                return p;
            }
            p = skipValue(j, p, end);
            if (p < 0) {
                return -1;
            }
            p = ws(j, p, end);
            if (p >= end) {
                return -1;
            }
            if (j[p] == ',') {
                p++;
            } else {
                return -1;
            }
        }
    }

    private static int ws(byte[] j, int p, int end) {
        while (p < end && Strtod.isSpace(j[p])) {
            p++;
        }
        return p;
    }

    /** From an opening quote to just after the closing one, or -1. */
    private static int skipString(byte[] j, int p, int end) {
        p++;
        while (p < end) {
            if (j[p] == '\\') {
                p += 2;
                continue;
            }
            if (j[p] == '"') {
                return p + 1;
            }
            p++;
        }
        return -1;
    }

    private static int skipValue(byte[] j, int p, int end) {
        p = ws(j, p, end);
        if (p >= end) {
            return -1;
        }
        switch (j[p]) {
            case '"':
                return skipString(j, p, end);
            case '{':
                return skipBracketed(j, p, end, (byte) '{', (byte) '}');
            case '[':
                return skipBracketed(j, p, end, (byte) '[', (byte) ']');
            case 't':
                return literal(j, p, end, "true") ? p + 4 : -1;
            case 'f':
                return literal(j, p, end, "false") ? p + 5 : -1;
            case 'n':
                return literal(j, p, end, "null") ? p + 4 : -1;
            default: {
                int q = p;
                while (q < end && isNumberChar(j[q])) {
                    q++;
                }
                return q > p ? q : -1;
            }
        }
    }

    private static int skipBracketed(byte[] j, int p, int end, byte open, byte close) {
        int depth = 1;
        p++;
        while (p < end && depth > 0) {
            byte c = j[p];
            if (c == '"') {
                p = skipString(j, p, end);
                if (p < 0) {
                    return -1;
                }
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
            }
            p++;
        }
        return depth == 0 ? p : -1;
    }

    private static boolean literal(byte[] j, int p, int end, String lit) {
        if (end - p < lit.length()) {
            return false;
        }
        for (int k = 0; k < lit.length(); k++) {
            if (j[p + k] != lit.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumberChar(byte c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }

    // ---------------------------------------------------------------------------------------
    // Values
    // ---------------------------------------------------------------------------------------

    /** Parses the value at {@code p} into the stack slot; returns the offset after it, or -1. */
    private static int value(byte[] j, int p, int end, Stack stack, int slot) {
        p = ws(j, p, end);
        if (p >= end) {
            return -1;
        }
        byte c = j[p];
        switch (c) {
            case '"':
                return string(j, p, end, stack, slot);
            case '[': {
                List<Val> items = new ArrayList<>();
                int q = array(j, p, end, items);
                if (q < 0) {
                    return -1;
                }
                stack.setTuple(slot, items.toArray(new Val[0]));
                return q;
            }
            case 't':
                if (delimitedLiteral(j, p, end, "true")) {
                    stack.setNum(slot, 1);
                    return p + 4;
                }
                return -1;
            case 'f':
                if (delimitedLiteral(j, p, end, "false")) {
                    stack.setNum(slot, 0);
                    return p + 5;
                }
                return -1;
            case 'n':
                if (delimitedLiteral(j, p, end, "null")) {
                    stack.setNull(slot);
                    return p + 4;
                }
                return -1;
            default:
                if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
                    int q = p;
                    while (q < end && q - p < 255 && isNumberChar(j[q])) {
                        q++;
                    }
                    double[] out = new double[1];
                    if (Strtod.prefix(j, p, q, out) != q - p) {
                        return -1;
                    }
                    stack.setNum(slot, out[0]);
                    return q;
                }
                return -1;
        }
    }

    /** A literal followed by white space, {@code ,}, {@code ]}, {@code }} or the end. */
    private static boolean delimitedLiteral(byte[] j, int p, int end, String lit) {
        if (!literal(j, p, end, lit)) {
            return false;
        }
        int q = p + lit.length();
        if (q < end) {
            byte n = j[q];
            return Strtod.isSpace(n) || n == ',' || n == ']' || n == '}';
        }
        return true;
    }

    private static int string(byte[] j, int p, int end, Stack stack, int slot) {
        int start = p + 1;
        int q = start;
        boolean escapes = false;
        int len = 0;
        while (q < end) {
            byte c = j[q];
            if (c == '\\') {
                if (q + 1 >= end) {
                    return -1;
                }
                escapes = true;
                q += 2;
                len++;
                continue;
            }
            if (c == '"') {
                break;
            }
            q++;
            len++;
        }
        if (q >= end) {
            return -1;
        }
        if (!escapes) {
            stack.setStr(slot, j, start, q - start);
        } else {
            byte[] out = new byte[len];
            int w = 0;
            for (int r = start; r < q; r++) {
                byte c = j[r];
                if (c == '\\') {
                    out[w++] = Tokenizer.unescape(j[++r]);
                } else {
                    out[w++] = c;
                }
            }
            stack.setStr(slot, out, 0, w);
        }
        return q + 1;
    }

    /** A JSON array of primitives (and arrays) into tuple items; -1 for anything else. */
    private static int array(byte[] j, int p, int end, List<Val> items) {
        p = ws(j, p + 1, end);
        if (p < end && j[p] == ']') {
            return p + 1;
        }
        Stack one = new Stack(1);
        while (true) {
            int q = value(j, p, end, one, 0);
            if (q < 0) {
                return -1;
            }
            items.add(toVal(one));
            p = ws(j, q, end);
            if (p >= end) {
                return -1;
            }
            if (j[p] == ',') {
                p = ws(j, p + 1, end);
            } else if (j[p] == ']') {
                return p + 1;
            } else {
                return -1;
            }
        }
    }

    private static Val toVal(Stack s) {
        switch (s.type[0]) {
            case Val.NUM:
                return Val.num(s.num[0]);
            case Val.STR: {
                byte[] b = new byte[s.len[0]];
                System.arraycopy(s.buf[0], s.off[0], b, 0, b.length);
                return Val.str(b);
            }
            case Val.TUPLE:
                return Val.tuple(s.tuple[0]);
            default:
                return Val.nul();
        }
    }
}
