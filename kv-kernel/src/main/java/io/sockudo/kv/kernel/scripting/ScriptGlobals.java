package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * The global table of a Lua world, read-only once set up, as Redis 7.0 makes it: assigning a
 * global fails with "Attempt to modify a readonly table" and reading an undefined one with
 * "Script attempted to access nonexistent global variable" (its metatable's {@code __index}).
 * The engine itself sets {@code KEYS} and {@code ARGV} before each EVAL through {@link #define}.
 */
final class ScriptGlobals extends Globals {
    private boolean locked;

    void lock() {
        locked = true;
    }

    /** Sets a global even when locked (KEYS, ARGV). */
    void define(String name, LuaValue value) {
        super.rawset(LuaValue.valueOf(name), value);
    }

    void define(LuaValue name, LuaValue value) {
        super.rawset(name, value);
    }

    @Override
    public void set(int key, LuaValue value) {
        if (locked) {
            throw ReadOnlyTable.positioned();
        }
        super.set(key, value);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        if (locked) {
            throw ReadOnlyTable.positioned();
        }
        super.set(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        if (locked) {
            throw ReadOnlyTable.unpositioned();
        }
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (locked) {
            throw ReadOnlyTable.unpositioned();
        }
        super.rawset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        if (locked) {
            throw ReadOnlyTable.unpositioned();
        }
        return super.setmetatable(metatable);
    }
}
