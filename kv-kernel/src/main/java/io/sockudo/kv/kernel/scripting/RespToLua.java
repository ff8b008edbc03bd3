package io.sockudo.kv.kernel.scripting;

import io.netty.buffer.ByteBuf;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A command's reply, as the script's fake client received it in RESP, turned into Lua values by
 * Redis 7.0's rules ({@code redisProtocolToLuaType}): integers are numbers, bulk strings are
 * strings, a null bulk or null array is {@code false}, a status is {@code {ok=...}}, an error
 * {@code {err=...}}, an array a table; in RESP3 (after {@code redis.setresp(3)}) a map is
 * {@code {map={...}}}, a set {@code {set={member=true...}}}, a null nil, a boolean a boolean, a
 * double {@code {double=n}}, a big number {@code {big_number=s}} and a verbatim string
 * {@code {verbatim_string={format=..., string=...}}}; attributes are skipped.
 */
final class RespToLua {
    private static final LuaString OK = LuaString.valueOf("ok");
    private static final LuaString ERR = LuaString.valueOf("err");
    private static final LuaString MAP = LuaString.valueOf("map");
    private static final LuaString SET = LuaString.valueOf("set");
    private static final LuaString DOUBLE = LuaString.valueOf("double");
    private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
    private static final LuaString FORMAT = LuaString.valueOf("format");
    private static final LuaString STRING = LuaString.valueOf("string");

    private RespToLua() {
    }

    /** Reads one reply from {@code in}. */
    static LuaValue read(ByteBuf in) {
        byte type = in.readByte();
        switch (type) {
            case '+': {
                LuaTable t = new LuaTable();
                t.rawset(OK, line(in));
                return t;
            }
            case '-': {
                LuaTable t = new LuaTable();
                t.rawset(ERR, line(in));
                return t;
            }
            case ':':
                return LuaValue.valueOf((double) number(in));
            case '$': {
                long len = number(in);
                if (len < 0) {
                    return LuaValue.FALSE;
                }
                LuaString s = bytes(in, (int) len);
                in.skipBytes(2);
                return s;
            }
            case '*': {
                long len = number(in);
                if (len < 0) {
                    return LuaValue.FALSE;
                }
                LuaTable t = new LuaTable((int) len, 0);
                for (int i = 1; i <= len; i++) {
                    t.rawset(i, read(in));
                }
                return t;
            }
            case '%': {
                long len = number(in);
                LuaTable m = new LuaTable(0, (int) len);
                for (long i = 0; i < len; i++) {
                    LuaValue k = read(in);
                    LuaValue v = read(in);
                    m.rawset(k, v);
                }
                LuaTable t = new LuaTable();
                t.rawset(MAP, m);
                return t;
            }
            case '~': {
                long len = number(in);
                LuaTable s = new LuaTable(0, (int) len);
                for (long i = 0; i < len; i++) {
                    s.rawset(read(in), LuaValue.TRUE);
                }
                LuaTable t = new LuaTable();
                t.rawset(SET, s);
                return t;
            }
            case '_':
                in.skipBytes(2);
                return LuaValue.NIL;
            case '#': {
                boolean b = in.readByte() == 't';
                in.skipBytes(2);
                return LuaValue.valueOf(b);
            }
            case ',': {
                String text = line(in).tojstring();
                LuaTable t = new LuaTable();
                t.rawset(DOUBLE, LuaValue.valueOf(parseDouble(text)));
                return t;
            }
            case '(': {
                LuaTable t = new LuaTable();
                t.rawset(BIG_NUMBER, line(in));
                return t;
            }
            case '=': {
                int len = (int) number(in);
                LuaString format = bytes(in, 3);
                in.skipBytes(1);
                LuaString s = bytes(in, len - 4);
                in.skipBytes(2);
                LuaTable v = new LuaTable();
                v.rawset(FORMAT, format);
                v.rawset(STRING, s);
                LuaTable t = new LuaTable();
                t.rawset(VERBATIM, v);
                return t;
            }
            case '|': {
                long len = number(in);
                for (long i = 0; i < 2 * len; i++) {
                    read(in);
                }
                return read(in);
            }
            case '>': {
                long len = number(in);
                LuaTable t = new LuaTable((int) len, 0);
                for (int i = 1; i <= len; i++) {
                    t.rawset(i, read(in));
                }
                return t;
            }
            default:
                throw new IllegalStateException("unexpected reply type '" + (char) type + "'");
        }
    }

    static double parseDouble(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static LuaString bytes(ByteBuf in, int len) {
        byte[] b = new byte[len];
        in.readBytes(b);
        return LuaString.valueUsing(b);
    }

    /** The rest of a line up to CRLF. */
    private static LuaString line(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.indexOf(start, in.writerIndex(), (byte) '\r');
        LuaString s = bytes(in, end - start);
        in.skipBytes(2);
        return s;
    }

    private static long number(ByteBuf in) {
        boolean negative = false;
        long v = 0;
        byte b = in.readByte();
        if (b == '-') {
            negative = true;
            b = in.readByte();
        }
        while (b != '\r') {
            v = v * 10 + (b - '0');
            b = in.readByte();
        }
        in.skipBytes(1);
        return negative ? -v : v;
    }
}
