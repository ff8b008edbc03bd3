package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaValue;

/** A function registered by a library: its name, Lua callback, flags and description (or null). */
record LibraryFunction(String name, LuaValue callback, int flags, String description, String library,
                       boolean straightLine) {
}
