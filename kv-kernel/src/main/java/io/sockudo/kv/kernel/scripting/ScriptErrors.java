package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * The error reply of a script that raised an error, as Redis 7.0 builds it: its error handler
 * turns a non-table error into {@code {err='ERR ' .. tostring(err)}} and records where it was
 * raised; the reply is then {@code <err> script: <name>, on <source>:<line>.}
 */
final class ScriptErrors {
    private static final LuaString ERR = LuaString.valueOf("err");

    private ScriptErrors() {
    }

    static String reply(LuaError e, ScriptRun run, String fallback) {
        LuaValue v = LuaErrors.errorValue(e, fallback);
        String msg;
        if (v.istable()) {
            LuaValue err = v.rawget(ERR);
            msg = err.type() == LuaValue.TSTRING ? LuaToReply.latin1(err)
                    : err.type() == LuaValue.TNUMBER ? LuaNumbers.g14(err.todouble()) : "ERR unknown error";
        } else if (v.type() == LuaValue.TSTRING) {
            msg = "ERR " + LuaToReply.latin1(v);
        } else if (v.type() == LuaValue.TNUMBER) {
            msg = "ERR " + LuaNumbers.g14(v.todouble());
        } else {
            msg = "ERR " + v.tojstring();
        }
        String[] where = LuaErrors.where(e, fallback);
        if (where != null) {
            msg = msg + " script: " + run.name + ", on " + where[0] + ":" + where[1] + ".";
        }
        return msg;
    }
}
