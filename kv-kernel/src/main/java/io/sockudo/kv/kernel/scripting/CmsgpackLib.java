package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cmsgpack} library Redis ships (lua-cmsgpack 0.4.0): MessagePack encoding of Lua
 * values with its choices (integral numbers as the smallest integer type, other numbers as a
 * float when exact else a double, tables with keys 1..n as arrays and others as maps, nesting
 * cut at 16 levels with nil) and decoding of a stream of values.
 */
final class CmsgpackLib {
    private static final int MAX_NESTING = 16;
    private static final String MISSING = "Missing bytes in input.";
    private static final String BAD = "Bad data format in input.";

    private CmsgpackLib() {
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("pack", RedisApi.fn("pack", CmsgpackLib::pack));
        t.rawset("unpack", RedisApi.fn("unpack", a -> unpackFull(a, 0, 0, "unpack")));
        t.rawset("unpack_one", RedisApi.fn("unpack_one", a ->
                unpackFull(a, 1, (int) LibArgs.optInteger(a, 2, "unpack_one", 0), "unpack_one")));
        t.rawset("unpack_limit", RedisApi.fn("unpack_limit", a -> unpackFull(a,
                (int) LibArgs.number(a, 2, "unpack_limit"), (int) LibArgs.optInteger(a, 3, "unpack_limit", 0),
                "unpack_limit")));
        t.rawset("_NAME", LuaValue.valueOf("cmsgpack"));
        t.rawset("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
        t.rawset("_COPYRIGHT", LuaValue.valueOf("Copyright (C) 2012, Salvatore Sanfilippo"));
        t.rawset("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
        return t;
    }

    // ---- encoding -----------------------------------------------------------------------------

    private static Varargs pack(Varargs args) {
        if (args.narg() == 0) {
            throw LibArgs.argError(0, "pack", "MessagePack pack needs input.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= args.narg(); i++) {
            encode(out, args.arg(i), 0);
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static void encode(ByteArrayOutputStream out, LuaValue v, int level) {
        int t = v.type();
        if (t == LuaValue.TTABLE && level == MAX_NESTING) {
            t = LuaValue.TNIL;
        }
        switch (t) {
            case LuaValue.TSTRING -> bytes(out, LuaToReply.bytes(v));
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(out, v.todouble());
            case LuaValue.TTABLE -> table(out, (LuaTable) v, level);
            default -> out.write(0xc0);
        }
    }

    private static void number(ByteArrayOutputStream out, double n) {
        if (!Double.isInfinite(n) && !Double.isNaN(n) && n >= -9.223372036854775808E18
                && n < 9.223372036854775807E18 && (double) (long) n == n) {
            integer(out, (long) n);
            return;
        }
        float f = (float) n;
        if (n == (double) f || Double.isNaN(n)) {
            out.write(0xca);
            write(out, Float.floatToRawIntBits(f) & 0xffffffffL, 4);
        } else {
            out.write(0xcb);
            write(out, Double.doubleToRawLongBits(n), 8);
        }
    }

    static void integer(ByteArrayOutputStream out, long n) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                write(out, n, 1);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                write(out, n, 2);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                write(out, n, 4);
            } else {
                out.write(0xcf);
                write(out, n, 8);
            }
        } else if (n >= -32) {
            out.write((int) n & 0xff);
        } else if (n >= -128) {
            out.write(0xd0);
            write(out, n, 1);
        } else if (n >= -32768) {
            out.write(0xd1);
            write(out, n, 2);
        } else if (n >= -2147483648L) {
            out.write(0xd2);
            write(out, n, 4);
        } else {
            out.write(0xd3);
            write(out, n, 8);
        }
    }

    private static void write(ByteArrayOutputStream out, long v, int size) {
        for (int i = size - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static void bytes(ByteArrayOutputStream out, byte[] s) {
        int len = s.length;
        if (len < 32) {
            out.write(0xa0 | len);
        } else if (len <= 0xff) {
            out.write(0xd9);
            write(out, len, 1);
        } else if (len <= 0xffff) {
            out.write(0xda);
            write(out, len, 2);
        } else {
            out.write(0xdb);
            write(out, len, 4);
        }
        out.writeBytes(s);
    }

    private static void table(ByteArrayOutputStream out, LuaTable t, int level) {
        long count = 0;
        double max = 0;
        boolean array = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            count++;
            double d;
            if (k.type() != LuaValue.TNUMBER || (d = k.todouble()) <= 0 || d != Math.floor(d)) {
                array = false;
            } else if (d > max) {
                max = d;
            }
        }
        if (array && max == count) {
            int len = t.length();
            if (len <= 15) {
                out.write(0x90 | len);
            } else if (len <= 0xffff) {
                out.write(0xdc);
                write(out, len, 2);
            } else {
                out.write(0xdd);
                write(out, len, 4);
            }
            for (int i = 1; i <= len; i++) {
                encode(out, t.rawget(i), level + 1);
            }
            return;
        }
        if (count <= 15) {
            out.write(0x80 | (int) count);
        } else if (count <= 0xffff) {
            out.write(0xde);
            write(out, count, 2);
        } else {
            out.write(0xdf);
            write(out, count, 4);
        }
        k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            encode(out, k, level + 1);
            encode(out, n.arg(2), level + 1);
        }
    }

    // ---- decoding -----------------------------------------------------------------------------

    /** A read position over the input; errors end the whole unpack. */
    private static final class Cursor {
        final byte[] b;
        int p;

        Cursor(byte[] b, int p) {
            this.b = b;
            this.p = p;
        }

        int left() {
            return b.length - p;
        }

        void need(long n) {
            if (left() < n) {
                throw new LuaError(MISSING);
            }
        }

        long read(int size) {
            need(size);
            long v = 0;
            for (int i = 0; i < size; i++) {
                v = (v << 8) | (b[p++] & 0xff);
            }
            return v;
        }
    }

    private static Varargs unpackFull(Varargs args, int limit, int offset, String function) {
        byte[] s = LibArgs.string(args, 1, function);
        boolean all = limit == 0 && offset == 0;
        if (offset < 0 || limit < 0) {
            throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of " + s.length + ".");
        }
        if (offset > s.length) {
            throw new LuaError("Start offset " + offset + " greater than input length " + s.length + ".");
        }
        if (all) {
            limit = Integer.MAX_VALUE;
        }
        Cursor c = new Cursor(s, offset);
        List<LuaValue> out = new ArrayList<>();
        for (int cnt = 0; c.left() > 0 && cnt < limit; cnt++) {
            out.add(decode(c));
        }
        if (!all) {
            out.add(0, LuaValue.valueOf(c.left() == 0 ? -1 : s.length - c.left()));
        }
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }

    private static LuaValue decode(Cursor c) {
        c.need(1);
        int t = c.b[c.p] & 0xff;
        if (t <= 0x7f) {
            c.p++;
            return LuaValue.valueOf(t);
        }
        if (t >= 0xe0) {
            c.p++;
            return LuaValue.valueOf((byte) t);
        }
        if ((t & 0xe0) == 0xa0) {
            c.p++;
            return string(c, t & 0x1f);
        }
        if ((t & 0xf0) == 0x90) {
            c.p++;
            return array(c, t & 0x0f);
        }
        if ((t & 0xf0) == 0x80) {
            c.p++;
            return map(c, t & 0x0f);
        }
        switch (t) {
            case 0xcc -> {
                c.need(2);
                c.p++;
                return LuaValue.valueOf((double) c.read(1));
            }
            case 0xcd -> {
                c.need(3);
                c.p++;
                return LuaValue.valueOf((double) c.read(2));
            }
            case 0xce -> {
                c.need(5);
                c.p++;
                return LuaValue.valueOf((double) c.read(4));
            }
            case 0xcf -> {
                c.need(9);
                c.p++;
                long v = c.read(8);
                return LuaValue.valueOf(v >= 0 ? (double) v : (double) (v >>> 1) * 2 + (v & 1));
            }
            case 0xd0 -> {
                c.need(2);
                c.p++;
                return LuaValue.valueOf((double) (byte) c.read(1));
            }
            case 0xd1 -> {
                c.need(3);
                c.p++;
                return LuaValue.valueOf((double) (short) c.read(2));
            }
            case 0xd2 -> {
                c.need(5);
                c.p++;
                return LuaValue.valueOf((double) (int) c.read(4));
            }
            case 0xd3 -> {
                c.need(9);
                c.p++;
                return LuaValue.valueOf((double) c.read(8));
            }
            case 0xc0 -> {
                c.p++;
                return LuaValue.NIL;
            }
            case 0xc2 -> {
                c.p++;
                return LuaValue.FALSE;
            }
            case 0xc3 -> {
                c.p++;
                return LuaValue.TRUE;
            }
            case 0xca -> {
                c.need(5);
                c.p++;
                return LuaValue.valueOf((double) Float.intBitsToFloat((int) c.read(4)));
            }
            case 0xcb -> {
                c.need(9);
                c.p++;
                return LuaValue.valueOf(Double.longBitsToDouble(c.read(8)));
            }
            case 0xc4, 0xd9 -> {
                c.need(2);
                c.p++;
                return string(c, c.read(1));
            }
            case 0xc5, 0xda -> {
                c.need(3);
                c.p++;
                return string(c, c.read(2));
            }
            case 0xc6, 0xdb -> {
                c.need(5);
                c.p++;
                return string(c, c.read(4));
            }
            case 0xdc -> {
                c.need(3);
                c.p++;
                return array(c, c.read(2));
            }
            case 0xdd -> {
                c.need(5);
                c.p++;
                return array(c, c.read(4));
            }
            case 0xde -> {
                c.need(3);
                c.p++;
                return map(c, c.read(2));
            }
            case 0xdf -> {
                c.need(5);
                c.p++;
                return map(c, c.read(4));
            }
            default -> throw new LuaError(BAD);
        }
    }

    private static LuaValue string(Cursor c, long len) {
        c.need(len);
        byte[] s = new byte[(int) len];
        System.arraycopy(c.b, c.p, s, 0, (int) len);
        c.p += (int) len;
        return LuaString.valueUsing(s);
    }

    private static LuaValue array(Cursor c, long len) {
        LuaTable t = new LuaTable();
        for (int i = 1; i <= len; i++) {
            t.rawset(i, decode(c));
        }
        return t;
    }

    private static LuaValue map(Cursor c, long len) {
        LuaTable t = new LuaTable();
        for (long i = 0; i < len; i++) {
            LuaValue k = decode(c);
            LuaValue v = decode(c);
            if (!k.isnil()) {
                t.rawset(k, v);
            }
        }
        return t;
    }
}
