package org.luaj.vm2;

/**
 * Reads the parts luaj keeps apart in a {@link LuaError} (its position and its own message)
 * before {@link LuaError#getMessage()} joins them in luaj's format ("source:line message").
 * Not part of luaj: it lives in luaj's package because those fields are protected, and lets an
 * embedder render errors in Lua 5.1's format ("source:line: message").
 */
public final class LuaErrorParts {
    private LuaErrorParts() {
    }

    /** "source:line" of the innermost Lua function the error passed through, or null. */
    public static String fileline(LuaError e) {
        return e.fileline;
    }

    /** The error's message without position or traceback. */
    public static String message(LuaError e) {
        String fileline = e.fileline;
        String traceback = e.traceback;
        e.fileline = null;
        e.traceback = null;
        try {
            return e.getMessage();
        } finally {
            e.fileline = fileline;
            e.traceback = traceback;
        }
    }

    /**
     * Marks an error as already positioned: Lua functions it passes through add nothing (an
     * error raised by a library function with no position, as C's lua_error does).
     */
    public static LuaError unpositioned(LuaError e) {
        e.traceback = LuaErrorParts.message(e);
        return e;
    }
}
