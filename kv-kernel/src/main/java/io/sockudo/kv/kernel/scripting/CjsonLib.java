package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code cjson} library Redis ships (lua-cjson 2.1.0) with its defaults: numbers printed
 * with 14 significant digits, NaN and infinity refused when encoding, {@code /} escaped, tables
 * whose keys are all positive integers encoded as arrays (holes as null, "excessively sparse"
 * ones refused), nesting limited to 1000 levels both ways, {@code cjson.null} for JSON null,
 * and its exact parse errors ("Expected value but found T_END at character 1").
 */
final class CjsonLib {
    static final LuaValue NULL = LuaValue.userdataOf(new Object() {
        @Override
        public String toString() {
            return "cjson.null";
        }
    });

    /** Settings one cjson instance keeps (cjson.new() makes a fresh one). */
    private static final class Config {
        int encodeMaxDepth = 1000;
        int decodeMaxDepth = 1000;
        int precision = 14;
        boolean sparseConvert = false;
        int sparseRatio = 2;
        int sparseSafe = 10;
        boolean encodeInvalidNumbers = false;
        boolean decodeInvalidNumbers = true;
    }

    private CjsonLib() {
    }

    static LuaTable create() {
        Config cfg = new Config();
        LuaTable t = new LuaTable();
        t.rawset("encode", RedisApi.fn("encode", a -> {
            if (a.narg() != 1) {
                throw new LuaError("bad argument #1 to 'encode' (expected 1 argument)");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Encoder(cfg, out).value(a.arg1(), 0);
            return LuaString.valueUsing(out.toByteArray());
        }));
        t.rawset("decode", RedisApi.fn("decode", a -> {
            if (a.narg() != 1) {
                throw new LuaError("bad argument #1 to 'decode' (expected 1 argument)");
            }
            return new Decoder(cfg, LibArgs.string(a, 1, "decode")).decode();
        }));
        t.rawset("encode_max_depth", RedisApi.fn("encode_max_depth", a -> {
            if (!a.arg1().isnil()) {
                cfg.encodeMaxDepth = (int) LibArgs.number(a, 1, "encode_max_depth");
            }
            return LuaValue.valueOf(cfg.encodeMaxDepth);
        }));
        t.rawset("decode_max_depth", RedisApi.fn("decode_max_depth", a -> {
            if (!a.arg1().isnil()) {
                cfg.decodeMaxDepth = (int) LibArgs.number(a, 1, "decode_max_depth");
            }
            return LuaValue.valueOf(cfg.decodeMaxDepth);
        }));
        t.rawset("encode_number_precision", RedisApi.fn("encode_number_precision", a -> {
            if (!a.arg1().isnil()) {
                int p = (int) LibArgs.number(a, 1, "encode_number_precision");
                if (p < 1 || p > 14) {
                    throw LibArgs.argError(1, "encode_number_precision", "expected integer between 1 and 14");
                }
                cfg.precision = p;
            }
            return LuaValue.valueOf(cfg.precision);
        }));
        t.rawset("encode_sparse_array", RedisApi.fn("encode_sparse_array", a -> {
            if (!a.arg1().isnil()) {
                cfg.sparseConvert = a.arg1().toboolean();
            }
            if (!a.arg(2).isnil()) {
                cfg.sparseRatio = (int) LibArgs.number(a, 2, "encode_sparse_array");
            }
            if (!a.arg(3).isnil()) {
                cfg.sparseSafe = (int) LibArgs.number(a, 3, "encode_sparse_array");
            }
            return LuaValue.varargsOf(LuaValue.valueOf(cfg.sparseConvert), LuaValue.valueOf(cfg.sparseRatio),
                    LuaValue.valueOf(cfg.sparseSafe));
        }));
        t.rawset("encode_invalid_numbers", RedisApi.fn("encode_invalid_numbers", a -> {
            if (!a.arg1().isnil()) {
                cfg.encodeInvalidNumbers = a.arg1().toboolean();
            }
            return LuaValue.valueOf(cfg.encodeInvalidNumbers);
        }));
        t.rawset("decode_invalid_numbers", RedisApi.fn("decode_invalid_numbers", a -> {
            if (!a.arg1().isnil()) {
                cfg.decodeInvalidNumbers = a.arg1().toboolean();
            }
            return LuaValue.valueOf(cfg.decodeInvalidNumbers);
        }));
        t.rawset("encode_keep_buffer", RedisApi.fn("encode_keep_buffer", a -> LuaValue.TRUE));
        t.rawset("new", RedisApi.fn("new", a -> create()));
        t.rawset("null", NULL);
        t.rawset("_NAME", LuaValue.valueOf("cjson"));
        t.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
        return t;
    }

    // ---- encoding -----------------------------------------------------------------------------

    private static final class Encoder {
        private final Config cfg;
        private final ByteArrayOutputStream out;

        Encoder(Config cfg, ByteArrayOutputStream out) {
            this.cfg = cfg;
            this.out = out;
        }

        void value(LuaValue v, int depth) {
            switch (v.type()) {
                case LuaValue.TSTRING -> string(LuaToReply.bytes(v));
                case LuaValue.TNUMBER -> number(v.todouble(), v);
                case LuaValue.TBOOLEAN -> ascii(v.toboolean() ? "true" : "false");
                case LuaValue.TNIL -> ascii("null");
                case LuaValue.TTABLE -> {
                    int d = depth + 1;
                    if (d > cfg.encodeMaxDepth) {
                        throw new LuaError("Cannot serialise, excessive nesting (" + d + ")");
                    }
                    LuaTable t = (LuaTable) v;
                    int len = arrayLength(t);
                    if (len > 0) {
                        array(t, len, d);
                    } else {
                        object(t, d);
                    }
                }
                default -> {
                    if (v == NULL) {
                        ascii("null");
                    } else {
                        throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
                    }
                }
            }
        }

        private void ascii(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }

        private void number(double d, LuaValue v) {
            if (!cfg.encodeInvalidNumbers && (Double.isNaN(d) || Double.isInfinite(d))) {
                throw new LuaError("Cannot serialise " + v.typename() + ": must not be NaN or Inf");
            }
            ascii(format(d, cfg.precision));
        }

        /** -1 when the table is not an array; its length (max index) otherwise. */
        private int arrayLength(LuaTable t) {
            double max = 0;
            int items = 0;
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                double d;
                if (k.type() == LuaValue.TNUMBER && (d = k.todouble()) != 0 && Math.floor(d) == d && d >= 1) {
                    if (d > max) {
                        max = d;
                    }
                    items++;
                    continue;
                }
                return -1;
            }
            if (cfg.sparseRatio > 0 && max > (double) items * cfg.sparseRatio && max > cfg.sparseSafe) {
                if (!cfg.sparseConvert) {
                    throw new LuaError("Cannot serialise table: excessively sparse array");
                }
                return -1;
            }
            return (int) max;
        }

        private void array(LuaTable t, int len, int depth) {
            out.write('[');
            for (int i = 1; i <= len; i++) {
                if (i > 1) {
                    out.write(',');
                }
                value(t.rawget(i), depth);
            }
            out.write(']');
        }

        private void object(LuaTable t, int depth) {
            out.write('{');
            boolean first = true;
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                if (!first) {
                    out.write(',');
                }
                first = false;
                if (k.type() == LuaValue.TNUMBER) {
                    out.write('"');
                    number(k.todouble(), k);
                    out.write('"');
                } else if (k.type() == LuaValue.TSTRING) {
                    string(LuaToReply.bytes(k));
                } else {
                    throw new LuaError("Cannot serialise " + k.typename() + ": table key must be a number or string");
                }
                out.write(':');
                value(n.arg(2), depth);
            }
            out.write('}');
        }

        private void string(byte[] s) {
            out.write('"');
            for (byte b : s) {
                int c = b & 0xff;
                switch (c) {
                    case '"' -> ascii("\\\"");
                    case '\\' -> ascii("\\\\");
                    case '/' -> ascii("\\/");
                    case '\b' -> ascii("\\b");
                    case '\t' -> ascii("\\t");
                    case '\n' -> ascii("\\n");
                    case '\f' -> ascii("\\f");
                    case '\r' -> ascii("\\r");
                    default -> {
                        if (c < 0x20 || c == 0x7f) {
                            ascii(String.format("\\u%04x", c));
                        } else {
                            out.write(c);
                        }
                    }
                }
            }
            out.write('"');
        }
    }

    /** {@code %.<precision>g}. */
    static String format(double d, int precision) {
        if (precision == 14) {
            return LuaNumbers.g14(d);
        }
        return StringFormat.floating("", -1, precision, d, 'g');
    }

    // ---- decoding -----------------------------------------------------------------------------

    private enum Tok { T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END, T_STRING, T_NUMBER, T_BOOLEAN, T_NULL,
        T_COLON, T_COMMA, T_END, T_WHITESPACE, T_ERROR, T_UNKNOWN }

    private static final class Decoder {
        private final Config cfg;
        private final byte[] data;
        private int ptr;
        private int depth;
        private Tok type;
        private int index;
        private LuaValue value;
        private String error;

        Decoder(Config cfg, byte[] data) {
            this.cfg = cfg;
            // cjson reads a C string: an embedded NUL ends the input
            int n = 0;
            while (n < data.length && data[n] != 0) {
                n++;
            }
            this.data = n == data.length ? data : java.util.Arrays.copyOf(data, n);
        }

        LuaValue decode() {
            next();
            LuaValue v = processValue();
            next();
            if (type != Tok.T_END) {
                throw parseError("the end");
            }
            return v;
        }

        private int ch(int at) {
            return at < data.length ? data[at] & 0xff : 0;
        }

        private LuaError parseError(String expected) {
            String found = type == Tok.T_ERROR ? error : type.name();
            return new LuaError("Expected " + expected + " but found " + found + " at character " + (index + 1));
        }

        private static Tok classify(int c) {
            return switch (c) {
                case 0 -> Tok.T_END;
                case ' ', '\t', '\n', '\r' -> Tok.T_WHITESPACE;
                case '{' -> Tok.T_OBJ_BEGIN;
                case '}' -> Tok.T_OBJ_END;
                case '[' -> Tok.T_ARR_BEGIN;
                case ']' -> Tok.T_ARR_END;
                case ':' -> Tok.T_COLON;
                case ',' -> Tok.T_COMMA;
                case 'f', 'i', 'I', 'n', 'N', 't', '"', '+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' ->
                        Tok.T_UNKNOWN;
                default -> Tok.T_ERROR;
            };
        }

        private void setError(String what) {
            type = Tok.T_ERROR;
            index = ptr;
            error = what;
        }

        private void next() {
            int c;
            while (true) {
                c = ch(ptr);
                type = classify(c);
                if (type != Tok.T_WHITESPACE) {
                    break;
                }
                ptr++;
            }
            index = ptr;
            if (type == Tok.T_ERROR) {
                setError("invalid token");
                return;
            }
            if (type == Tok.T_END) {
                return;
            }
            if (type != Tok.T_UNKNOWN) {
                ptr++;
                return;
            }
            if (c == '"') {
                string();
                return;
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                if (!cfg.decodeInvalidNumbers && invalidNumber()) {
                    setError("invalid number");
                    return;
                }
                number();
                return;
            }
            if (startsWith("true")) {
                type = Tok.T_BOOLEAN;
                value = LuaValue.TRUE;
                ptr += 4;
                return;
            }
            if (startsWith("false")) {
                type = Tok.T_BOOLEAN;
                value = LuaValue.FALSE;
                ptr += 5;
                return;
            }
            if (startsWith("null")) {
                type = Tok.T_NULL;
                ptr += 4;
                return;
            }
            if (cfg.decodeInvalidNumbers && invalidNumber()) {
                number();
                return;
            }
            setError("invalid token");
        }

        private boolean startsWith(String s) {
            if (ptr + s.length() > data.length) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (data[ptr + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean startsWithIgnoreCase(int at, String s) {
            if (at + s.length() > data.length) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (Character.toLowerCase((char) data[at + i]) != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean invalidNumber() {
            int p = ptr;
            if (ch(p) == '+') {
                return true;
            }
            if (ch(p) == '-') {
                p++;
            }
            if (ch(p) == '0') {
                int c2 = ch(p + 1);
                return (c2 | 0x20) == 'x' || (c2 >= '0' && c2 <= '9');
            } else if (ch(p) <= '9') {
                return false;
            }
            return startsWithIgnoreCase(p, "inf") || startsWithIgnoreCase(p, "nan");
        }

        /** C's strtod at ptr: decimal, hexadecimal, inf/infinity, nan. */
        private void number() {
            int p = ptr;
            int start = p;
            boolean negative = false;
            if (ch(p) == '+' || ch(p) == '-') {
                negative = ch(p) == '-';
                p++;
            }
            double v;
            int end;
            if (startsWithIgnoreCase(p, "inf")) {
                end = startsWithIgnoreCase(p, "infinity") ? p + 8 : p + 3;
                v = Double.POSITIVE_INFINITY;
            } else if (startsWithIgnoreCase(p, "nan")) {
                end = p + 3;
                // strtod's NaN has the sign bit clear; see LuaNumbers.nan for why the JVM's is set here
                v = Double.longBitsToDouble(0xfff8000000000000L);
            } else if (ch(p) == '0' && (ch(p + 1) | 0x20) == 'x' && Character.digit(ch(p + 2), 16) >= 0) {
                int q = p + 2;
                double h = 0;
                while (Character.digit(ch(q), 16) >= 0) {
                    h = h * 16 + Character.digit(ch(q), 16);
                    q++;
                }
                end = q;
                v = h;
            } else {
                int q = p;
                int digits = 0;
                while (ch(q) >= '0' && ch(q) <= '9') {
                    q++;
                    digits++;
                }
                if (ch(q) == '.') {
                    q++;
                    while (ch(q) >= '0' && ch(q) <= '9') {
                        q++;
                        digits++;
                    }
                }
                if (digits == 0) {
                    setError("invalid number");
                    return;
                }
                if ((ch(q) | 0x20) == 'e') {
                    int e = q + 1;
                    if (ch(e) == '+' || ch(e) == '-') {
                        e++;
                    }
                    if (ch(e) >= '0' && ch(e) <= '9') {
                        while (ch(e) >= '0' && ch(e) <= '9') {
                            e++;
                        }
                        q = e;
                    }
                }
                end = q;
                v = Double.parseDouble(new String(data, p, q - p, StandardCharsets.US_ASCII));
            }
            ptr = end;
            type = Tok.T_NUMBER;
            value = LuaValue.valueOf(negative ? -v : v);
            if (start == end) {
                setError("invalid number");
            }
        }

        private void string() {
            ptr++;
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            int c;
            while ((c = ch(ptr)) != '"') {
                if (c == 0) {
                    setError("unexpected end of string");
                    return;
                }
                if (c == '\\') {
                    int e = ch(ptr + 1);
                    int tr = switch (e) {
                        case '"' -> '"';
                        case '\\' -> '\\';
                        case '/' -> '/';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        case 'u' -> 'u';
                        default -> 0;
                    };
                    if (tr == 'u') {
                        if (unicodeEscape(s)) {
                            continue;
                        }
                        setError("invalid unicode escape code");
                        return;
                    }
                    if (tr == 0) {
                        setError("invalid escape code");
                        return;
                    }
                    ptr++;
                    c = tr;
                }
                s.write(c);
                ptr++;
            }
            ptr++;
            type = Tok.T_STRING;
            value = LuaString.valueUsing(s.toByteArray());
        }

        private int hex4(int at) {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(ch(at + i), 16);
                if (d < 0) {
                    return -1;
                }
                v = v * 16 + d;
            }
            return v;
        }

        /** \\uXXXX (and a surrogate pair) appended as UTF-8; false when invalid. */
        private boolean unicodeEscape(ByteArrayOutputStream s) {
            int cp = hex4(ptr + 2);
            int len = 6;
            if (cp < 0) {
                return false;
            }
            if ((cp & 0xF800) == 0xD800) {
                if ((cp & 0x400) != 0) {
                    return false; // a low surrogate first
                }
                if (ch(ptr + 6) != '\\' || ch(ptr + 7) != 'u') {
                    return false;
                }
                int low = hex4(ptr + 8);
                if (low < 0 || (low & 0xFC00) != 0xDC00) {
                    return false;
                }
                cp = (((cp & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
                len = 12;
            }
            if (cp < 0x80) {
                s.write(cp);
            } else if (cp < 0x800) {
                s.write(0xC0 | (cp >> 6));
                s.write(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                s.write(0xE0 | (cp >> 12));
                s.write(0x80 | ((cp >> 6) & 0x3F));
                s.write(0x80 | (cp & 0x3F));
            } else {
                s.write(0xF0 | (cp >> 18));
                s.write(0x80 | ((cp >> 12) & 0x3F));
                s.write(0x80 | ((cp >> 6) & 0x3F));
                s.write(0x80 | (cp & 0x3F));
            }
            ptr += len;
            return true;
        }

        private void descend() {
            depth++;
            if (depth > cfg.decodeMaxDepth) {
                throw new LuaError("Found too many nested data structures (" + depth + ") at character " + (index + 1));
            }
        }

        private LuaValue processValue() {
            switch (type) {
                case T_STRING, T_NUMBER, T_BOOLEAN:
                    return value;
                case T_NULL:
                    return NULL;
                case T_OBJ_BEGIN:
                    return object();
                case T_ARR_BEGIN:
                    return array();
                default:
                    throw parseError("value");
            }
        }

        private LuaValue object() {
            descend();
            LuaTable t = new LuaTable();
            next();
            if (type == Tok.T_OBJ_END) {
                depth--;
                return t;
            }
            while (true) {
                if (type != Tok.T_STRING) {
                    throw parseError("object key string");
                }
                LuaValue key = value;
                next();
                if (type != Tok.T_COLON) {
                    throw parseError("colon");
                }
                next();
                t.rawset(key, processValue());
                next();
                if (type == Tok.T_OBJ_END) {
                    break;
                }
                if (type != Tok.T_COMMA) {
                    throw parseError("comma or object end");
                }
                next();
            }
            depth--;
            return t;
        }

        private LuaValue array() {
            descend();
            LuaTable t = new LuaTable();
            next();
            if (type == Tok.T_ARR_END) {
                depth--;
                return t;
            }
            for (int i = 1; ; i++) {
                t.rawset(i, processValue());
                next();
                if (type == Tok.T_ARR_END) {
                    break;
                }
                if (type != Tok.T_COMMA) {
                    throw parseError("comma or array end");
                }
                next();
            }
            depth--;
            return t;
        }
    }
}
