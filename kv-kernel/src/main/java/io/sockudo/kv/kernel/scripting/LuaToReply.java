package io.sockudo.kv.kernel.scripting;

import io.sockudo.kv.kernel.resp.RespWriter;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;

/**
 * A script's return value as a reply, by Redis 7.0's rules ({@code luaReplyToRedisReply}):
 * strings are bulk strings; numbers are integers, truncated toward zero; {@code true} is 1 and
 * {@code false} a null (or RESP3 booleans after {@code redis.setresp(3)}); a table is, in this
 * order of checks, an error ({@code err}), a status ({@code ok}), a double ({@code double}), a
 * big number, a verbatim string, a map, a set, or else an array of its elements 1..n up to the
 * first nil; anything else is a null.
 */
final class LuaToReply {
    private static final LuaString ERR = LuaString.valueOf("err");
    private static final LuaString OK = LuaString.valueOf("ok");
    private static final LuaString DOUBLE = LuaString.valueOf("double");
    private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
    private static final LuaString FORMAT = LuaString.valueOf("format");
    private static final LuaString STRING = LuaString.valueOf("string");
    private static final LuaString MAP = LuaString.valueOf("map");
    private static final LuaString SET = LuaString.valueOf("set");
    private static final byte[] CRLF = {'\r', '\n'};

    private LuaToReply() {
    }

    /**
     * @param scriptResp the RESP version the script chose with redis.setresp (decides booleans)
     */
    static void write(RespWriter w, LuaValue v, int scriptResp) {
        switch (v.type()) {
            case LuaValue.TSTRING -> {
                if (v instanceof LuaString s) {
                    w.bulk(s.m_bytes, s.m_offset, s.m_length);
                } else {
                    // a number in a string position never reaches here: type() says TNUMBER
                    w.bulk(v.tojstring());
                }
            }
            case LuaValue.TBOOLEAN -> {
                if (scriptResp == 2) {
                    if (v.toboolean()) {
                        w.integer(1);
                    } else {
                        w.nullBulk();
                    }
                } else {
                    w.bool(v.toboolean());
                }
            }
            case LuaValue.TNUMBER -> w.integer(truncate(v.todouble()));
            case LuaValue.TTABLE -> table(w, (LuaTable) v, scriptResp);
            default -> w.nullBulk();
        }
    }

    /** C's {@code (long long)} conversion on x86-64: out of range and NaN give LLONG_MIN. */
    static long truncate(double d) {
        if (d != d || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    private static void table(RespWriter w, LuaTable t, int scriptResp) {
        LuaValue f = t.rawget(ERR);
        if (f.type() == LuaValue.TSTRING) {
            w.error(latin1(f));
            return;
        }
        f = t.rawget(OK);
        if (f.type() == LuaValue.TSTRING) {
            status(w, f);
            return;
        }
        f = t.rawget(DOUBLE);
        if (f.type() == LuaValue.TNUMBER) {
            double d = f.todouble();
            if (Double.isNaN(d)) {
                w.doubleText(LuaNumbers.nan(d));
            } else {
                w.doubleValue(d);
            }
            return;
        }
        f = t.rawget(BIG_NUMBER);
        if (f.type() == LuaValue.TSTRING) {
            w.bigNumber(latin1(f).replace('\r', ' ').replace('\n', ' '));
            return;
        }
        f = t.rawget(VERBATIM);
        if (f.type() == LuaValue.TTABLE) {
            LuaValue format = f.rawget(FORMAT);
            LuaValue string = f.rawget(STRING);
            if (format.type() == LuaValue.TSTRING && string.type() == LuaValue.TSTRING) {
                w.verbatim(latin1(format), format.checkstring() == null ? new byte[0] : bytes(string));
                return;
            }
        }
        f = t.rawget(MAP);
        if (f.type() == LuaValue.TTABLE) {
            LuaTable m = (LuaTable) f;
            w.map(count(m));
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = m.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                write(w, k, scriptResp);
                write(w, n.arg(2), scriptResp);
            }
            return;
        }
        f = t.rawget(SET);
        if (f.type() == LuaValue.TTABLE) {
            LuaTable s = (LuaTable) f;
            w.set(count(s));
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = s.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                write(w, k, scriptResp);
            }
            return;
        }
        int len = 0;
        while (!t.rawget(len + 1).isnil()) {
            len++;
        }
        w.array(len);
        for (int i = 1; i <= len; i++) {
            write(w, t.rawget(i), scriptResp);
        }
    }

    private static int count(LuaTable t) {
        int n = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs e = t.next(k);
            if ((k = e.arg1()).isnil()) {
                return n;
            }
            n++;
        }
    }

    private static void status(RespWriter w, LuaValue v) {
        byte[] b = bytes(v);
        byte[] out = new byte[b.length + 3];
        out[0] = '+';
        for (int i = 0; i < b.length; i++) {
            out[i + 1] = b[i] == '\r' || b[i] == '\n' ? (byte) ' ' : b[i];
        }
        out[out.length - 2] = CRLF[0];
        out[out.length - 1] = CRLF[1];
        w.raw(out);
    }

    /** The bytes of a Lua string (a number as Lua prints it). */
    static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        if (s.m_offset == 0 && s.m_length == s.m_bytes.length) {
            return s.m_bytes;
        }
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    /** A Lua string as a Java string of one char per byte (error texts keep their bytes). */
    static String latin1(LuaValue v) {
        LuaString s = v.checkstring();
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }
}
