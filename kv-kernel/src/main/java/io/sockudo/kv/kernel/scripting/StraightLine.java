package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

import java.util.Set;

/**
 * Decides whether a compiled script (or a function's body) can only run briefly in Lua: no
 * loop (no backward jump, no numeric or generic for), no function of its own (no nested
 * prototype, no upvalue besides its environment), and no name through which it could reach new
 * Lua code ({@code loadstring}, {@code load}, {@code _G}...). Such a script runs a bounded number
 * of Lua instructions; the only Lua code it can call is the library's, written in Java. Its
 * time is that of the commands it calls, which Redis cannot interrupt either (it checks for
 * BUSY between Lua instructions, every 100,000 of them). So it may run on the calling event
 * loop without changing what other clients see: it never needs BUSY, and SCRIPT KILL could not
 * stop it in Redis. Anything else runs on the script thread.
 */
final class StraightLine {
    private static final Set<String> REACHES_CODE = Set.of("loadstring", "load", "_G", "getfenv", "setfenv",
            "require", "dofile", "loadfile");

    private StraightLine() {
    }

    static boolean of(LuaValue function) {
        if (!(function instanceof LuaClosure c)) {
            return false;
        }
        Prototype p = c.p;
        if (p.p.length > 0 || p.upvalues.length > 1) {
            return false;
        }
        for (int i : p.code) {
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_FORLOOP || op == Lua.OP_TFORLOOP || op == Lua.OP_TFORCALL || op == Lua.OP_CLOSURE) {
                return false;
            }
            if (op == Lua.OP_JMP && Lua.GETARG_sBx(i) < 0) {
                return false;
            }
        }
        for (LuaValue k : p.k) {
            if (k.type() == LuaValue.TSTRING && REACHES_CODE.contains(k.tojstring())) {
                return false;
            }
        }
        return true;
    }
}
