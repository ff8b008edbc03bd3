package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code bit} library Redis ships (LuaBitOp): 32-bit operations on Lua numbers, which are
 * first normalised as LuaBitOp does (rounded to the nearest integer, wrapped modulo 2^32),
 * results returned as signed 32-bit numbers.
 */
final class BitLib {
    private BitLib() {
    }

    /** LuaBitOp's conversion: add 2^52+2^51 and keep the low 32 bits of the mantissa. */
    static int tobit(double d) {
        double t = d + 6755399441055744.0;
        return (int) Double.doubleToRawLongBits(t);
    }

    private static int arg(Varargs a, int i, String fn) {
        return tobit(LibArgs.number(a, i, fn));
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("tobit", RedisApi.fn("tobit", a -> LuaValue.valueOf(arg(a, 1, "tobit"))));
        t.rawset("bnot", RedisApi.fn("bnot", a -> LuaValue.valueOf(~arg(a, 1, "bnot"))));
        t.rawset("band", RedisApi.fn("band", a -> {
            int r = arg(a, 1, "band");
            for (int i = 2; i <= a.narg(); i++) {
                r &= arg(a, i, "band");
            }
            return LuaValue.valueOf(r);
        }));
        t.rawset("bor", RedisApi.fn("bor", a -> {
            int r = arg(a, 1, "bor");
            for (int i = 2; i <= a.narg(); i++) {
                r |= arg(a, i, "bor");
            }
            return LuaValue.valueOf(r);
        }));
        t.rawset("bxor", RedisApi.fn("bxor", a -> {
            int r = arg(a, 1, "bxor");
            for (int i = 2; i <= a.narg(); i++) {
                r ^= arg(a, i, "bxor");
            }
            return LuaValue.valueOf(r);
        }));
        t.rawset("lshift", RedisApi.fn("lshift", a -> {
            int b = arg(a, 1, "lshift");
            int n = arg(a, 2, "lshift") & 31;
            return LuaValue.valueOf(b << n);
        }));
        t.rawset("rshift", RedisApi.fn("rshift", a -> {
            int b = arg(a, 1, "rshift");
            int n = arg(a, 2, "rshift") & 31;
            return LuaValue.valueOf(b >>> n);
        }));
        t.rawset("arshift", RedisApi.fn("arshift", a -> {
            int b = arg(a, 1, "arshift");
            int n = arg(a, 2, "arshift") & 31;
            return LuaValue.valueOf(b >> n);
        }));
        t.rawset("rol", RedisApi.fn("rol", a -> {
            int b = arg(a, 1, "rol");
            int n = arg(a, 2, "rol") & 31;
            return LuaValue.valueOf(Integer.rotateLeft(b, n));
        }));
        t.rawset("ror", RedisApi.fn("ror", a -> {
            int b = arg(a, 1, "ror");
            int n = arg(a, 2, "ror") & 31;
            return LuaValue.valueOf(Integer.rotateRight(b, n));
        }));
        t.rawset("bswap", RedisApi.fn("bswap", a -> LuaValue.valueOf(Integer.reverseBytes(arg(a, 1, "bswap")))));
        t.rawset("tohex", RedisApi.fn("tohex", a -> {
            int b = arg(a, 1, "tohex");
            int n = a.arg(2).isnil() ? 8 : arg(a, 2, "tohex");
            boolean upper = false;
            if (n < 0) {
                n = -n;
                upper = true;
            }
            if (n > 8) {
                n = 8;
            }
            byte[] out = new byte[n];
            String digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
            for (int i = n - 1; i >= 0; i--) {
                out[i] = (byte) digits.charAt(b & 15);
                b >>>= 4;
            }
            return LuaString.valueUsing(out);
        }));
        return t;
    }
}
