package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Lua 5.1's argument checks (luaL_check*) with its messages, for the libraries written here. */
final class LibArgs {
    private LibArgs() {
    }

    static LuaError argError(int arg, String function, String message) {
        return new LuaError("bad argument #" + arg + " to '" + function + "' (" + message + ")");
    }

    static String got(Varargs args, int i) {
        return i > args.narg() ? "no value" : args.arg(i).typename();
    }

    /** luaL_checknumber: numbers, and strings that convert. */
    static double number(Varargs args, int i, String function) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TNUMBER) {
            return v.todouble();
        }
        if (v.type() == LuaValue.TSTRING) {
            LuaValue n = v.tonumber();
            if (!n.isnil()) {
                return n.todouble();
            }
        }
        throw argError(i, function, "number expected, got " + got(args, i));
    }

    /** luaL_checklstring: strings, and numbers as %.14g. */
    static byte[] string(Varargs args, int i, String function) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TSTRING) {
            return LuaToReply.bytes(v);
        }
        if (v.type() == LuaValue.TNUMBER) {
            return LuaNumbers.g14(v.todouble()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        throw argError(i, function, "string expected, got " + got(args, i));
    }

    /** luaL_optinteger. */
    static long optInteger(Varargs args, int i, String function, long def) {
        if (args.arg(i).isnil()) {
            return def;
        }
        return (long) number(args, i, function);
    }
}
