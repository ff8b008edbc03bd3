package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * An error whose message carries no position, as errors raised through Lua's C API
 * ({@code lua_error}) have none: {@code rawset} on a read-only table, {@code error(msg, 0)}.
 * Redis still reports where the script was ("on @user_script:1."), so the position is kept.
 */
final class PlainError extends LuaError {
    PlainError(String message) {
        super(message);
    }

    PlainError(LuaValue message) {
        super(message);
    }
}
